// Computes CSP hash sources: the base64 digest of exactly what a browser hashes — the UTF-8 bytes of an inline
// block's text, or a whole file's bytes (for `integrity` attributes and hash-allowed external scripts).

import { createHash } from 'node:crypto';
import type { HashAlgorithm } from '../policy/source.ts';

/**
 * The bare digest `sha256-<base64>`, as an `integrity` attribute wants it.
 *
 * @example
 * digest("alert('hi')"); // 'sha256-…' (the value for <script integrity="…">)
 * digest('body{color:red}', 'sha384'); // 'sha384-…'
 */
export function digest(content: string | Uint8Array, algorithm: HashAlgorithm = 'sha256'): string {
  return `${algorithm}-${createHash(algorithm).update(content).digest('base64')}`;
}

/**
 * The quoted hash source for a policy, `'sha256-<base64>'`. The content must be exactly the text between the
 * tags: a browser hashes it byte for byte, leading and trailing whitespace included.
 *
 * @example
 * hashSource("console.log('ready')"); // "'sha256-…'", to add to script-src
 */
export function hashSource(content: string | Uint8Array, algorithm: HashAlgorithm = 'sha256'): string {
  return `'${digest(content, algorithm)}'`;
}
