// Writes a policy back to text in one canonical shape, so equal policies compare equal as strings and a
// generated policy reads the same every time.

import type { Policy } from './model.ts';

/**
 * Serializes a policy canonically: directives in their order, `name value value`, joined by `"; "`,
 * no trailing semicolon; a directive without values is written as its bare name.
 *
 * @example
 * serializePolicy({ directives: [
 *   { name: 'default-src', values: ["'self'"] },
 *   { name: 'script-src', values: ["'nonce-x'", "'strict-dynamic'"] },
 *   { name: 'upgrade-insecure-requests', values: [] },
 * ] });
 * // "default-src 'self'; script-src 'nonce-x' 'strict-dynamic'; upgrade-insecure-requests"
 */
export function serializePolicy(policy: Policy): string {
  return policy.directives.map((d) => [d.name.toLowerCase(), ...d.values].join(' ')).join('; ');
}

/**
 * Serializes several policies as one header value (comma-separated; a resource must satisfy every one).
 *
 * @example
 * serializePolicyList([{ directives: [{ name: 'img-src', values: ["'self'"] }] }, { directives: [{ name: 'script-src', values: ["'none'"] }] }]);
 * // "img-src 'self', script-src 'none'"
 */
export function serializePolicyList(policies: readonly Policy[]): string {
  return policies.map(serializePolicy).join(', ');
}
