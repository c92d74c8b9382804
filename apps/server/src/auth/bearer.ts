// Bearer-token authentication for the HTTP API: every /api/v1 route needs a valid token.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { VigieError } from '../errors.ts';
import type { Database } from '../storage/database.ts';
import { findActiveToken, type Scope, type TokenIdentity } from './token.repository.ts';

declare module 'fastify' {
  interface FastifyRequest {
    identity: TokenIdentity | undefined;
  }
}

/** Adds a hook that rejects requests without a valid `Authorization: Bearer <token>` (401). */
export function requireBearerToken(app: FastifyInstance, database: Database): void {
  app.decorateRequest('identity', undefined);
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) {
      throw new VigieError(
        401,
        'unauthenticated',
        'This endpoint needs an API token: send "Authorization: Bearer <token>" (create one with `vigie token create`).',
      );
    }
    const identity = await findActiveToken(database.db, match[1]!);
    if (!identity)
      throw new VigieError(401, 'invalid_token', 'The API token is unknown or has been revoked.');
    request.identity = identity;
  });
}

/** 403 unless the caller's token carries the scope (admin implies every scope). */
export function requireScope(request: FastifyRequest, scope: Scope): void {
  const scopes = request.identity?.scopes ?? [];
  if (!scopes.includes(scope) && !scopes.includes('admin')) {
    throw new VigieError(403, 'forbidden', `This action needs a token with the "${scope}" scope.`);
  }
}
