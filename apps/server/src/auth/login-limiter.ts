// Login rate limit: too many failed logins for one email, or from one client address, within a
// window → 429 with Retry-After until the oldest counted failure leaves the window. The failures
// live in the database (login_failures), so N instances on PostgreSQL share one budget; a
// per-instance counter would multiply the attempts an attacker gets by the number of instances.

import type { Kysely } from 'kysely';
import { VigieError } from '../errors.ts';
import type { Schema } from '../storage/schema.ts';
import {
  deleteFailures,
  deleteFailuresUpTo,
  insertFailures,
  nthLatestFailure,
} from './login-failures.repository.ts';

type Db = Kysely<Schema>;

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/** Failures allowed per email in the window: enough for typos, far too few for guessing. */
export const FAILURES_PER_EMAIL = 5;
// Higher per address: an office or a VPN puts a whole team behind one IP.
export const FAILURES_PER_IP = 20;

export interface LoginKeys {
  email: string;
  ip: string;
}

const keysOf = (k: LoginKeys) =>
  [
    [`email:${k.email}`, FAILURES_PER_EMAIL],
    [`ip:${k.ip}`, FAILURES_PER_IP],
  ] as const;

/** When the limit-th most recent failure in the window leaves it, fewer than `limit` remain. */
async function blockedUntil(db: Db, key: string, limit: number, now: number): Promise<number | undefined> {
  const failedAt = await nthLatestFailure(db, key, limit, now - LOGIN_WINDOW_MS);
  return failedAt === undefined ? undefined : failedAt + LOGIN_WINDOW_MS;
}

/** Throws 429 `too_many_login_attempts` (with Retry-After) when either key used up its failures. */
export async function checkLoginAllowed(db: Db, keys: LoginKeys, now = Date.now()): Promise<void> {
  let until: number | undefined;
  for (const [key, limit] of keysOf(keys)) {
    const blocked = await blockedUntil(db, key, limit, now);
    if (blocked !== undefined && (until === undefined || blocked > until)) until = blocked;
  }
  if (until === undefined) return;
  const retryAfterSeconds = Math.max(1, Math.ceil((until - now) / 1000));
  throw new VigieError('too_many_login_attempts', { retryAfterSeconds }, { retryAfterSeconds });
}

/**
 * Count an attempt as failed before the password is checked, so a burst of parallel guesses cannot
 * all slip past checkLoginAllowed while scrypt runs; a success takes it back (forgetLoginAttempt).
 */
export async function recordLoginAttempt(db: Db, keys: LoginKeys, now = Date.now()): Promise<void> {
  await insertFailures(
    db,
    keysOf(keys).map(([key]) => key),
    now,
  );
  // Failures older than the window no longer count for anyone.
  await deleteFailuresUpTo(db, now - LOGIN_WINDOW_MS);
}

/**
 * After a successful login: the account's failures are forgotten, the address's only for this
 * attempt (one good password must not reset the budget of someone guessing many accounts).
 */
export async function forgetLoginAttempt(db: Db, keys: LoginKeys, attemptAt: number): Promise<void> {
  await deleteFailures(db, `email:${keys.email}`);
  await deleteFailures(db, `ip:${keys.ip}`, attemptAt);
}
