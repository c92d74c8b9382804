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
 * Parses a reports file: a JSON array (or one JSON value) or JSON Lines, one report (or array) per line.
 * Throws with the line number when a line is not JSON.
 *
 * @example
 * parseReportsText('{"csp-report":{"effective-directive":"img-src","blocked-uri":"data"}}\n[1,2]\n').length; // 2
 */
export function parseReportsText(content: string): unknown[] {
  const trimmed = content.trim();
  if (trimmed === '') return [];
  try {
    const whole: unknown = JSON.parse(trimmed);
    return Array.isArray(whole) ? whole : [whole];
  } catch {
    // Not one JSON document: read it as JSON Lines.
  }
  return trimmed.split(/\r?\n/).flatMap((line, index) => {
    if (line.trim() === '') return [];
    try {
      return [JSON.parse(line) as unknown];
    } catch {
      throw new Error(`Line ${index + 1} is not JSON: ${line.slice(0, 60)}`);
    }
  });
}
