// The session cookie and the CSRF checks that go with it. Parsing one cookie out of a Cookie
// header is small enough not to need a library.

import { timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'vigie_session';

/** The session id from a Cookie header, if there is one. */
export function readSessionCookie(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    // Our ids are base64url; anything else was not set by Vigie.
    return /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : undefined;
  }
  return undefined;
}

export interface CookieOptions {
  /** Over HTTPS (directly or behind a trusted proxy): browsers then never send it in clear. */
  secure: boolean;
  maxAgeSeconds: number;
}

/** A Set-Cookie value: HttpOnly so scripts cannot read it, SameSite=Lax so other sites cannot post with it. */
export function sessionCookie(sessionId: string, options: CookieOptions): string {
  const parts = [
    `${SESSION_COOKIE}=${sessionId}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`,
  ];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

/** A Set-Cookie value that makes the browser forget the session. */
export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', { secure, maxAgeSeconds: 0 });
}

/** Methods that change nothing; every other method on a cookie session needs the CSRF token. */
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Constant-time comparison of the X-CSRF-Token header with the session's token. */
export function csrfTokenMatches(sent: string | string[] | undefined, expected: string): boolean {
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * False when a browser says the request comes from another site: its Origin's host differs from
 * the Host it sent the request to. No Origin header (older browsers, same-origin GETs) passes.
 */
export function originMatchesHost(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true;
  if (!host) return false;
  try {
    return new URL(origin).host.toLowerCase() === host.toLowerCase();
  } catch {
    // "null" (sandboxed frames, some redirects) and other non-URLs.
    return false;
  }
}
