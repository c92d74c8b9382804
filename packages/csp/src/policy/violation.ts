// Reads a browser's violation report (report-uri's kebab-case `csp-report` or the Reporting API's camelCase
// `csp-violation` body) and replays it against a policy, so the collector can tell a real violation from an
// impossible one: a report its own policy would have allowed comes from an extension or injected code.

import type { Resource } from './match.ts';
import { isAllowed } from './match.ts';
import type { Policy } from './model.ts';
import { parsePolicy } from './parse.ts';

/**
 * The parts of a violation report needed to replay it.
 *
 * @example
 * const violation: Violation = { effectiveDirective: 'img-src', blockedURL: 'https://t.example.org/p.gif', documentURL: 'https://example.com/' };
 */
export interface Violation {
  /** Effective directive, e.g. `script-src-elem` (older browsers only send a violated directive). */
  effectiveDirective: string;
  /** `inline`, `eval`, `wasm-eval`, a URL, a bare scheme (`data`), or empty. */
  blockedURL: string;
  documentURL: string;
  originalPolicy?: string;
  sample?: string;
  disposition?: 'enforce' | 'report';
}

function text(record: Record<string, unknown>, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = record[key];
    if (typeof value === 'string') return value;
  }
  return undefined;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

/**
 * Normalizes one report to a Violation: accepts `{"csp-report": {...}}` (report-uri), the inner csp-report
 * object, a Reporting API report `{type: 'csp-violation', body: {...}}`, or its body. Undefined when the
 * input is not a CSP violation report.
 *
 * @example
 * readViolation({ 'csp-report': { 'document-uri': 'https://example.com/', 'blocked-uri': 'inline',
 *   'effective-directive': 'script-src-elem', 'original-policy': "script-src 'self'" } });
 * // { effectiveDirective: 'script-src-elem', blockedURL: 'inline', documentURL: 'https://example.com/', originalPolicy: "script-src 'self'" }
 */
export function readViolation(report: unknown): Violation | undefined {
  const outer = asRecord(report);
  if (outer === undefined) return undefined;
  const inner = asRecord(outer['csp-report']) ?? asRecord(outer.body) ?? outer;
  const directive = text(
    inner,
    'effectiveDirective',
    'effective-directive',
    'violatedDirective',
    'violated-directive',
  );
  const documentURL = text(inner, 'documentURL', 'document-uri', 'documentURI');
  if (directive === undefined || documentURL === undefined) return undefined;
  const violation: Violation = {
    effectiveDirective: directive.trim().split(/\s+/)[0]!.toLowerCase(),
    blockedURL: text(inner, 'blockedURL', 'blocked-uri', 'blockedURI') ?? '',
    documentURL,
  };
  const originalPolicy = text(inner, 'originalPolicy', 'original-policy');
  if (originalPolicy !== undefined) violation.originalPolicy = originalPolicy;
  const sample = text(inner, 'sample', 'script-sample');
  if (sample !== undefined && sample !== '') violation.sample = sample;
  const disposition = text(inner, 'disposition');
  if (disposition === 'enforce' || disposition === 'report') violation.disposition = disposition;
  return violation;
}

/** Maps a report's blocked URL to a resource, or undefined when it cannot be replayed. */
function resourceOf(violation: Violation): { directive: string; resource: Resource } | undefined {
  const blocked = violation.blockedURL.trim();
  const directive = violation.effectiveDirective;
  if (blocked === 'inline') {
    // Old reports name script-src/style-src for inline code; the element rules are the right replay then.
    const resource: Resource =
      violation.sample === undefined ? { kind: 'inline' } : { kind: 'inline', sample: violation.sample };
    return { directive, resource };
  }
  if (blocked === 'eval') return { directive, resource: { kind: 'eval' } };
  if (blocked === 'wasm-eval') return { directive, resource: { kind: 'wasm-eval' } };
  if (/^[a-z][a-z0-9+.-]*$/i.test(blocked)) return { directive, resource: `${blocked}:` };
  if (URL.canParse(blocked)) return { directive, resource: blocked };
  return undefined;
}

/** Directives whose reports cannot be replayed from the report alone (Trusted Types, sandbox, …). */
const NOT_REPLAYABLE = ['require-trusted-types-for', 'trusted-types', 'sandbox', 'upgrade-insecure-requests'];

/**
 * Whether the policy would have allowed what the report says was blocked. True means the report is
 * impossible for a page really running that policy (typically a browser extension or injected script
 * rewrote the page or the report); false means a genuine violation, or one Vigie cannot replay.
 * With no policy given, the report's own `originalPolicy` is used.
 *
 * @example
 * wouldAllow("default-src 'self'; img-src 'self' https://images.example.com", {
 *   effectiveDirective: 'img-src', blockedURL: 'https://images.example.com/logo.png', documentURL: 'https://example.com/',
 * }); // true: impossible, the policy allows this image
 * wouldAllow(undefined, { effectiveDirective: 'script-src-elem', blockedURL: 'inline',
 *   documentURL: 'https://example.com/', originalPolicy: "script-src 'self'" }); // false: a real violation
 */
export function wouldAllow(policy: string | Policy | undefined, violation: Violation): boolean {
  const source = policy ?? violation.originalPolicy;
  if (source === undefined) return false;
  const parsed = typeof source === 'string' ? parsePolicy(source).policy : source;
  if (NOT_REPLAYABLE.includes(violation.effectiveDirective)) return false;
  const replay = resourceOf(violation);
  if (replay === undefined) return false;
  const origin = URL.canParse(violation.documentURL) ? new URL(violation.documentURL) : null;
  return isAllowed(parsed, replay.directive, replay.resource, origin);
}
