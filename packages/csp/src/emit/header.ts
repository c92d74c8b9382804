// Emits a policy as the HTTP response header browsers read: Content-Security-Policy, or its -Report-Only twin.

import type { PolicyInput } from '../generator/edit.ts';
import { toPolicy } from '../generator/edit.ts';
import { serializePolicy } from '../policy/serialize.ts';

/**
 * Options shared by the emitters.
 *
 * @example
 * toNginx(policy, { reportOnly: true }); // add_header Content-Security-Policy-Report-Only …
 */
export interface EmitOptions {
  /** Emit the report-only variant (violations are reported, nothing is blocked). */
  reportOnly?: boolean;
}

/**
 * The header name for enforced or report-only delivery.
 *
 * @example
 * cspHeaderName(true); // 'Content-Security-Policy-Report-Only'
 */
export function cspHeaderName(reportOnly = false): string {
  return reportOnly ? 'Content-Security-Policy-Report-Only' : 'Content-Security-Policy';
}

/**
 * The header as a name and a value, e.g. to pass to `res.setHeader`.
 *
 * @example
 * toHeader("default-src 'self'; object-src 'none'", { reportOnly: true });
 * // { name: 'Content-Security-Policy-Report-Only', value: "default-src 'self'; object-src 'none'" }
 */
export function toHeader(policy: PolicyInput, options: EmitOptions = {}): { name: string; value: string } {
  return { name: cspHeaderName(options.reportOnly), value: serializePolicy(toPolicy(policy)) };
}

/**
 * The header as one line of text.
 *
 * @example
 * formatHeader("default-src 'self'"); // "Content-Security-Policy: default-src 'self'"
 */
export function formatHeader(policy: PolicyInput, options: EmitOptions = {}): string {
  const { name, value } = toHeader(policy, options);
  return `${name}: ${value}`;
}
