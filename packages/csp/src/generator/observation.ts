// Reads files and arrays of CSP violation reports of every shape browsers send (report-uri `csp-report`
// bodies, Reporting API `csp-violation` reports, or their bare bodies) into Observations for the generator.

import type { Violation } from '../policy/violation.ts';
import { readViolation } from '../policy/violation.ts';

/**
 * One violation, whatever report shape it came in, with the script that caused it when reported.
 *
 * @example
 * const observation: Observation = {
 *   effectiveDirective: 'script-src', blockedURL: 'eval', documentURL: 'https://shop.example.com/',
 *   sourceFile: 'https://cdn.example.net/widget.js',
 * };
 */
export interface Observation extends Violation {
  /** The file whose code was blocked or did the blocked thing (e.g. the script that called eval). */
  sourceFile?: string;
  /** When the report arrived (ISO 8601), when the caller knows: sources seen on several days weigh more. */
  receivedAt?: string;
}

/**
 * Reads one report into an Observation, or undefined when it is not a CSP violation report.
 * Accepts `{"csp-report": {…}}`, a Reporting API `{type: "csp-violation", body: {…}}`, or either bare body.
 *
 * @example
 * observationFromReport({ 'csp-report': { 'document-uri': 'https://shop.example.com/',
 *   'effective-directive': 'img-src', 'blocked-uri': 'https://cdn.example.com/a.png' } });
 * // { effectiveDirective: 'img-src', blockedURL: 'https://cdn.example.com/a.png', documentURL: 'https://shop.example.com/' }
 */
export function observationFromReport(report: unknown): Observation | undefined {
  if (typeof report !== 'object' || report === null || Array.isArray(report)) return undefined;
  const outer = report as Record<string, unknown>;
  if (outer.type !== undefined && outer.type !== 'csp-violation') return undefined;
  const violation = readViolation(report);
  if (violation === undefined) return undefined;
  const inner = (outer['csp-report'] ?? outer.body ?? outer) as Record<string, unknown>;
  const sourceFile = inner['source-file'] ?? inner.sourceFile;
  return typeof sourceFile === 'string' && sourceFile !== '' ? { ...violation, sourceFile } : violation;
}

/**
 * Reads many reports: an array (a Reporting API POST body is one), nested arrays, or a single report.
 * Entries that are not CSP violations are skipped.
 *
 * @example
 * observationsFromReports([
 *   { 'csp-report': { 'document-uri': 'https://example.com/', 'violated-directive': 'img-src', 'blocked-uri': 'data' } },
 *   [{ type: 'csp-violation', body: { documentURL: 'https://example.com/', effectiveDirective: 'connect-src',
 *     blockedURL: 'https://api.example.com/v1' } }],
 *   { type: 'deprecation', body: {} },
 * ]).length; // 2
 */
export function observationsFromReports(input: unknown): Observation[] {
  if (!Array.isArray(input)) {
    const one = observationFromReport(input);
    return one === undefined ? [] : [one];
  }
  return input.flatMap((entry) => observationsFromReports(entry));
}

/**
 * A line of a reports file that is not JSON (a body cut off by a crash or a full disk, say).
 *
 * @example
 * const bad: BadLine = { line: 7, text: '{"csp-report":{"document-uri":"https://sh' };
 */
export interface BadLine {
  /** 1-based line number. */
  line: number;
  /** The start of the line (at most 80 characters). */
  text: string;
}

/**
 * Reads a reports file leniently: a JSON array (or one JSON value), or JSON Lines with one report (or array)
 * per line, skipping the lines that are not JSON and listing them.
 *
 * @example
 * const { reports, badLines } = readReportsText('{"a":1}\n{"csp-rep\n{"b":2}\n');
 * reports.length; // 2
 * badLines; // [{ line: 2, text: '{"csp-rep' }]
 */
export function readReportsText(content: string): { reports: unknown[]; badLines: BadLine[] } {
  const trimmed = content.trim();
  if (trimmed === '') return { reports: [], badLines: [] };
  if (trimmed.startsWith('[')) {
    try {
      const whole: unknown = JSON.parse(trimmed);
      if (Array.isArray(whole)) return { reports: whole, badLines: [] };
    } catch {
      // Not one JSON array: read it as JSON Lines (a line may hold an array: a Reporting API body).
    }
  }
  const reports: unknown[] = [];
  const badLines: BadLine[] = [];
  for (const [index, line] of content.split(/\r?\n/).entries()) {
    if (line.trim() === '') continue;
    try {
      reports.push(JSON.parse(line) as unknown);
    } catch {
      badLines.push({ line: index + 1, text: line.slice(0, 80) });
    }
  }
  return { reports, badLines };
}

/**
 * Parses a reports file strictly: like `readReportsText`, but throws with the line number when a line is not
 * JSON.
 *
 * @example
 * parseReportsText('{"csp-report":{"effective-directive":"img-src","blocked-uri":"data"}}\n[1,2]\n').length; // 2
 */
export function parseReportsText(content: string): unknown[] {
  const { reports, badLines } = readReportsText(content);
  const [bad] = badLines;
  if (bad !== undefined) throw new Error(`Line ${bad.line} is not JSON: ${bad.text.slice(0, 60)}`);
  return reports;
}
