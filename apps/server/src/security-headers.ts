// Headers every response carries, ingest included: what a browser must not do with Vigie's answers
// (sniff a type, frame them, send Vigie's URLs to other sites, share a window with another origin).
// Built once; per response it costs one hook and a few header writes.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * - nosniff: a JSON answer is never run as a script or rendered as HTML, whatever an event holds.
 * - Referrer-Policy no-referrer: dashboard URLs (issue ids, search queries) stay out of other sites' logs
 *   when a user follows a link to GitHub or to a URL an event carries.
 * - frame-ancestors 'none' and X-Frame-Options (for browsers without CSP level 2): no clickjacking of
 *   triage actions.
 * - Cross-Origin-Opener-Policy same-origin: a page Vigie opens, or that opens Vigie, gets no handle on it.
 */
const ALWAYS: Readonly<Record<string, string>> = Object.freeze({
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
});

/**
 * An answer without a policy of its own (the API's JSON, errors) may load nothing and be framed nowhere.
 * The dashboard's pages set their own policy (nonces), which this does not replace.
 */
const DEFAULT_CSP = "default-src 'none'; frame-ancestors 'none'";

/** Six months of HTTPS only, once a browser has reached Vigie over HTTPS; never sent over plain HTTP. */
const HSTS = 'max-age=15552000';

/** Sets the headers on `reply`; also called for the answers Fastify makes before any hook (app.ts). */
export function applySecurityHeaders(request: FastifyRequest, reply: FastifyReply): void {
  reply.headers(ALWAYS);
  if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', DEFAULT_CSP);
  if (request.protocol === 'https') reply.header('strict-transport-security', HSTS);
}

export function addSecurityHeaders(app: FastifyInstance): void {
  // onSend, not onRequest: an answer made in a handler may set its own policy first.
  app.addHook('onSend', (request, reply, payload, done) => {
    applySecurityHeaders(request, reply);
    done(null, payload);
  });
}
