// The signed-in caller's own account: who am I, log out, change my password. Registers the token
// and user administration routes too, so app.ts wires the auth API with one call.

import { Type } from 'typebox';
import { VigieError } from '../errors.ts';
import type { RoutePlugin } from '../http.ts';
import { administersInstance } from './access.ts';
import { authErrors, Me, NewPassword, NoContent, Password, presentUser } from './auth.schemas.ts';
import { isHttps } from './bearer.ts';
import { checkLoginAllowed, recordLoginAttempt } from './login-limiter.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { endOtherSessions, endSession } from './session.repository.ts';
import { clearedSessionCookie } from './session-cookie.ts';
import { tokensRoutes } from './tokens.routes.ts';
import { findUser, setPasswordHash } from './users.repository.ts';
import { usersRoutes } from './users.routes.ts';

export const authRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps.database;

  app.get('/api/v1/auth/me', { schema: { response: { 200: Me, ...authErrors } } }, async (request) => {
    const { caller } = request;
    const user = caller.userId === null ? undefined : await findUser(db, caller.userId);
    return {
      user: user ? presentUser(user) : null,
      isAdmin: administersInstance(caller),
      via: caller.via,
      scopes: caller.scopes,
      projects: caller.projectIds === null ? null : [...caller.projectIds].sort((a, b) => a - b),
      csrfToken: request.userSession?.csrfToken ?? null,
    };
  });

  app.post(
    '/api/v1/auth/logout',
    { schema: { response: { 204: NoContent, ...authErrors } } },
    async (request, reply) => {
      // With a bearer token there is no session to end; revoke the token instead (DELETE /api/v1/tokens/{id}).
      if (request.userSession) await endSession(db, request.userSession.idHash);
      reply.header('set-cookie', clearedSessionCookie(isHttps(request)));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/auth/password',
    {
      schema: {
        body: Type.Object({ currentPassword: Password, newPassword: NewPassword }),
        response: { 200: Type.Object({ endedSessions: Type.Integer() }), ...authErrors },
      },
    },
    async (request) => {
      const { caller } = request;
      const user = caller.userId === null ? undefined : await findUser(db, caller.userId);
      if (!user) {
        throw new VigieError('not_a_user');
      }
      // Someone holding a stolen session must not guess the password here without limit either.
      const keys = { email: user.email, ip: request.ip };
      await checkLoginAllowed(db, keys);
      const current = request.body.currentPassword;
      if (user.password_hash === null || !(await verifyPassword(current, user.password_hash))) {
        await recordLoginAttempt(db, keys);
        throw new VigieError('wrong_password');
      }
      await setPasswordHash(
        db,
        user.id,
        await hashPassword(request.body.newPassword, deps.config.passwordHashCost),
      );
      // Whoever else was logged in with the old password is logged out; this browser stays in.
      const endedSessions = await endOtherSessions(db, user.id, request.userSession?.idHash ?? null);
      request.log.info({ userId: user.id, endedSessions }, 'password changed');
      return { endedSessions };
    },
  );

  await app.register(tokensRoutes, deps);
  await app.register(usersRoutes, deps);
};
