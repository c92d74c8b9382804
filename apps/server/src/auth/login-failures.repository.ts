// The failed logins the login rate limit counts (login-limiter.ts), keyed `email:<email>`,
// `ip:<address>` or `ip-email:<address> <email>`, and the addresses each user logged in from.

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

/** Whether the account with this email logged in from `address` after `sinceMs`. */
export async function isKnownAddress(
  db: Db,
  email: string,
  address: string,
  sinceMs: number,
): Promise<boolean> {
  const row = await db
    .selectFrom('login_known_addresses as k')
    .innerJoin('users as u', 'u.id', 'k.user_id')
    .select('k.user_id')
    .where('u.email', '=', email)
    .where('k.address', '=', address)
    .where('k.last_login_at', '>', sinceMs)
    .executeTakeFirst();
  return row !== undefined;
}

/** Remember that the user logged in from `address` at `atMs`; forget their addresses unused since `staleMs`. */
export async function rememberAddress(
  db: Db,
  userId: number,
  address: string,
  atMs: number,
  staleMs: number,
): Promise<void> {
  await db
    .insertInto('login_known_addresses')
    .values({ user_id: userId, address, last_login_at: atMs })
    .onConflict((oc) => oc.columns(['user_id', 'address']).doUpdateSet({ last_login_at: atMs }))
    .execute();
  await db
    .deleteFrom('login_known_addresses')
    .where('user_id', '=', userId)
    .where('last_login_at', '<', staleMs)
    .execute();
}
