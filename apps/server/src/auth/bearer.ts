// Authentication for the HTTP API: `Authorization: Bearer <token>` on every /api/v1 route.
// Sets request.caller; authorization per project is access.ts's job.

import type { FastifyInstance } from 'fastify';
import { VigieError } from '../errors.ts';
import type { Database } from '../storage/database.ts';
import type { Caller } from './caller.ts';
import { findActiveToken } from './token.repository.ts';

export async function callerForToken(database: Database, token: string): Promise<Caller | undefined> {
  const identity = await findActiveToken(database.db, token);
  if (!identity) return undefined;
  if (identity.userId === null) {
    return {
      kind: 'service',
      userId: null,
      email: null,
      isAdmin: identity.scopes.includes('admin'),
      scopes: identity.scopes,
      tokenId: identity.tokenId,
      via: 'token',
    };
  }
  const user = await database.db
    .selectFrom('users')
    .select(['id', 'email', 'is_admin', 'disabled_at'])
    .where('id', '=', identity.userId)
    .executeTakeFirst();
  if (!user || user.disabled_at !== null) return undefined;
  return {
    kind: 'user',
    userId: user.id,
    email: user.email,
    isAdmin: user.is_admin === 1,
    scopes: identity.scopes,
    tokenId: identity.tokenId,
    via: 'token',
  };
}

/** Adds a hook that rejects requests without a valid bearer token (401). */
export function requireBearerToken(app: FastifyInstance, database: Database): void {
  app.decorateRequest('caller', null as unknown as Caller);
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
    const caller = await callerForToken(database, match[1]!);
    if (!caller) throw new VigieError(401, 'invalid_token', 'The API token is unknown or has been revoked.');
    request.caller = caller;
  });
}
