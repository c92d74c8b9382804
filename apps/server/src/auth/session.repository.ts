// Browser sessions: a random id in an HttpOnly cookie, stored only as its sha256, with a CSRF token
// and a sliding expiry. Any instance can resume any session: nothing lives in memory.

import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema, User } from '../storage/schema.ts';

type Db = Kysely<Schema>;

/** A session lasts this long after its last use. */
export const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;
// Extend the expiry at most once a minute: one write per active minute, not one per request.
const SLIDE_EVERY_MS = 60_000;

export const hashSessionId = (sessionId: string) => createHash('sha256').update(sessionId).digest('hex');

export interface NewSession {
  /** The secret for the cookie; never stored. */
  sessionId: string;
  csrfToken: string;
  expiresAt: number;
}

export async function createSession(db: Db, userId: number, now = Date.now()): Promise<NewSession> {
  const sessionId = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const expiresAt = now + SESSION_TTL_MS;
  // Sessions expire without anyone logging out: sweep this user's old ones as new ones start.
  await db.deleteFrom('user_sessions').where('user_id', '=', userId).where('expires_at', '<=', now).execute();
  await db
    .insertInto('user_sessions')
    .values({
      id_hash: hashSessionId(sessionId),
      user_id: userId,
      csrf_token: csrfToken,
      created_at: now,
      expires_at: expiresAt,
      last_used_at: now,
    })
    .execute();
  return { sessionId, csrfToken, expiresAt };
}

export interface ActiveSession {
  idHash: string;
  csrfToken: string;
  expiresAt: number;
  user: User;
  /** True when this request moved the expiry forward, so the cookie should be re-issued. */
  extended: boolean;
}

/** The live session for a cookie value, its expiry slid forward; undefined if expired or unknown. */
export async function resumeSession(
  db: Db,
  sessionId: string,
  now = Date.now(),
): Promise<ActiveSession | undefined> {
  const idHash = hashSessionId(sessionId);
  const row = await db
    .selectFrom('user_sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .selectAll('u')
    .select(['s.csrf_token', 's.expires_at', 's.last_used_at'])
    .where('s.id_hash', '=', idHash)
    .where('s.expires_at', '>', now)
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  const { csrf_token, expires_at, last_used_at, ...user } = row;
  if (now - last_used_at < SLIDE_EVERY_MS) {
    return { idHash, csrfToken: csrf_token, expiresAt: expires_at, user, extended: false };
  }
  const expiresAt = now + SESSION_TTL_MS;
  await db
    .updateTable('user_sessions')
    .set({ last_used_at: now, expires_at: expiresAt })
    .where('id_hash', '=', idHash)
    .execute();
  return { idHash, csrfToken: csrf_token, expiresAt, user, extended: true };
}

export async function endSession(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('user_sessions').where('id_hash', '=', idHash).execute();
}

/** Log a user out everywhere except, optionally, the session they are using. Returns how many ended. */
export async function endOtherSessions(db: Db, userId: number, keepIdHash: string | null): Promise<number> {
  let query = db.deleteFrom('user_sessions').where('user_id', '=', userId);
  if (keepIdHash !== null) query = query.where('id_hash', '!=', keepIdHash);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}
