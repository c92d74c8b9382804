// The data model of a Content Security Policy: an ordered list of directives, each a lower-cased name and
// its source expressions exactly as written. Parsing, serialization, matching and evaluation all share it.

/**
 * One directive of a policy.
 *
 * @example
 * const scripts: Directive = { name: 'script-src', values: ["'self'", 'https://cdn.example.com'] };
 */
export interface Directive {
  /** Lower-cased directive name, e.g. `script-src`. Unknown names are kept. */
  name: string;
  /** Source expressions (or other tokens) as written; keywords keep their quotes, e.g. `'self'`. */
  values: string[];
}

/**
 * One policy: the directives of one serialized CSP, in order, without duplicates (the first wins).
 *
 * @example
 * const policy: Policy = { directives: [{ name: 'default-src', values: ["'self'"] }] };
 */
export interface Policy {
  directives: Directive[];
}

/**
 * A problem found while parsing, positioned in the parsed text (`offset`/`length` in UTF-16 code units).
 *
 * @example
 * const problem: ParseProblem = {
 *   severity: 'error', message: "Keyword self must be quoted: 'self'", offset: 12, length: 4,
 *   directive: 'script-src', value: 'self',
 * };
 */
export interface ParseProblem {
  /** `error`: the browser ignores or misreads this; `warning`: legal but probably not what was meant. */
  severity: 'error' | 'warning';
  message: string;
  offset: number;
  length: number;
  directive?: string;
  value?: string;
  /** Stable kebab-case code of the problem, e.g. `duplicate-directive` (see FINDINGS.md). */
  code?: string;
}

/**
 * The directive with this name, or undefined. Names are compared lower-cased.
 *
 * @example
 * getDirective(policy, 'script-src')?.values; // ["'self'"]
 */
export function getDirective(policy: Policy, name: string): Directive | undefined {
  const wanted = name.toLowerCase();
  return policy.directives.find((d) => d.name === wanted);
}

/**
 * Whether the policy declares this directive (even with no value).
 *
 * @example
 * hasDirective({ directives: [{ name: 'upgrade-insecure-requests', values: [] }] }, 'upgrade-insecure-requests'); // true
 */
export function hasDirective(policy: Policy, name: string): boolean {
  return getDirective(policy, name) !== undefined;
}
