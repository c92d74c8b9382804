// Emits a policy as a <meta http-equiv> tag, for static hosting without header control. Browsers ignore
// frame-ancestors, report-uri and sandbox there, and a meta policy cannot be report-only.

import type { PolicyInput } from '../generator/edit.ts';
import { toPolicy } from '../generator/edit.ts';
import { serializePolicy } from '../policy/serialize.ts';

/**
 * Directives a `<meta>` policy cannot carry (CSP3 §3.3).
 *
 * @example
 * IGNORED_IN_META.includes('frame-ancestors'); // true: send it as a header
 */
export const IGNORED_IN_META: readonly string[] = ['frame-ancestors', 'report-uri', 'sandbox'];

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The `<meta>` tag for the policy, preceded by an HTML comment naming the directives it had to leave out.
 * Place it at the top of `<head>`: it only governs what comes after it.
 *
 * @example
 * toMetaTag("default-src 'self'; frame-ancestors 'none'");
 * // <!-- frame-ancestors is ignored in a <meta> policy: send it as a Content-Security-Policy header -->
 * // <meta http-equiv="Content-Security-Policy" content="default-src 'self'">
 */
export function toMetaTag(policy: PolicyInput): string {
  const parsed = toPolicy(policy);
  const dropped = parsed.directives.filter((d) => IGNORED_IN_META.includes(d.name)).map((d) => d.name);
  const kept = { directives: parsed.directives.filter((d) => !IGNORED_IN_META.includes(d.name)) };
  const tag = `<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(serializePolicy(kept))}">`;
  if (dropped.length === 0) return tag;
  const verb = dropped.length === 1 ? 'is' : 'are';
  return `<!-- ${dropped.join(', ')} ${verb} ignored in a <meta> policy: send ${dropped.length === 1 ? 'it' : 'them'} as a Content-Security-Policy header -->\n${tag}`;
}
