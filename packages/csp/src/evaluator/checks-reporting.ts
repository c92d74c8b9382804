// Checks that violation reports actually arrive: a destination at all, report-to backed by a Reporting-Endpoints
// header, HTTPS endpoints (Chromium drops others), and the report-uri/report-to interplay between browsers.

import type { Policy } from '../policy/model.ts';
import { getDirective } from '../policy/model.ts';
import type { EvaluationContext, Finding } from './finding.ts';
import { makeFinding } from './finding.ts';

/**
 * Reads a `Reporting-Endpoints` header (a structured-field dictionary of quoted URLs) into group → URL.
 *
 * @example
 * parseReportingEndpoints('csp="https://vigie.example.com/api/2/security/", default="https://r.example.com/"').get('csp');
 * // 'https://vigie.example.com/api/2/security/'
 */
export function parseReportingEndpoints(header: string): Map<string, string> {
  const endpoints = new Map<string, string>();
  for (const match of header.matchAll(/([a-z*][a-z0-9_.*-]*)\s*=\s*"((?:[^"\\]|\\.)*)"/g)) {
    const [, name, url] = match;
    if (name !== undefined && url !== undefined && !endpoints.has(name))
      endpoints.set(name, url.replace(/\\(.)/g, '$1'));
  }
  return endpoints;
}

function isAbsoluteUrl(url: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(url.trim());
}

function reportToFindings(group: string, context: EvaluationContext): Finding[] {
  if (context.reportingEndpoints === undefined) {
    const text = `report-to names the group "${group}"; reports only arrive if the response also sends Reporting-Endpoints: ${group}="https://…". Check that header (pass it to the evaluator to verify).`;
    return [makeFinding('report-to-unverified', 'info', 'report-to', group, text)];
  }
  const url = parseReportingEndpoints(context.reportingEndpoints).get(group);
  if (url === undefined) {
    const text = `report-to names the group "${group}", but the Reporting-Endpoints header defines no such endpoint, so browsers silently drop every report. Add ${group}="https://…" to Reporting-Endpoints.`;
    return [makeFinding('report-to-endpoint-missing', 'medium', 'report-to', group, text)];
  }
  // A relative URL (`/csp`, `//reports.example.com/csp`) is resolved against the page, so it is as secure as the
  // page; only an absolute URL with another scheme is a lost endpoint.
  if (isAbsoluteUrl(url) && !url.toLowerCase().startsWith('https://')) {
    const text = `The "${group}" reporting endpoint ${url} is not HTTPS; Chromium only delivers Reporting API reports to https:// endpoints, so they are lost. Serve the endpoint over HTTPS.`;
    return [makeFinding('insecure-report-endpoint', 'medium', 'report-to', group, text)];
  }
  return [];
}

/**
 * Reporting destinations: none at all, report-to only, both (Chromium then ignores report-uri), and, for
 * report-to, whether the Reporting-Endpoints header defines the group over HTTPS.
 *
 * @example
 * checkReporting(parsePolicy("default-src 'self'; report-to csp").policy, { reportingEndpoints: 'other="https://r.example.com/"' })
 *   .map((f) => f.type); // ['report-to-only', 'report-to-endpoint-missing']
 */
export function checkReporting(policy: Policy, context: EvaluationContext = {}): Finding[] {
  const reportUri = getDirective(policy, 'report-uri')?.values ?? [];
  const group = getDirective(policy, 'report-to')?.values[0];
  const findings: Finding[] = [];
  if (reportUri.length === 0 && group === undefined) {
    const text = `The policy reports nowhere, so breakage and attacks go unnoticed. Add report-to (with a Reporting-Endpoints header) and report-uri pointing at your collector.`;
    findings.push(makeFinding('no-reporting', 'low', 'report-uri', undefined, text));
  } else if (reportUri.length === 0 && group !== undefined) {
    const text = `Only report-to is set; Firefox and older Safari only send reports to report-uri. Add report-uri with the same collector.`;
    findings.push(makeFinding('report-to-only', 'info', 'report-to', group, text));
  } else if (group !== undefined) {
    const text = `With report-to present, Chromium ignores report-uri and sends reports only to the "${group}" endpoint; report-uri still serves Firefox and Safari. Make sure both reach your collector.`;
    findings.push(makeFinding('report-uri-ignored', 'info', 'report-uri', reportUri[0], text));
  }
  if (group !== undefined) findings.push(...reportToFindings(group, context));
  return findings;
}
