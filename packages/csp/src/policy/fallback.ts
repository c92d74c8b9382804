// CSP3 fallback rules (§6.8.4 "Get fetch directive fallback list"): which declared directive actually governs a
// request when the policy does not name the request's own directive, e.g. script-src-elem → script-src → default-src.

import { own } from '../own.ts';
import type { Directive, Policy } from './model.ts';
import { getDirective } from './model.ts';

const FALLBACKS: Readonly<Record<string, readonly string[]>> = {
  'script-src-elem': ['script-src-elem', 'script-src', 'default-src'],
  'script-src-attr': ['script-src-attr', 'script-src', 'default-src'],
  'script-src': ['script-src', 'default-src'],
  'style-src-elem': ['style-src-elem', 'style-src', 'default-src'],
  'style-src-attr': ['style-src-attr', 'style-src', 'default-src'],
  'style-src': ['style-src', 'default-src'],
  'worker-src': ['worker-src', 'child-src', 'script-src', 'default-src'],
  'frame-src': ['frame-src', 'child-src', 'default-src'],
  'fenced-frame-src': ['fenced-frame-src', 'frame-src', 'child-src', 'default-src'],
  'child-src': ['child-src', 'default-src'],
  'connect-src': ['connect-src', 'default-src'],
  'font-src': ['font-src', 'default-src'],
  'img-src': ['img-src', 'default-src'],
  'manifest-src': ['manifest-src', 'default-src'],
  'media-src': ['media-src', 'default-src'],
  'object-src': ['object-src', 'default-src'],
  // Removed from CSP3, but older browsers still read it this way.
  'prefetch-src': ['prefetch-src', 'default-src'],
  'default-src': ['default-src'],
};

/**
 * The directives consulted, in order, for a directive name. Directives that are not fetch directives
 * (base-uri, form-action, frame-ancestors, …) never fall back: the list is the name alone.
 *
 * @example
 * fallbackList('worker-src'); // ['worker-src', 'child-src', 'script-src', 'default-src']
 * fallbackList('base-uri'); // ['base-uri']
 */
export function fallbackList(name: string): readonly string[] {
  const lower = name.toLowerCase();
  return own(FALLBACKS, lower) ?? [lower];
}

/**
 * The directive of the policy that governs `name` after fallback, or undefined when none applies (then the
 * policy does not restrict that kind of request at all).
 *
 * @example
 * const { policy } = parsePolicy("default-src 'self'; script-src 'nonce-abc'");
 * effectiveDirective(policy, 'script-src-elem')?.name; // 'script-src'
 * effectiveDirective(policy, 'img-src')?.name; // 'default-src'
 * effectiveDirective(policy, 'base-uri'); // undefined: base-uri does not fall back to default-src
 */
export function effectiveDirective(policy: Policy, name: string): Directive | undefined {
  for (const candidate of fallbackList(name)) {
    const directive = getDirective(policy, candidate);
    if (directive !== undefined) return directive;
  }
  return undefined;
}

/**
 * Whether a directive name is governed by fallback to `default-src` (i.e. is a fetch directive).
 *
 * @example
 * fallsBackToDefault('img-src'); // true
 * fallsBackToDefault('form-action'); // false
 */
export function fallsBackToDefault(name: string): boolean {
  return fallbackList(name).includes('default-src');
}
