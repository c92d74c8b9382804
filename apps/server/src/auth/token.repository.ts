// API tokens: shown once at creation, stored as sha256 only; a user's own, or service tokens
// (no user) such as the admin token made on first start. A token acts on every project (its owner's,
// or all for a service token) or on the projects it was given when made.

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
  /** The projects the token is limited to; null: every project. */
  projectIds: number[] | null;
}

/**
 * Store a token (a generated one unless given) and return it in clear, once. With `projectIds`, it acts
 * on those projects only; without, on every project its owner may see (a service token: every project).
 */
export async function createToken(
  db: Db,
  options: {
    name: string;
    scopes: Scope[];
    token?: string | undefined;
    userId?: number | null;
    projectIds?: readonly number[] | null | undefined;
  },
  now = Date.now(),
): Promise<CreatedToken> {
  const token = options.token ?? generateToken();
  const prefix = token.slice(0, TOKEN_PREFIX.length + 4);
  const projectIds = options.projectIds ? [...new Set(options.projectIds)].sort((a, b) => a - b) : null;
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
      projects_listed: projectIds ? 1 : 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (projectIds?.length) {
    await db
      .insertInto('api_token_projects')
      .values(projectIds.map((projectId) => ({ token_id: row.id, project_id: projectId })))
      .execute();
  }
  return { id: row.id, token, name: options.name, scopes: options.scopes, prefix, projectIds };
}

export interface TokenIdentity {
  tokenId: number;
  name: string;
  scopes: Scope[];
  userId: number | null;
  lastUsedAt: number | null;
  /** The projects the token is limited to; null: every project (its owner's, for a user's token). */
  projectIds: number[] | null;
}

const parseScopes = (scopes: string) => scopes.split(' ').filter(Boolean) as Scope[];

/** The listed projects of the tokens among `tokenIds` that have them, by token. */
async function listedProjects(db: Db, tokenIds: readonly number[]): Promise<Map<number, number[]>> {
  const byToken = new Map<number, number[]>();
  if (tokenIds.length === 0) return byToken;
  const rows = await db
    .selectFrom('api_token_projects')
    .select(['token_id', 'project_id'])
    .where('token_id', 'in', tokenIds)
    .orderBy('project_id')
    .execute();
  for (const row of rows) {
    const ids = byToken.get(row.token_id) ?? [];
    ids.push(row.project_id);
    byToken.set(row.token_id, ids);
  }
  return byToken;
}

export async function findActiveToken(db: Db, token: string): Promise<TokenIdentity | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'scopes', 'user_id', 'last_used_at', 'projects_listed'])
    .where('token_hash', '=', hashToken(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  const listed = row.projects_listed === 1 ? await listedProjects(db, [row.id]) : undefined;
  return {
    tokenId: row.id,
    name: row.name,
    scopes: parseScopes(row.scopes),
    userId: row.user_id,
    lastUsedAt: row.last_used_at,
    projectIds: listed ? (listed.get(row.id) ?? []) : null,
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
  projectIds: number[] | null;
}

/** The active tokens of a user, or the service tokens (userId null); never their secrets. */
export async function listActiveTokens(db: Db, userId: number | null): Promise<TokenSummary[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'token_prefix', 'scopes', 'created_at', 'last_used_at', 'projects_listed'])
    .where('user_id', userId === null ? 'is' : '=', userId)
    .where('revoked_at', 'is', null)
    .orderBy('id')
    .execute();
  const listed = await listedProjects(
    db,
    rows.filter((r) => r.projects_listed === 1).map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.token_prefix,
    scopes: parseScopes(r.scopes),
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    projectIds: r.projects_listed === 1 ? (listed.get(r.id) ?? []) : null,
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
