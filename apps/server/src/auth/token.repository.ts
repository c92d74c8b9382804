// API tokens: shown once at creation, stored as sha256 only.

import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema } from '../storage/schema.ts';
import type { Scope } from './roles.ts';

export type { Scope };

type Db = Kysely<Schema>;

export const TOKEN_PREFIX = 'vigie_';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function generateToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(24).toString('base64url')}`;
}

export interface CreatedToken {
  id: number;
  token: string;
  name: string;
  scopes: Scope[];
}

/** Store a token (a generated one unless given) and return it in clear, once. */
export async function createToken(
  db: Db,
  options: { name: string; scopes: Scope[]; token?: string | undefined; userId?: number | null },
  now = Date.now(),
): Promise<CreatedToken> {
  const token = options.token ?? generateToken();
  const row = await db
    .insertInto('api_tokens')
    .values({
      name: options.name,
      token_hash: hashToken(token),
      token_prefix: token.slice(0, TOKEN_PREFIX.length + 4),
      scopes: options.scopes.join(' '),
      created_at: now,
      last_used_at: null,
      revoked_at: null,
      user_id: options.userId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, token, name: options.name, scopes: options.scopes };
}

export interface TokenIdentity {
  tokenId: number;
  name: string;
  scopes: Scope[];
  userId: number | null;
}

export async function findActiveToken(db: Db, token: string): Promise<TokenIdentity | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'scopes', 'user_id'])
    .where('token_hash', '=', hashToken(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    tokenId: row.id,
    name: row.name,
    scopes: row.scopes.split(' ').filter(Boolean) as Scope[],
    userId: row.user_id,
  };
}
