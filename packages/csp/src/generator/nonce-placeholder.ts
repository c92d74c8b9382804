// The stand-in for a per-response nonce in a policy template: generated strict policies carry it, the
// middleware replaces it on every response, and the emitters translate it for nginx, Caddy, helmet and Rails.

import type { Policy } from '../policy/model.ts';

/**
 * The source expression that marks where the response's nonce goes.
 *
 * @example
 * const template = `script-src ${NONCE_PLACEHOLDER} 'strict-dynamic'`; // "script-src 'nonce-{nonce}' 'strict-dynamic'"
 */
export const NONCE_PLACEHOLDER = "'nonce-{nonce}'";

/**
 * Whether a policy template holds the nonce placeholder.
 *
 * @example
 * hasNoncePlaceholder(toPolicy("script-src 'nonce-{nonce}'")); // true
 */
export function hasNoncePlaceholder(policy: Policy): boolean {
  return policy.directives.some((d) => d.values.includes(NONCE_PLACEHOLDER));
}

/**
 * The policy with the placeholder replaced by a real nonce (or by another template, e.g. nginx's
 * `$request_id`).
 *
 * @example
 * serializePolicy(fillNonce(toPolicy("script-src 'nonce-{nonce}'"), 'r4nd0m')); // "script-src 'nonce-r4nd0m'"
 */
export function fillNonce(policy: Policy, nonce: string): Policy {
  return {
    directives: policy.directives.map((d) => ({
      name: d.name,
      values: d.values.map((v) => (v === NONCE_PLACEHOLDER ? `'nonce-${nonce}'` : v)),
    })),
  };
}
