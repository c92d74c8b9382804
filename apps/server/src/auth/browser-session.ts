// Starting a dashboard session for a user who just proved who they are (login, or the setup link that
// created their account): the cookie on the reply, the CSRF token and expiry in the body.

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import type { RouteDeps } from '../http.ts';
import type { User } from '../storage/schema.ts';
import { presentUser, type Session } from './auth.schemas.ts';
import { isHttps } from './bearer.ts';
import { createSession, SESSION_TTL_MS } from './session.repository.ts';
import { sessionCookie } from './session-cookie.ts';

export async function startBrowserSession(
  db: RouteDeps['database']['db'],
  request: FastifyRequest,
  reply: FastifyReply,
  user: User,
): Promise<Static<typeof Session>> {
  const session = await createSession(db, user.id);
  reply.header(
    'set-cookie',
    sessionCookie(session.sessionId, { secure: isHttps(request), maxAgeSeconds: SESSION_TTL_MS / 1000 }),
  );
  return {
    user: presentUser(user),
    csrfToken: session.csrfToken,
    expiresAt: new Date(session.expiresAt).toISOString(),
  };
}
