// Picks an emitter by name, for the CLI's --format and for tools that let users choose a target.

import type { PolicyInput } from '../generator/edit.ts';
import { toCaddy } from './caddy.ts';
import type { EmitOptions } from './header.ts';
import { formatHeader } from './header.ts';
import { formatHelmetConfig } from './helmet.ts';
import { toMetaTag } from './meta.ts';
import { toNginx } from './nginx.ts';
import { toSecureHeaders } from './secure-headers.ts';

/**
 * The output formats, by the name the CLI takes.
 *
 * @example
 * for (const format of EMIT_FORMATS) console.log(emitPolicy("default-src 'self'", format));
 */
export const EMIT_FORMATS = ['header', 'meta', 'helmet', 'secure_headers', 'nginx', 'caddy'] as const;

/**
 * One of `EMIT_FORMATS`.
 *
 * @example
 * const format: EmitFormat = 'nginx';
 */
export type EmitFormat = (typeof EMIT_FORMATS)[number];

/**
 * Whether a string names an output format.
 *
 * @example
 * isEmitFormat('nginx'); // true
 */
export function isEmitFormat(value: string): value is EmitFormat {
  return (EMIT_FORMATS as readonly string[]).includes(value);
}

/**
 * The policy in the chosen format (a `<meta>` tag ignores `reportOnly`: meta policies always enforce).
 *
 * @example
 * emitPolicy("default-src 'self'", 'caddy'); // `header Content-Security-Policy "default-src 'self'"`
 */
export function emitPolicy(policy: PolicyInput, format: EmitFormat, options: EmitOptions = {}): string {
  switch (format) {
    case 'header':
      return formatHeader(policy, options);
    case 'meta':
      return toMetaTag(policy);
    case 'helmet':
      return formatHelmetConfig(policy, options);
    case 'secure_headers':
      return toSecureHeaders(policy, options);
    case 'nginx':
      return toNginx(policy, options);
    case 'caddy':
      return toCaddy(policy, options);
  }
}
