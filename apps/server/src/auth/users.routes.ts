// User administration for instance administrators: create accounts (with a chosen or generated
// password, shown once) and list them.

import { Type } from 'typebox';
import { decodeCursor, page } from '../api/cursor.ts';
import { PageQuery } from '../api/schemas.ts';
import type { App, RouteDeps, RoutePlugin } from '../http.ts';
import { requireInstanceAdmin } from './access.ts';
import { authErrors, Email, NewPassword, presentUser, User } from './auth.schemas.ts';
import { generatePassword, hashPassword, type ScryptCost } from './password.ts';
import { createUser, listUsers } from './users.repository.ts';

type Db = RouteDeps['database']['db'];

export const usersRoutes: RoutePlugin = async (app, deps) => {
  createUserRoute(app, deps.database.db, deps.config.passwordHashCost);
  listUsersRoute(app, deps.database.db);
};

function createUserRoute(app: App, db: Db, cost: ScryptCost | undefined): void {
  app.post(
    '/api/v1/users',
    {
      schema: {
        body: Type.Object({
          email: Email,
          name: Type.Optional(Type.String({ maxLength: 200 })),
          /** Omitted: Vigie generates one and returns it once. */
          password: Type.Optional(NewPassword),
          isAdmin: Type.Optional(Type.Boolean({ default: false })),
        }),
        response: {
          201: Type.Object({
            user: User,
            password: Type.Optional(Type.String({ description: 'The generated password, shown once.' })),
          }),
          ...authErrors,
        },
      },
    },
    async (request, reply) => {
      requireInstanceAdmin(request.caller);
      const { email, name, password, isAdmin } = request.body;
      const generated = password === undefined ? generatePassword() : undefined;
      const user = await createUser(db, {
        email,
        name: name ?? '',
        passwordHash: await hashPassword(password ?? generated!, cost),
        isAdmin: isAdmin ?? false,
      });
      request.log.info({ userId: user.id, by: request.caller.userId }, 'user created');
      return reply
        .status(201)
        .send({ user: presentUser(user), ...(generated !== undefined ? { password: generated } : {}) });
    },
  );
}

function listUsersRoute(app: App, db: Db): void {
  app.get(
    '/api/v1/users',
    {
      schema: {
        querystring: Type.Object(PageQuery),
        response: {
          200: Type.Object({ users: Type.Array(User), next: Type.Union([Type.String(), Type.Null()]) }),
          ...authErrors,
        },
      },
    },
    async (request) => {
      requireInstanceAdmin(request.caller);
      const limit = request.query.limit ?? 25;
      const after = decodeCursor(request.query.cursor);
      const rows = await listUsers(db, after?.id ?? 0, limit);
      const { items, next } = page(rows, limit, (u) => ({ at: u.id, id: u.id }));
      return { users: items.map(presentUser), next };
    },
  );
}
