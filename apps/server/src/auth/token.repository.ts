// API tokens: shown once at creation, stored as sha256 only; a user's own, or service tokens
// (no user) such as the admin token made on first start.

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
  prefix: string;
}

/** Store a token (a generated one unless given) and return it in clear, once. */
export async function createToken(
  db: Db,
  options: { name: string; scopes: Scope[]; token?: string | undefined; userId?: number | null },
  now = Date.now(),
): Promise<CreatedToken> {
  const token = options.token ?? generateToken();
  const prefix = token.slice(0, TOKEN_PREFIX.length + 4);
  const row = await db
    .insertInto('api_tokens')
    .values({
      name: options.name,
      token_hash: hashToken(token),
      token_prefix: prefix,
      scopes: options.scopes.join(' '),
      created_at: now,
      last_used_at: null,
      revoked_at: null,
      user_id: options.userId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, token, name: options.name, scopes: options.scopes, prefix };
}

export interface TokenIdentity {
  tokenId: number;
  name: string;
  scopes: Scope[];
  userId: number | null;
  lastUsedAt: number | null;
}

const parseScopes = (scopes: string) => scopes.split(' ').filter(Boolean) as Scope[];

export async function findActiveToken(db: Db, token: string): Promise<TokenIdentity | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'scopes', 'user_id', 'last_used_at'])
    .where('token_hash', '=', hashToken(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    tokenId: row.id,
    name: row.name,
    scopes: parseScopes(row.scopes),
    userId: row.user_id,
    lastUsedAt: row.last_used_at,
  };
}

// Record use at most once a minute: enough to tell stale tokens apart, without a write per request.
const TOUCH_EVERY_MS = 60_000;

export async function touchToken(db: Db, identity: TokenIdentity, now = Date.now()): Promise<void> {
  if (identity.lastUsedAt !== null && now - identity.lastUsedAt < TOUCH_EVERY_MS) return;
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', identity.tokenId).execute();
}

export interface TokenSummary {
  id: number;
  name: string;
  prefix: string;
  scopes: Scope[];
  createdAt: number;
  lastUsedAt: number | null;
}

/** The active tokens of a user, or the service tokens (userId null); never their secrets. */
export async function listActiveTokens(db: Db, userId: number | null): Promise<TokenSummary[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'token_prefix', 'scopes', 'created_at', 'last_used_at'])
    .where('user_id', userId === null ? 'is' : '=', userId)
    .where('revoked_at', 'is', null)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.token_prefix,
    scopes: parseScopes(r.scopes),
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
  }));
}

/** Revoke a token that belongs to `userId` (null: a service token). False when there is none such. */
export async function revokeToken(
  db: Db,
  tokenId: number,
  userId: number | null,
  now = Date.now(),
): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('id', '=', tokenId)
    .where('user_id', userId === null ? 'is' : '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
