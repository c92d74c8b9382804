// The failed logins the login rate limit counts (login-limiter.ts), keyed `email:<address>` or `ip:<address>`.

import type { Kysely } from 'kysely';
import type { Schema } from '../storage/schema.ts';

type Db = Kysely<Schema>;

/** When the `n`-th most recent failure for `key` after `afterMs` happened; undefined if there are fewer. */
export async function nthLatestFailure(
  db: Db,
  key: string,
  n: number,
  afterMs: number,
): Promise<number | undefined> {
  const row = await db
    .selectFrom('login_failures')
    .select('failed_at')
    .where('key', '=', key)
    .where('failed_at', '>', afterMs)
    .orderBy('failed_at', 'desc')
    .limit(1)
    .offset(n - 1)
    .executeTakeFirst();
  return row?.failed_at;
}

export async function insertFailures(db: Db, keys: readonly string[], atMs: number): Promise<void> {
  await db
    .insertInto('login_failures')
    .values(keys.map((key) => ({ key, failed_at: atMs })))
    .execute();
}

export async function deleteFailuresUpTo(db: Db, atMs: number): Promise<void> {
  await db.deleteFrom('login_failures').where('failed_at', '<=', atMs).execute();
}

/** The failures of `key`: all of them, or only the one at `atMs`. */
export async function deleteFailures(db: Db, key: string, atMs?: number): Promise<void> {
  let query = db.deleteFrom('login_failures').where('key', '=', key);
  if (atMs !== undefined) query = query.where('failed_at', '=', atMs);
  await query.execute();
}
