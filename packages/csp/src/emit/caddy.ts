// Emits a policy as a Caddyfile `header` directive. A nonce placeholder becomes Caddy's per-request
// `{http.request.uuid}` placeholder, which the `templates` directive can also write into the HTML.

import type { PolicyInput } from '../generator/edit.ts';
import { toPolicy } from '../generator/edit.ts';
import { fillNonce, hasNoncePlaceholder } from '../generator/nonce-placeholder.ts';
import { serializePolicy } from '../policy/serialize.ts';
import type { EmitOptions } from './header.ts';
import { cspHeaderName } from './header.ts';

/**
 * The `header` directive for a site block.
 *
 * @example
 * toCaddy("default-src 'self'; object-src 'none'");
 * // header Content-Security-Policy "default-src 'self'; object-src 'none'"
 */
export function toCaddy(policy: PolicyInput, options: EmitOptions = {}): string {
  const parsed = toPolicy(policy);
  const nonced = hasNoncePlaceholder(parsed);
  const value = serializePolicy(nonced ? fillNonce(parsed, '{http.request.uuid}') : parsed);
  const line = `header ${cspHeaderName(options.reportOnly)} "${value.replace(/["\\]/g, '\\$&')}"`;
  if (!nonced) return line;
  return [
    '# The nonce is the request UUID; with the templates directive, write it into tags as',
    '#   <script nonce="{{placeholder "http.request.uuid"}}">',
    'templates',
    line,
  ].join('\n');
}
