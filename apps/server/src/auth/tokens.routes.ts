// API tokens of the caller: create (the secret is shown once), list (never the secrets), revoke.
// A token never grants more than the caller holds: scopes above the caller's token are refused,
// and whatever the scopes, the owner's project roles still limit what a token can do.

import { Type } from 'typebox';
import { IdParam } from '../api/schemas.ts';
import { VigieError } from '../errors.ts';
import type { RoutePlugin } from '../http.ts';
import {
  authErrors,
  CreatedToken,
  NoContent,
  presentToken,
  ScopeSchema,
  TokenSummary,
} from './auth.schemas.ts';
import type { Caller } from './caller.ts';
import { scopesWithin } from './roles.ts';
import { createToken, listActiveTokens, revokeToken } from './token.repository.ts';

/** Whose tokens the caller manages: their own, or (admin service tokens) the service tokens. */
function tokenOwner(caller: Caller): number | null {
  if (caller.userId !== null) return caller.userId;
  if (caller.isAdmin) return null;
  throw new VigieError('forbidden', { message: 'Only an admin service token may manage service tokens.' });
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
      const now = Date.now();
      const created = await createToken(db, { name: name.trim(), scopes, userId }, now);
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
