// Login: an API route that needs no authentication (with setup.routes.ts). A right email and password start a
// browser session (cookie + CSRF token); failures count towards the login rate limit.

import { Type } from 'typebox';
import { VigieError } from '../errors.ts';
import type { RouteDeps, RoutePlugin } from '../http.ts';
import type { User } from '../storage/schema.ts';
import { authErrors, Password, Session } from './auth.schemas.ts';
import { startBrowserSession } from './browser-session.ts';
import { checkLoginAllowed, forgetLoginAttempt, recordLoginAttempt } from './login-limiter.ts';
import {
  hashPassword,
  needsRehash,
  type ScryptCost,
  verifyAgainstNothing,
  verifyPassword,
} from './password.ts';
import { originMatchesHost } from './session-cookie.ts';
import { findUserByEmail, normalizeEmail, setPasswordHash } from './users.repository.ts';

type Db = RouteDeps['database']['db'];

const invalidCredentials = () => new VigieError('invalid_credentials');

/** The user behind these credentials, or undefined; as slow for unknown emails as for known ones. */
async function checkCredentials(
  db: Db,
  cost: ScryptCost | undefined,
  email: string,
  password: string,
): Promise<User | undefined> {
  const user = await findUserByEmail(db, email);
  if (!user || user.password_hash === null || user.disabled_at !== null) {
    await verifyAgainstNothing(password, cost);
    return undefined;
  }
  if (!(await verifyPassword(password, user.password_hash))) return undefined;
  if (needsRehash(user.password_hash, cost))
    await setPasswordHash(db, user.id, await hashPassword(password, cost));
  return user;
}

export const loginRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps.database;

  app.post(
    '/api/v1/auth/login',
    {
      schema: {
        // Any string: it is trimmed and lower-cased, and an address no account has is just wrong.
        body: Type.Object({ email: Type.String({ minLength: 1, maxLength: 254 }), password: Password }),
        response: { 200: Session, ...authErrors },
      },
    },
    async (request, reply) => {
      // Login CSRF: another site must not log a visitor into an account of its choosing.
      if (!originMatchesHost(request.headers.origin, request.host)) {
        throw new VigieError('csrf_failed', {
          message: 'Log in from Vigie itself: this request comes from another site.',
        });
      }
      const email = normalizeEmail(request.body.email);
      const keys = { email, ip: request.ip };
      const now = Date.now();
      await checkLoginAllowed(db, keys, now);
      await recordLoginAttempt(db, keys, now);
      const user = await checkCredentials(db, deps.config.passwordHashCost, email, request.body.password);
      if (!user) throw invalidCredentials();
      await forgetLoginAttempt(db, keys, now, user.id);
      const session = await startBrowserSession(db, request, reply, user);
      request.log.info({ userId: user.id }, 'user logged in');
      return session;
    },
  );
};
