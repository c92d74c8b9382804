// API tokens of the caller: create (the secret is shown once), list (never the secrets), revoke.
// A token never grants more than the caller holds: scopes above the caller's token are refused, so are
// projects the caller cannot read, and whatever the scopes, the owner's project roles still limit what
// a token can do. A service token (made by an admin service token) acts on the projects it is given,
// or on every project.

import { Type } from 'typebox';
import { IdParam } from '../api/schemas.ts';
import { VigieError } from '../errors.ts';
import type { RouteDeps, RoutePlugin } from '../http.ts';
import { allProjectIds } from './access.repository.ts';
import { administersInstance, projectNotFound, projectRoleOf } from './access.ts';
import {
  authErrors,
  CreatedToken,
  NoContent,
  presentToken,
  ScopeSchema,
  TokenSummary,
} from './auth.schemas.ts';
import type { Caller } from './caller.ts';
import { allows, scopesWithin } from './roles.ts';
import { createToken, listActiveTokens, revokeToken } from './token.repository.ts';

type Db = RouteDeps['database']['db'];

/** Whose tokens the caller manages: their own, or (admin service tokens) the service tokens. */
function tokenOwner(caller: Caller): number | null {
  if (caller.userId !== null) return caller.userId;
  if (administersInstance(caller)) return null;
  throw new VigieError('forbidden', { message: 'Only an admin service token may manage service tokens.' });
}

/**
 * The projects a new token is limited to: those asked for, each of which the caller must be able to read
 * (404 as for any project they cannot see); without a list, the caller's own limit, so a token made by a
 * limited token is never wider.
 */
async function grantedProjects(
  db: Db,
  caller: Caller,
  asked: readonly number[] | undefined,
): Promise<number[] | null> {
  if (asked === undefined) return caller.projectIds === null ? null : [...caller.projectIds];
  const existing = new Set(await allProjectIds(db));
  for (const id of asked) {
    if (!existing.has(id) || !allows(await projectRoleOf(db, caller, id), caller.scopes, 'read')) {
      throw projectNotFound(id);
    }
  }
  return [...asked];
}

export const tokensRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps.database;

  app.post(
    '/api/v1/tokens',
    {
      schema: {
        body: Type.Object({
          name: Type.String({ minLength: 1, maxLength: 100 }),
          scopes: Type.Array(ScopeSchema, { minItems: 1, uniqueItems: true }),
          projects: Type.Optional(
            Type.Array(Type.Integer({ minimum: 1 }), {
              minItems: 1,
              maxItems: 1000,
              uniqueItems: true,
              description:
                'Limit the token to these projects (ids). Without it, the token acts on every project the ' +
                "caller's own token (or, for a session, the user) may; a service token on every project.",
            }),
          ),
        }),
        response: { 201: CreatedToken, ...authErrors },
      },
    },
    async (request, reply) => {
      const { caller } = request;
      const userId = tokenOwner(caller);
      const { name, scopes } = request.body;
      if (!scopesWithin(scopes, caller.scopes)) {
        throw new VigieError(
          'scope_exceeds_caller',
          { held: caller.scopes, requested: scopes },
          { held: caller.scopes, requested: scopes },
        );
      }
      const projectIds = await grantedProjects(db, caller, request.body.projects);
      const now = Date.now();
      const created = await createToken(db, { name: name.trim(), scopes, userId, projectIds }, now);
      const summary = { ...created, createdAt: now, lastUsedAt: null };
      return reply.status(201).send({ ...presentToken(summary), token: created.token });
    },
  );

  app.get(
    '/api/v1/tokens',
    { schema: { response: { 200: Type.Object({ tokens: Type.Array(TokenSummary) }), ...authErrors } } },
    async (request) => {
      const tokens = await listActiveTokens(db, tokenOwner(request.caller));
      return { tokens: tokens.map(presentToken) };
    },
  );

  app.delete(
    '/api/v1/tokens/:id',
    { schema: { params: IdParam, response: { 204: NoContent, ...authErrors } } },
    async (request, reply) => {
      const revoked = await revokeToken(db, Number(request.params.id), tokenOwner(request.caller));
      if (!revoked) {
        throw new VigieError('not_found', { message: `You have no active token ${request.params.id}.` });
      }
      return reply.status(204).send(null);
    },
  );
};
