// The policy as a CSP3 browser enforces it for scripts: 'unsafe-inline' dropped next to a nonce or hash, host and
// scheme sources, 'self' and 'unsafe-inline' dropped next to 'strict-dynamic'. Security checks run on this view,
// so a backward-compatible strict policy is not blamed for fallbacks that modern browsers ignore.

import { effectiveDirective } from '../policy/fallback.ts';
import type { Directive, Policy } from '../policy/model.ts';
import { isKeyword, parseSourceExpression } from '../policy/source.ts';
import type { Finding } from './finding.ts';
import { makeFinding } from './finding.ts';

const SCRIPT_DIRECTIVES = ['script-src', 'script-src-attr', 'script-src-elem'];

function hasNonceOrHash(values: readonly string[]): boolean {
  return values.some((v) => {
    const kind = parseSourceExpression(v).kind;
    return kind === 'nonce' || kind === 'hash';
  });
}

function ignoredBy(directive: Directive, ignored: Finding[]): string[] {
  const values = directive.values;
  const nonceOrHash = hasNonceOrHash(values);
  const strictDynamic = values.some((v) => isKeyword(v, 'strict-dynamic'));
  return values.filter((value) => {
    const kind = parseSourceExpression(value).kind;
    const unsafeInline = isKeyword(value, 'unsafe-inline');
    if (strictDynamic && (kind === 'host' || kind === 'scheme' || isKeyword(value, 'self') || unsafeInline)) {
      const why = `${value} is ignored by browsers that support 'strict-dynamic'; it only serves older browsers.`;
      ignored.push(makeFinding('ignored-source', 'info', directive.name, value, why));
      return false;
    }
    if (nonceOrHash && unsafeInline) {
      const why = `'unsafe-inline' is ignored by browsers when a nonce or hash is present; it only serves CSP1 browsers.`;
      ignored.push(makeFinding('ignored-source', 'info', directive.name, value, why));
      return false;
    }
    return true;
  });
}

/**
 * The script-governing directives with the values a CSP3 browser ignores removed, plus one `ignored-source`
 * info finding per removed value.
 *
 * @example
 * const { policy } = parsePolicy("script-src 'nonce-r4nd0mR4nd0m' 'strict-dynamic' https: 'unsafe-inline'");
 * effectivePolicy(policy).policy.directives[0]?.values; // ["'nonce-r4nd0mR4nd0m'", "'strict-dynamic'"]
 */
export function effectivePolicy(policy: Policy): { policy: Policy; ignored: Finding[] } {
  const ignored: Finding[] = [];
  const done = new Set<string>();
  const replaced = new Map<string, string[]>();
  for (const name of SCRIPT_DIRECTIVES) {
    const governing = effectiveDirective(policy, name);
    if (governing === undefined || done.has(governing.name)) continue;
    done.add(governing.name);
    replaced.set(governing.name, ignoredBy(governing, ignored));
  }
  const directives = policy.directives.map((d) => ({
    name: d.name,
    values: replaced.get(d.name) ?? d.values,
  }));
  return { policy: { directives }, ignored };
}

/**
 * The distinct directives that govern scripts (script-src, -elem, -attr after fallback), in that order.
 *
 * @example
 * scriptDirectives(parsePolicy("default-src 'self'").policy).map((d) => d.name); // ['default-src']
 */
export function scriptDirectives(policy: Policy, names: readonly string[] = SCRIPT_DIRECTIVES): Directive[] {
  const found: Directive[] = [];
  for (const name of names) {
    const governing = effectiveDirective(policy, name);
    if (governing !== undefined && !found.includes(governing)) found.push(governing);
  }
  return found;
}
