// Runs every evaluator check over one policy and returns the findings, syntax first, then security, strict-CSP
// and reporting advice.

import type { Policy } from '../policy/model.ts';
import { parsePolicy } from '../policy/parse.ts';
import { serializePolicy } from '../policy/serialize.ts';
import { checkReporting } from './checks-reporting.ts';
import { checkStrictCsp, checkTrustedTypes } from './checks-strict.ts';
import { checkAddresses, checkDeprecated, checkNonces, checkPlainHttp } from './checks-values.ts';
import {
  checkBroadSources,
  checkFramingAndStyles,
  checkMissingDirectives,
  checkObjectSources,
  checkScriptAllowlist,
  checkUnsafeScriptKeywords,
} from './checks-xss.ts';
import { effectivePolicy } from './effective.ts';
import type { EvaluationContext, Finding } from './finding.ts';
import { makeFinding } from './finding.ts';

/**
 * Evaluates a policy (text, or a model, which is serialized and re-read so its syntax is checked too) and returns
 * every finding. Pass the response's `Reporting-Endpoints` header to check that report-to reports arrive.
 * Finding types are listed in FINDINGS.md.
 *
 * @example
 * const findings = evaluatePolicy("script-src 'self' 'unsafe-inline' https://www.google.com; report-to csp", {
 *   reportingEndpoints: 'csp="https://vigie.example.com/api/2/security/"',
 * });
 * findings.filter((f) => f.severity === 'high').map((f) => f.type);
 * // ['script-unsafe-inline', 'missing-object-src', 'script-allowlist-bypass']
 */
export function evaluatePolicy(policy: string | Policy, context: EvaluationContext = {}): Finding[] {
  const text = typeof policy === 'string' ? policy : serializePolicy(policy);
  const parsed = parsePolicy(text);
  const syntax = parsed.problems.map((p) =>
    makeFinding(p.code ?? 'syntax-error', 'syntax', p.directive ?? '', p.value, p.message),
  );
  const written = parsed.policy;
  const { policy: effective, ignored } = effectivePolicy(written);
  const findings = [
    ...syntax,
    ...ignored,
    ...checkUnsafeScriptKeywords(effective),
    ...checkBroadSources(effective),
    ...checkMissingDirectives(effective),
    ...checkScriptAllowlist(effective),
    ...checkObjectSources(effective),
    ...checkFramingAndStyles(written),
    ...checkNonces(written),
    ...checkAddresses(written),
    ...checkPlainHttp(written),
    ...checkDeprecated(written),
    ...checkStrictCsp(written),
    ...checkTrustedTypes(written),
    ...checkReporting(written, context),
  ];
  return unique(findings);
}

/** Drops repeats (a value written twice yields one finding). */
function unique(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.type}\u0000${f.directive}\u0000${f.value ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
