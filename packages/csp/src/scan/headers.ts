// Normalizes response headers from any source (fetch's Headers, node's IncomingHttpHeaders, a plain object)
// to lower-case names and single values, repeated headers joined with ", " as HTTP allows.

import { record } from '../own.ts';

/**
 * Response headers as fetch, node:http or a plain object give them.
 *
 * @example
 * gradeHeaders(new Headers({ 'x-frame-options': 'DENY' })); // or res.headers from node:http
 */
export type HeaderInput = Headers | Readonly<Record<string, string | readonly string[] | number | undefined>>;

/**
 * Lower-case names, one string value each.
 *
 * @example
 * normalizeHeaders({ 'Content-Security-Policy': ["default-src 'self'", "img-src 'self'"] });
 * // { 'content-security-policy': "default-src 'self', img-src 'self'" }
 */
export function normalizeHeaders(input: HeaderInput): Record<string, string> {
  const headers: Record<string, string> = record();
  if (input instanceof Headers) {
    input.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    return headers;
  }
  for (const [name, value] of Object.entries(input)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    const text = Array.isArray(value) ? value.join(', ') : String(value);
    headers[key] = headers[key] === undefined ? text : `${headers[key]}, ${text}`;
  }
  return headers;
}
