// Sorts each disagreement between Vigie's evaluator and Google's into a known, explained class. A disagreement
// that fits no class is a regression (or a new class to explain) and fails the differential test.

import type { PolicyComparison } from './compare.ts';

/** A class of disagreement and why it is acceptable. */
export interface DisagreementClass {
  id: string;
  title: string;
  explanation: string;
  /** Whether a key reported by one side only (`side`) in this comparison belongs to the class. */
  matches: (side: 'ours' | 'theirs', key: string, comparison: PolicyComparison) => boolean;
}

const field = (key: string, index: number): string => key.split(' | ')[index] ?? '';

export const CLASSES: readonly DisagreementClass[] = [
  {
    id: 'deprecated-beyond-oracle',
    title: 'We also call block-all-mixed-content, plugin-types, require-sri-for and navigate-to deprecated',
    explanation:
      'csp_evaluator only lists reflected-xss, referrer, disown-opener and prefetch-src as deprecated. CSP3 marks block-all-mixed-content obsolete (browsers upgrade or block mixed content themselves), plugin-types and navigate-to were removed from the specification, and require-sri-for never shipped in Chromium or Safari. Telling the author these do nothing is the useful answer.',
    matches: (side, key) =>
      side === 'ours' &&
      field(key, 0) === 'DEPRECATED_DIRECTIVE' &&
      ['block-all-mixed-content', 'plugin-types', 'require-sri-for', 'navigate-to'].includes(field(key, 1)),
  },
  {
    id: 'obsolete-keyword-names',
    title: "We reject the pre-standard keywords 'wasm-eval' and 'unsafe-hashed-attributes'",
    explanation:
      "csp_evaluator still accepts these draft names. The standard spellings are 'wasm-unsafe-eval' and 'unsafe-hashes'; browsers ignore the old ones, so the policy silently does not allow what its author intended.",
    matches: (side, key) =>
      side === 'ours' &&
      field(key, 0) === 'INVALID_KEYWORD' &&
      ["'wasm-eval'", "'unsafe-hashed-attributes'"].includes(field(key, 2)),
  },
  {
    id: 'trusted-types-sink-unquoted',
    title: 'We flag require-trusted-types-for script written without quotes',
    explanation:
      "The only valid value is the quoted keyword 'script'. csp_evaluator checks only quoted values in this directive, so it misses the unquoted form, which Chromium ignores (leaving Trusted Types unenforced).",
    matches: (side, key) =>
      side === 'ours' && field(key, 0) === 'INVALID_KEYWORD' && field(key, 1) === 'require-trusted-types-for',
  },
  {
    id: 'legacy-directive-tokens',
    title: 'csp_evaluator asks to quote the unquoted tokens of reflected-xss',
    explanation:
      "reflected-xss took bare tokens (block, filter, allow); csp_evaluator knows 'block' and 'allow' as quoted keywords and asks to quote them, which was never valid syntax. We report the directive as deprecated (as both tools do) and nothing more.",
    matches: (side, key) =>
      side === 'theirs' && field(key, 0) === 'INVALID_KEYWORD' && field(key, 1) === 'reflected-xss',
  },
  {
    id: 'comma-between-sources',
    title: 'A comma glued to a keyword: csp_evaluator calls it an invalid keyword, we name the comma',
    explanation:
      "For values such as 'self', csp_evaluator reports INVALID_KEYWORD. We report comma-in-value instead (no csp_evaluator counterpart), because the comma is the actual mistake: in a header it splits the policy in two, which is worse than one bad keyword.",
    matches: (side, key, c) =>
      side === 'theirs' &&
      field(key, 0) === 'INVALID_KEYWORD' &&
      field(key, 2).endsWith(',') &&
      c.policy.includes(','),
  },
  {
    id: 'newer-directives',
    title: 'csp_evaluator does not know fenced-frame-src',
    explanation:
      'fenced-frame-src is a CSP fetch directive added for fenced frames (shipped in Chromium 114). csp_evaluator predates it and reports it as unknown.',
    matches: (side, key) =>
      side === 'theirs' && field(key, 0) === 'UNKNOWN_DIRECTIVE' && field(key, 1) === 'fenced-frame-src',
  },
  {
    id: 'syntax-after-strict-dynamic',
    title: "A missing semicolon hidden by 'strict-dynamic' in csp_evaluator",
    explanation:
      "csp_evaluator runs its syntax checks on the effective policy, from which 'strict-dynamic' has already removed every unquoted value, including a directive name glued to the previous directive by a missing semicolon. We check syntax on the policy as written, so the missing semicolon (which silently drops the following directive, e.g. object-src 'none') is still reported.",
    matches: (side, key, c) =>
      side === 'ours' && field(key, 0) === 'MISSING_SEMICOLON' && c.policy.includes("'strict-dynamic'"),
  },
];

/** The class a one-sided finding belongs to, or undefined when it is unexplained. */
export function classify(
  side: 'ours' | 'theirs',
  key: string,
  comparison: PolicyComparison,
): DisagreementClass | undefined {
  return CLASSES.find((c) => c.matches(side, key, comparison));
}
