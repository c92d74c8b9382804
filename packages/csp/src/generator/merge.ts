// Merges two policies into one that allows whatever either allowed (e.g. the policies of two apps served from
// one origin), reading each through its fallbacks, and warns where CSP's own rules make a plain union stricter.

import { directiveKind, takesSourceList } from '../policy/directives.ts';
import { effectiveDirective } from '../policy/fallback.ts';
import type { Directive, Policy } from '../policy/model.ts';
import { getDirective } from '../policy/model.ts';
import { isHash, isKeyword, isNonce } from '../policy/source.ts';
import type { PolicyInput } from './edit.ts';
import { toPolicy } from './edit.ts';

/**
 * The merged policy and what a reader must know about it.
 *
 * @example
 * const { policy, warnings }: MergedPolicy = mergePolicies(shopPolicy, blogPolicy);
 */
export interface MergedPolicy {
  policy: Policy;
  warnings: string[];
}

function union(a: readonly string[], b: readonly string[]): string[] {
  const all = [...new Set([...a, ...b])];
  return all.length > 1 ? all.filter((v) => !isKeyword(v, 'none')) : all;
}

function mergeOne(name: string, a: Policy, b: Policy): Directive | undefined {
  if (takesSourceList(name)) {
    // Each side is read through its fallback; a side that does not restrict this at all makes the union open.
    const va = effectiveDirective(a, name)?.values;
    const vb = effectiveDirective(b, name)?.values;
    return va === undefined || vb === undefined ? undefined : { name, values: union(va, vb) };
  }
  const da = getDirective(a, name);
  const db = getDirective(b, name);
  if (name === 'report-to') return da ?? db;
  if (name === 'report-uri' || name === 'upgrade-insecure-requests' || directiveKind(name) === undefined) {
    return { name, values: union(da?.values ?? [], db?.values ?? []) };
  }
  // sandbox, trusted types, block-all-mixed-content: a restriction only one side has is dropped.
  return da === undefined || db === undefined ? undefined : { name, values: union(da.values, db.values) };
}

function warningsFor(directive: Directive): string[] {
  const { name, values } = directive;
  const warnings: string[] = [];
  const hasNonceOrHash = values.some((v) => isNonce(v) || isHash(v));
  if (
    values.some((v) => isKeyword(v, 'unsafe-inline')) &&
    (hasNonceOrHash || values.some((v) => isKeyword(v, 'strict-dynamic')))
  ) {
    warnings.push(
      `${name}: 'unsafe-inline' from one policy is ignored next to the other's nonces, hashes or 'strict-dynamic'; inline code the first allowed will be blocked.`,
    );
  }
  const hosts = values.filter((v) => !v.startsWith("'") && v !== '*');
  if (/^script-src/.test(name) && values.some((v) => isKeyword(v, 'strict-dynamic')) && hosts.length > 0) {
    warnings.push(
      `${name}: with 'strict-dynamic', browsers ignore the host and scheme sources (${hosts.join(' ')}).`,
    );
  }
  return warnings;
}

/**
 * A policy that allows what either input allows. A directive only one side declares is merged with the other
 * side's fallback for it; a kind of request one side does not restrict at all is left unrestricted.
 *
 * @example
 * const { policy, warnings } = mergePolicies(
 *   "default-src 'self'; img-src 'self' data:",
 *   "default-src 'self' https://api.example.com; script-src 'self' https://cdn.example.com",
 * );
 * serializePolicy(policy);
 * // "default-src 'self' https://api.example.com; img-src 'self' data: https://api.example.com;
 * //  script-src 'self' https://cdn.example.com"
 */
export function mergePolicies(first: PolicyInput, second: PolicyInput): MergedPolicy {
  const a = toPolicy(first);
  const b = toPolicy(second);
  const all = [...new Set([...a.directives, ...b.directives].map((d) => d.name))];
  // Reporting reads best last, as in a generated policy.
  const last = ['report-uri', 'report-to'];
  const names = [...all.filter((n) => !last.includes(n)), ...all.filter((n) => last.includes(n))];
  const directives = names.flatMap((name) => {
    const merged = mergeOne(name, a, b);
    return merged === undefined ? [] : [{ name: merged.name, values: [...merged.values] }];
  });
  return { policy: { directives }, warnings: directives.flatMap(warningsFor) };
}
