// What the evaluator reports: one finding per problem, naming the directive and value at fault and saying how to
// fix it. Type names are Vigie's own (see FINDINGS.md); the CLI's --json output uses them as they are.

/**
 * How bad a finding is. `high`: an attacker can run script despite the policy. `medium`: a real weakness or
 * reports that get lost. `low`: worth fixing, limited impact. `strict`: a step towards a strict (nonce/hash)
 * CSP. `info`: good to know. `syntax`: the browser ignores or misreads part of the policy.
 *
 * @example
 * const urgent = findings.filter((f) => f.severity === 'high');
 */
export type Severity = 'high' | 'medium' | 'strict' | 'low' | 'info' | 'syntax';

/**
 * One problem in a policy.
 *
 * @example
 * const finding: Finding = {
 *   type: 'script-unsafe-inline', severity: 'high', directive: 'script-src', value: "'unsafe-inline'",
 *   description: "'unsafe-inline' lets any injected inline script run. Move inline code to files, or use nonces or hashes.",
 * };
 */
export interface Finding {
  /** Kebab-case finding type, stable across versions (see FINDINGS.md). */
  type: string;
  severity: Severity;
  /** The directive at fault (or the one that is missing). */
  directive: string;
  /** The value at fault, when one is. */
  value?: string;
  /** What is wrong and how to fix it. */
  description: string;
}

/**
 * Extra facts about how the policy is delivered, for the reporting checks.
 *
 * @example
 * evaluatePolicy("default-src 'self'; report-to csp", { reportingEndpoints: 'csp="https://vigie.example.com/api/2/security/"' });
 */
export interface EvaluationContext {
  /** The response's `Reporting-Endpoints` header value, e.g. `csp="https://vigie.example.com/api/1/security/"`. */
  reportingEndpoints?: string;
}

/**
 * Severities from most to least urgent, for sorting.
 *
 * @example
 * findings.sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));
 */
export const SEVERITY_ORDER: readonly Severity[] = ['high', 'medium', 'syntax', 'strict', 'low', 'info'];

/**
 * Builds a finding; `value` is left out when undefined (exactOptionalPropertyTypes).
 *
 * @example
 * makeFinding('missing-object-src', 'high', 'object-src', undefined, "Add object-src 'none'.");
 */
export function makeFinding(
  type: string,
  severity: Severity,
  directive: string,
  value: string | undefined,
  description: string,
): Finding {
  const finding: Finding = { type, severity, directive, description };
  if (value !== undefined) finding.value = value;
  return finding;
}

/**
 * A severity threshold for exit codes: fail on findings of this severity or a more urgent one (in
 * SEVERITY_ORDER), or never.
 *
 * @example
 * const failOn: FailOn = 'medium'; // high and medium findings fail
 */
export type FailOn = Severity | 'none';

/**
 * Whether any finding reaches the threshold.
 *
 * @example
 * reachesSeverity(evaluatePolicy("script-src 'unsafe-inline'"), 'high'); // true
 * reachesSeverity(findings, 'none'); // false
 */
export function reachesSeverity(findings: readonly Finding[], failOn: FailOn): boolean {
  if (failOn === 'none') return false;
  const limit = SEVERITY_ORDER.indexOf(failOn);
  return findings.some((f) => SEVERITY_ORDER.indexOf(f.severity) <= limit);
}
