// Reads what browsers POST to a CSP report endpoint into violations: `application/csp-report` (report-uri,
// one kebab-case `{"csp-report": {…}}` per request, CSP2/CSP3 §5.3) and `application/reports+json` (the
// Reporting API, an array of `{type, age, url, user_agent, body}`, with camelCase CSPViolationReportBody
// fields, CSP3 §5.4). Reports of other types (deprecation, intervention, crash…) are counted and skipped.
// Pure: bytes and a content type in, data out; a body no browser would send is a 400 that says why.

import { VigieError } from '../errors.ts';
import { parsePayloadJson } from '../storage/payload-json.ts';

/** One violation, whichever format it came in. */
export interface CspReport {
  documentUrl: string;
  /** `inline`, `eval`, `wasm-eval`, a URL, a bare scheme (`data`), or empty. */
  blockedUrl: string;
  /** The effective directive (older browsers send only the violated one: its name is kept). */
  effectiveDirective: string;
  originalPolicy: string | null;
  sourceFile: string | null;
  lineNumber: number | null;
  columnNumber: number | null;
  sample: string | null;
  disposition: 'enforce' | 'report';
  referrer: string | null;
  /** The Reporting API's `user_agent`, else the request's User-Agent. */
  userAgent: string | null;
}

export interface ParsedReports {
  violations: CspReport[];
  /** Reporting API reports of other types, by type: skipped, and counted so nothing vanishes. */
  skipped: Map<string, number>;
}

export type ReportFormat = 'report-uri' | 'reporting-api' | 'json';

/** The format a Content-Type announces, or a 415 naming the ones Vigie reads. */
export function reportFormatOf(contentType: string | undefined): ReportFormat {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/csp-report') return 'report-uri';
  if (type === 'application/reports+json') return 'reporting-api';
  // Older Firefox and Safari sent report-uri bodies as application/json; tools and tests do too.
  if (type === 'application/json' || type === 'text/plain' || type === '') return 'json';
  throw new VigieError('unsupported_report_type', {
    message: `Content-Type "${type}" is not a CSP report: send application/csp-report (report-uri) or application/reports+json (report-to), as browsers do.`,
  });
}

const MAX_FIELD = 4096;

/** Parses a report body; `userAgent` is the request's, used when the report does not carry its own. */
export function parseReportBody(body: Buffer, format: ReportFormat, userAgent: string | null): ParsedReports {
  let value: unknown;
  try {
    value = parsePayloadJson(body.toString('utf8'));
  } catch (error) {
    throw new VigieError('invalid_json', {
      message: `The CSP report is not JSON: ${(error as Error).message}`,
    });
  }
  const parsed: ParsedReports = { violations: [], skipped: new Map() };
  if (Array.isArray(value)) {
    if (format === 'report-uri') {
      throw invalid('An application/csp-report body is one {"csp-report": {…}} object, not an array.');
    }
    if (value.length === 0) throw invalid('The report array is empty.');
    for (const [index, entry] of value.entries()) readReportingApiEntry(entry, index, userAgent, parsed);
    return parsed;
  }
  if (!isRecord(value)) throw invalid('A CSP report body is a JSON object or an array of reports.');
  if (format === 'reporting-api') {
    // One report outside its array: read it the same way rather than refuse what a proxy may have unwrapped.
    readReportingApiEntry(value, 0, userAgent, parsed);
    return parsed;
  }
  const inner = value['csp-report'];
  if (!isRecord(inner)) {
    if (typeof value.type === 'string') {
      readReportingApiEntry(value, 0, userAgent, parsed);
      return parsed;
    }
    throw invalid('The body has no "csp-report" object: expected {"csp-report": {"document-uri": …}}.');
  }
  parsed.violations.push(readViolationFields(inner, userAgent, 'csp-report'));
  return parsed;
}

function readReportingApiEntry(entry: unknown, index: number, userAgent: string | null, into: ParsedReports) {
  const where = `report ${index + 1}`;
  if (!isRecord(entry)) throw invalid(`The ${where} is not an object.`);
  const type = entry.type;
  if (typeof type !== 'string') throw invalid(`The ${where} has no "type".`);
  if (type !== 'csp-violation') {
    const name = type.slice(0, 40);
    into.skipped.set(name, (into.skipped.get(name) ?? 0) + 1);
    return;
  }
  const body = entry.body;
  if (!isRecord(body)) throw invalid(`The ${where} (csp-violation) has no "body" object.`);
  const ua = typeof entry.user_agent === 'string' ? entry.user_agent : userAgent;
  into.violations.push(readViolationFields(body, ua, where));
}

/** Reads both spellings of each field (camelCase first, then report-uri's kebab-case). */
function readViolationFields(
  fields: Record<string, unknown>,
  userAgent: string | null,
  where: string,
): CspReport {
  const documentUrl = text(fields, 'documentURL', 'document-uri');
  if (documentUrl === null || documentUrl === '')
    throw invalid(`The ${where} has no document URL (documentURL or document-uri).`);
  const directive =
    text(fields, 'effectiveDirective', 'effective-directive') ??
    text(fields, 'violatedDirective', 'violated-directive');
  if (directive === null || directive.trim() === '') {
    throw invalid(
      `The ${where} names no directive (effectiveDirective, effective-directive or violated-directive).`,
    );
  }
  const disposition = text(fields, 'disposition');
  return {
    documentUrl,
    blockedUrl: text(fields, 'blockedURL', 'blocked-uri') ?? '',
    effectiveDirective: directive.trim().split(/\s+/)[0]!.toLowerCase().slice(0, 64),
    originalPolicy: text(fields, 'originalPolicy', 'original-policy', Number.POSITIVE_INFINITY),
    sourceFile: emptyAsNull(text(fields, 'sourceFile', 'source-file')),
    lineNumber: integer(fields, 'lineNumber', 'line-number'),
    columnNumber: integer(fields, 'columnNumber', 'column-number'),
    sample: emptyAsNull(text(fields, 'sample', 'script-sample')),
    disposition: disposition === 'enforce' ? 'enforce' : 'report',
    referrer: emptyAsNull(text(fields, 'referrer')),
    userAgent: userAgent === null ? null : userAgent.slice(0, 512),
  };
}

function text(
  fields: Record<string, unknown>,
  camel: string,
  kebab?: string,
  max: number = MAX_FIELD,
): string | null {
  for (const key of kebab === undefined ? [camel] : [camel, kebab]) {
    if (!Object.hasOwn(fields, key)) continue;
    const value = fields[key];
    if (typeof value === 'string') return value.length > max ? value.slice(0, max) : value;
  }
  return null;
}

function integer(fields: Record<string, unknown>, camel: string, kebab: string): number | null {
  for (const key of [camel, kebab]) {
    if (!Object.hasOwn(fields, key)) continue;
    const value = fields[key];
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < 2 ** 31) return value;
  }
  return null;
}

const emptyAsNull = (value: string | null) => (value === '' ? null : value);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(message: string): VigieError {
  return new VigieError('invalid_csp_report', { message });
}

/** Whether a Content-Type is one only browsers' CSP reports use. */
export function isCspReportContentType(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/csp-report' || type === 'application/reports+json';
}

/** Whether a JSON body is a report-uri CSP report (`{"csp-report": {…}}`), read without parsing it all twice. */
export function isCspReportBody(body: Buffer): boolean {
  const head = body.subarray(0, 64).toString('utf8').trimStart();
  if (!/^\{\s*"csp-report"\s*:/.test(head)) return false;
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return typeof value === 'object' && value !== null && Object.hasOwn(value, 'csp-report');
  } catch {
    return false;
  }
}
