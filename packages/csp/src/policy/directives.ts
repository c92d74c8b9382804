// The catalog of directive names Vigie knows (CSP Level 3 plus Trusted Types and a few legacy ones), and what
// kind of value each takes, so the parser can flag unknown names and values that cannot mean what was written.

import { own } from '../own.ts';

/**
 * How a directive's value is read.
 *
 * @example
 * const kind: DirectiveKind | undefined = directiveKind('report-uri'); // 'uri-list'
 */
export type DirectiveKind =
  | 'source-list' // fetch directives and friends: source expressions
  | 'ancestor-source-list' // frame-ancestors: no keywords other than 'self' and 'none'
  | 'no-value' // upgrade-insecure-requests, block-all-mixed-content
  | 'tokens' // sandbox, report-to, trusted-types, require-trusted-types-for, ...
  | 'uri-list'; // report-uri

/**
 * Fetch directives: the ones that `default-src` stands in for.
 *
 * @example
 * FETCH_DIRECTIVES.includes('img-src'); // true
 */
export const FETCH_DIRECTIVES: readonly string[] = [
  'child-src',
  'connect-src',
  'default-src',
  'fenced-frame-src',
  'font-src',
  'frame-src',
  'img-src',
  'manifest-src',
  'media-src',
  'object-src',
  'script-src',
  'script-src-elem',
  'script-src-attr',
  'style-src',
  'style-src-elem',
  'style-src-attr',
  'worker-src',
];

const KINDS: Readonly<Record<string, DirectiveKind>> = {
  ...Object.fromEntries(FETCH_DIRECTIVES.map((name) => [name, 'source-list' as const])),
  'base-uri': 'source-list',
  'form-action': 'source-list',
  'frame-ancestors': 'ancestor-source-list',
  sandbox: 'tokens',
  'report-uri': 'uri-list',
  'report-to': 'tokens',
  'upgrade-insecure-requests': 'no-value',
  'require-trusted-types-for': 'tokens',
  'trusted-types': 'tokens',
  webrtc: 'tokens',
  // Legacy or withdrawn, still seen in the wild; recognised so the evaluator can say "deprecated".
  'block-all-mixed-content': 'no-value',
  'plugin-types': 'tokens',
  'prefetch-src': 'source-list',
  'navigate-to': 'source-list',
  referrer: 'tokens',
  'reflected-xss': 'tokens',
  'disown-opener': 'no-value',
  'require-sri-for': 'tokens',
};

/**
 * Directives removed from the specification or never shipped widely, with why; browsers ignore most of them.
 *
 * @example
 * DEPRECATED_DIRECTIVES['referrer']; // 'removed; use the Referrer-Policy header'
 */
export const DEPRECATED_DIRECTIVES: Readonly<Record<string, string>> = {
  'block-all-mixed-content':
    'browsers now block or upgrade mixed content by themselves; use upgrade-insecure-requests',
  'plugin-types': "plugins are gone from browsers; use object-src 'none'",
  'prefetch-src': 'removed from CSP3; prefetches are governed by default-src and the destination directive',
  'navigate-to': 'removed from CSP3 and never shipped by browsers',
  referrer: 'removed; use the Referrer-Policy header',
  'reflected-xss': 'removed; XSS auditors are gone from browsers',
  'disown-opener': 'never shipped; use the Cross-Origin-Opener-Policy header',
  'require-sri-for': 'never shipped by Chromium or Safari; use integrity attributes and a build check',
};

/**
 * The kind of value a directive takes, or undefined for a directive Vigie does not know.
 *
 * @example
 * directiveKind('script-src'); // 'source-list'
 * directiveKind('scrpt-src'); // undefined
 */
export function directiveKind(name: string): DirectiveKind | undefined {
  return own(KINDS, name.toLowerCase());
}

/**
 * Whether the name is a directive Vigie knows (current or deprecated).
 *
 * @example
 * isKnownDirective('frame-ancestors'); // true
 */
export function isKnownDirective(name: string): boolean {
  return directiveKind(name) !== undefined;
}

/**
 * Whether the directive takes a list of source expressions (`'self'`, hosts, schemes, nonces, hashes).
 *
 * @example
 * takesSourceList('img-src'); // true
 * takesSourceList('sandbox'); // false
 */
export function takesSourceList(name: string): boolean {
  const kind = directiveKind(name);
  return kind === 'source-list' || kind === 'ancestor-source-list';
}
