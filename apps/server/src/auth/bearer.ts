// Authentication for the HTTP API: `Authorization: Bearer <token>` (scripts, CI, the CLI) or the
// dashboard's session cookie, on every /api/v1 route. Cookie requests that change something must
// also prove they come from Vigie's own pages (CSRF token, Origin). Sets request.caller;
// authorization per project is access.ts's job.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { VigieError } from '../errors.ts';
import type { Database } from '../storage/database.ts';
import type { User } from '../storage/schema.ts';
import type { Caller } from './caller.ts';
import { type ActiveSession, resumeSession, SESSION_TTL_MS } from './session.repository.ts';
import {
  clearedSessionCookie,
  csrfTokenMatches,
  originMatchesHost,
  readSessionCookie,
  SAFE_METHODS,
  sessionCookie,
} from './session-cookie.ts';
import { findActiveToken, touchToken } from './token.repository.ts';
import { findUser } from './users.repository.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The browser session behind request.caller; null for bearer tokens. */
    userSession: ActiveSession | null;
  }
}

export async function callerForToken(database: Database, token: string): Promise<Caller | undefined> {
  const identity = await findActiveToken(database.db, token);
  if (!identity) return undefined;
  const projectIds = identity.projectIds === null ? null : new Set(identity.projectIds);
  if (identity.userId === null) {
    await touchToken(database.db, identity);
    return {
      kind: 'service',
      userId: null,
      email: null,
      isAdmin: identity.scopes.includes('admin'),
      scopes: identity.scopes,
      tokenId: identity.tokenId,
      via: 'token',
      projectIds,
    };
  }
  const user = await findUser(database.db, identity.userId);
  if (!user || user.disabled_at !== null) return undefined;
  await touchToken(database.db, identity);
  return {
    kind: 'user',
    userId: user.id,
    email: user.email,
    isAdmin: user.is_admin === 1,
    scopes: identity.scopes,
    tokenId: identity.tokenId,
    via: 'token',
    projectIds,
  };
}

/** A browser session acts with the user's roles alone: no token scopes narrow it. */
export const callerForSession = (user: User): Caller => ({
  kind: 'user',
  userId: user.id,
  email: user.email,
  isAdmin: user.is_admin === 1,
  scopes: null,
  tokenId: null,
  via: 'session',
  projectIds: null,
});

/** Whether the client reached Vigie over HTTPS (X-Forwarded-Proto counts when the proxy is trusted). */
export const isHttps = (request: FastifyRequest) => request.protocol === 'https';

async function authenticateBearer(database: Database, header: string): Promise<Caller> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) {
    throw new VigieError('unauthenticated', {
      message:
        'The Authorization header must be "Bearer <token>" (create a token with POST /api/v1/tokens or `vigie token create`).',
    });
  }
  const caller = await callerForToken(database, match[1]!);
  if (!caller) throw new VigieError('invalid_token');
  return caller;
}

/** Cookie requests that change state must come from Vigie's pages: same Origin, and the CSRF token. */
function checkCsrf(request: FastifyRequest, session: ActiveSession): void {
  if (SAFE_METHODS.has(request.method)) return;
  if (!originMatchesHost(request.headers.origin, request.host)) {
    throw new VigieError('csrf_failed', {
      message: 'This request comes from another site (its Origin does not match the host); it was refused.',
    });
  }
  if (!csrfTokenMatches(request.headers['x-csrf-token'], session.csrfToken)) {
    throw new VigieError('csrf_failed', {
      message:
        'Requests that change something with a session cookie need the X-CSRF-Token header: use the csrfToken from the login response or GET /api/v1/auth/me.',
    });
  }
}

async function authenticateCookie(
  database: Database,
  request: FastifyRequest,
  reply: FastifyReply,
  sessionId: string,
): Promise<void> {
  const session = await resumeSession(database.db, sessionId);
  if (!session) {
    reply.header('set-cookie', clearedSessionCookie(isHttps(request)));
    throw new VigieError('session_expired');
  }
  checkCsrf(request, session);
  // The expiry slid forward: let the browser's copy of the cookie last as long.
  if (session.extended) {
    reply.header(
      'set-cookie',
      sessionCookie(sessionId, { secure: isHttps(request), maxAgeSeconds: SESSION_TTL_MS / 1000 }),
    );
  }
  request.caller = callerForSession(session.user);
  request.userSession = session;
}

/**
 * Adds a hook that authenticates every request of this scope by bearer token or session cookie
 * (401 without either). A bearer header, when present, is the only credential looked at.
 */
export function requireBearerToken(app: FastifyInstance, database: Database): void {
  app.decorateRequest('caller', null as unknown as Caller);
  app.decorateRequest('userSession', null);
  app.addHook('onRequest', async (request, reply) => {
    const header = request.headers.authorization;
    if (header !== undefined) {
      request.caller = await authenticateBearer(database, header);
      return;
    }
    const sessionId = readSessionCookie(request.headers.cookie);
    if (sessionId !== undefined) return authenticateCookie(database, request, reply, sessionId);
    throw new VigieError('unauthenticated', {
      message:
        'This endpoint needs a login: send "Authorization: Bearer <token>" (create one with `vigie token create`) or log in with POST /api/v1/auth/login.',
    });
  });
}
