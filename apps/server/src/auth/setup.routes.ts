// First run: the one-time setup link printed at start (http://host/setup/<token>) lets the first person
// create the owner account, an instance administrator, and signs them in. Like login, it needs no
// authentication: the link's token is the credential, and it works once.

import { Type } from 'typebox';
import { VigieError } from '../errors.ts';
import type { RoutePlugin } from '../http.ts';
import { authErrors, Email, NewPassword, Session } from './auth.schemas.ts';
import { startBrowserSession } from './browser-session.ts';
import { hashPassword } from './password.ts';
import { originMatchesHost } from './session-cookie.ts';
import { consumeSetupLinks, hasUsers, isSetupLinkValid } from './setup-link.repository.ts';
import { createUser } from './users.repository.ts';

const TokenParam = Type.Object({ token: Type.String({ pattern: '^[A-Za-z0-9_-]{20,100}$' }) });

export const setupRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps.database;

  app.get(
    '/api/v1/setup/:token',
    {
      schema: {
        description: 'Whether a setup link can still create the owner account (404 when it cannot).',
        params: TokenParam,
        response: { 200: Type.Object({ valid: Type.Literal(true) }), ...authErrors },
      },
    },
    async (request) => {
      if (!(await isSetupLinkValid(db, request.params.token))) throw new VigieError('setup_link_invalid');
      return { valid: true as const };
    },
  );

  app.post(
    '/api/v1/setup/:token',
    {
      schema: {
        description:
          'Creates the owner account (an instance administrator) with the setup link printed at first start, ' +
          'and signs it in: the answer is the same as a login’s. The link then stops working.',
        params: TokenParam,
        body: Type.Object({
          email: Email,
          name: Type.Optional(Type.String({ maxLength: 200 })),
          password: NewPassword,
        }),
        response: { 201: Session, ...authErrors },
      },
    },
    async (request, reply) => {
      if (!originMatchesHost(request.headers.origin, request.host)) {
        throw new VigieError('csrf_failed', {
          message: 'Set Vigie up from Vigie itself: this request comes from another site.',
        });
      }
      const { email, name, password } = request.body;
      // Hashed before the transaction: scrypt takes a while, and holds no lock meanwhile.
      const passwordHash = await hashPassword(password, deps.config.passwordHashCost);
      const user = await db.transaction().execute(async (trx) => {
        if (!(await consumeSetupLinks(trx, request.params.token))) throw new VigieError('setup_link_invalid');
        if (await hasUsers(trx)) throw new VigieError('setup_done');
        return createUser(trx, { email, name: name ?? '', passwordHash, isAdmin: true });
      });
      request.log.info({ userId: user.id }, 'owner account created with the setup link');
      return reply.status(201).send(await startBrowserSession(db, request, reply, user));
    },
  );
};
