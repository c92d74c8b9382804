// Emits a policy as an nginx `add_header` line. A nonce placeholder becomes nginx's per-request
// `$request_id` (128 random bits), which sub_filter can write into the HTML.

import type { PolicyInput } from '../generator/edit.ts';
import { toPolicy } from '../generator/edit.ts';
import { fillNonce, hasNoncePlaceholder } from '../generator/nonce-placeholder.ts';
import { serializePolicy } from '../policy/serialize.ts';
import type { EmitOptions } from './header.ts';
import { cspHeaderName } from './header.ts';

/**
 * The `add_header` directive (with `always`, so error pages are covered too), for a `server` or `location`
 * block. With a nonce placeholder, adds the `sub_filter` lines that put `$request_id` into the HTML where the
 * templates wrote `{nonce}`.
 *
 * @example
 * toNginx("default-src 'self'; img-src 'self' data:");
 * // add_header Content-Security-Policy "default-src 'self'; img-src 'self' data:" always;
 */
export function toNginx(policy: PolicyInput, options: EmitOptions = {}): string {
  const parsed = toPolicy(policy);
  const nonced = hasNoncePlaceholder(parsed);
  const value = serializePolicy(nonced ? fillNonce(parsed, '$request_id') : parsed);
  const line = `add_header ${cspHeaderName(options.reportOnly)} "${value.replace(/["\\]/g, '\\$&')}" always;`;
  if (!nonced) return line;
  return [
    '# The nonce is $request_id, fresh for every request; write {nonce} where a tag needs it:',
    '#   <script nonce="{nonce}">',
    'sub_filter_once off;',
    'sub_filter_types text/html;',
    "sub_filter '{nonce}' $request_id;",
    line,
  ].join('\n');
}
