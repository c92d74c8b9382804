// Creates the per-response nonce: 128 bits from the system's CSPRNG, base64 as CSP3 expects.

import { randomBytes } from 'node:crypto';

/**
 * A fresh nonce: 16 random bytes, base64 (24 characters). Use a new one for every response.
 *
 * @example
 * const nonce = createNonce(); // e.g. 'mN3Xp9Rz0dJ0tH5bYwq2Ag=='
 * res.setHeader('Content-Security-Policy', `script-src 'nonce-${nonce}' 'strict-dynamic'`);
 */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}
