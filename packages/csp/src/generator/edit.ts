// Edits a policy without mutating it: adds sources to the directive that governs a kind of request, creating
// that directive from its fallback when needed, so nothing else the fallback allowed is lost.

import { effectiveDirective } from '../policy/fallback.ts';
import type { Directive, Policy } from '../policy/model.ts';
import { getDirective } from '../policy/model.ts';
import { parsePolicy } from '../policy/parse.ts';

/**
 * A policy as text or as parsed directives.
 *
 * @example
 * const input: PolicyInput = "default-src 'self'"; // or { directives: [{ name: 'default-src', values: ["'self'"] }] }
 */
export type PolicyInput = string | Policy;

/**
 * A parsed copy of the input (text is parsed; problems are ignored here, see `parsePolicy` to read them).
 *
 * @example
 * toPolicy("default-src 'self'").directives[0]?.name; // 'default-src'
 */
export function toPolicy(input: PolicyInput): Policy {
  const policy = typeof input === 'string' ? parsePolicy(input).policy : input;
  return {
    directives: policy.directives.map((d) => ({ name: d.name.toLowerCase(), values: [...d.values] })),
  };
}

/** Adds values to a list, dropping `'none'` (ignored next to anything else) and duplicates. */
function union(values: readonly string[], added: readonly string[]): string[] {
  const all = [...values, ...added];
  const merged = all.length > 1 ? all.filter((v) => v.toLowerCase() !== "'none'") : all;
  return [...new Set(merged)];
}

/**
 * Makes `name` allow `sources`. When the policy has no `name` directive but a fallback governs it
 * (e.g. `default-src` for `img-src`), a new `name` directive starts from the fallback's sources (it is placed
 * before the reporting directives, which read best last). When nothing governs `name` the policy already allows everything for it: with
 * `whenUnrestricted: 'skip'` (the default) it is left alone, with `'create'` a directive is added (restricting
 * it to exactly `sources`, as a named append in Rails' secure_headers does).
 *
 * @example
 * const policy = addSources(toPolicy("default-src 'self'"), 'img-src', ['https://cdn.example.com']);
 * serializePolicy(policy); // "default-src 'self'; img-src 'self' https://cdn.example.com"
 */
export function addSources(
  policy: Policy,
  name: string,
  sources: readonly string[],
  options: { whenUnrestricted?: 'skip' | 'create' } = {},
): Policy {
  const directives = policy.directives.map((d) => ({ name: d.name, values: [...d.values] }));
  const wanted = name.toLowerCase();
  const own = directives.find((d) => d.name === wanted);
  if (own !== undefined) {
    own.values = union(own.values, sources);
    return { directives };
  }
  const fallback = effectiveDirective(policy, wanted);
  if (fallback === undefined && options.whenUnrestricted !== 'create') return { directives };
  const created: Directive = { name: wanted, values: union(fallback?.values ?? [], sources) };
  const reporting = directives.findIndex((d) => d.name === 'report-uri' || d.name === 'report-to');
  directives.splice(reporting === -1 ? directives.length : reporting, 0, created);
  return { directives };
}

/**
 * Replaces (or adds) whole directives; a directive given with `null` is removed.
 *
 * @example
 * const policy = replaceDirectives(toPolicy("default-src 'self'; frame-ancestors 'none'"), {
 *   'frame-ancestors': ["'self'", 'https://partner.example.com'],
 *   'upgrade-insecure-requests': null,
 * });
 */
export function replaceDirectives(
  policy: Policy,
  replacements: Readonly<Record<string, readonly string[] | null>>,
): Policy {
  let directives = policy.directives.map((d) => ({ name: d.name, values: [...d.values] }));
  for (const [rawName, values] of Object.entries(replacements)) {
    const name = rawName.toLowerCase();
    if (values === null) {
      directives = directives.filter((d) => d.name !== name);
      continue;
    }
    const existing = directives.find((d) => d.name === name);
    if (existing === undefined) directives.push({ name, values: [...values] });
    else existing.values = [...values];
  }
  return { directives };
}

/**
 * The values of a directive, or an empty list when the policy does not declare it.
 *
 * @example
 * valuesOf(toPolicy("img-src 'self' data:"), 'img-src'); // ["'self'", 'data:']
 */
export function valuesOf(policy: Policy, name: string): string[] {
  return [...(getDirective(policy, name)?.values ?? [])];
}
