// Checks that lead towards a strict CSP (nonces or hashes with 'strict-dynamic') that still works in older
// browsers, and towards Trusted Types.

import { effectiveDirective } from '../policy/fallback.ts';
import type { Policy } from '../policy/model.ts';
import { getDirective } from '../policy/model.ts';
import { isKeyword, parseSourceExpression } from '../policy/source.ts';
import type { Finding } from './finding.ts';
import { makeFinding } from './finding.ts';

/**
 * Strict-CSP advice on the script-src (or default-src) as written: allowlists without 'strict-dynamic',
 * 'strict-dynamic' with nothing to trust, and fallbacks missing for browsers without nonce or
 * 'strict-dynamic' support.
 *
 * @example
 * checkStrictCsp(parsePolicy("script-src 'nonce-r4nd0mR4nd0mR4nd0mR4nd0' 'strict-dynamic'").policy).map((f) => f.type);
 * // ['missing-unsafe-inline-fallback', 'missing-allowlist-fallback']
 */
export function checkStrictCsp(policy: Policy): Finding[] {
  const d = effectiveDirective(policy, 'script-src');
  if (d === undefined) return [];
  const values = d.values;
  const findings: Finding[] = [];
  const strictDynamic = values.some((v) => isKeyword(v, 'strict-dynamic'));
  const nonceOrHash = values.some((v) => ['nonce', 'hash'].includes(parseSourceExpression(v).kind));
  if (!strictDynamic && values.some((v) => !v.startsWith("'"))) {
    const text = `${d.name} relies on a host allowlist, which is often bypassable. Use nonces or hashes with 'strict-dynamic' instead.`;
    findings.push(makeFinding('no-strict-dynamic', 'strict', d.name, undefined, text));
  }
  if (strictDynamic && !nonceOrHash) {
    const text = `'strict-dynamic' without a nonce or hash in ${d.name} blocks every script. Add a per-response nonce.`;
    findings.push(makeFinding('strict-dynamic-without-nonce', 'info', d.name, "'strict-dynamic'", text));
  }
  if (nonceOrHash && !values.some((v) => isKeyword(v, 'unsafe-inline'))) {
    const text = `Add 'unsafe-inline' to ${d.name} as a fallback: browsers that support nonces or hashes ignore it, and CSP1 browsers would otherwise block every inline script.`;
    findings.push(makeFinding('missing-unsafe-inline-fallback', 'strict', d.name, undefined, text));
  }
  if (strictDynamic && !values.some((v) => ['http:', 'https:', '*'].includes(v) || v.includes('.'))) {
    const text = `Add https: to ${d.name} as a fallback: browsers that support 'strict-dynamic' ignore it, and older ones would otherwise block scripts loaded by your trusted scripts.`;
    findings.push(makeFinding('missing-allowlist-fallback', 'strict', d.name, undefined, text));
  }
  return findings;
}

/**
 * Whether Trusted Types are enforced for scripts (require-trusted-types-for 'script').
 *
 * @example
 * checkTrustedTypes(parsePolicy("script-src 'self'").policy)[0]?.type; // 'missing-trusted-types'
 */
export function checkTrustedTypes(policy: Policy): Finding[] {
  const values = getDirective(policy, 'require-trusted-types-for')?.values ?? [];
  if (values.some((v) => isKeyword(v, 'script'))) return [];
  const text = `Trusted Types are not required: DOM XSS sinks such as innerHTML accept plain strings. Add require-trusted-types-for 'script' (report-only first) to lock them down.`;
  return [makeFinding('missing-trusted-types', 'info', 'require-trusted-types-for', undefined, text)];
}
