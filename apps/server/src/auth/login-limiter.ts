// Login rate limit. Three budgets of failed logins, each a sliding window:
// - per address (any account): 20 in 15 minutes — one client guessing many accounts;
// - per (address, account): 5 in 15 minutes — one client guessing one password;
// - per account, from everywhere: 50 in an hour — many clients (a botnet) guessing one password.
//   This one does not stop a login from an address the account logged in from before (a known
//   address, remembered in login_known_addresses), so nobody can lock a user out by failing on
//   purpose: only the guessers' own addresses, and new ones, wait.
// An address is the client's IP, or its /64 network for IPv6 (one host holds a whole /64). The
// failures live in the database (login_failures), so N instances on PostgreSQL share one budget.

import { isIPv4, isIPv6 } from 'node:net';
import type { Kysely } from 'kysely';
import { VigieError } from '../errors.ts';
import type { Schema } from '../storage/schema.ts';
import {
  deleteFailures,
  deleteFailuresUpTo,
  insertFailures,
  isKnownAddress,
  nthLatestFailure,
  rememberAddress,
} from './login-failures.repository.ts';

type Db = Kysely<Schema>;

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
// Higher per address: an office or a VPN puts a whole team behind one IP.
export const FAILURES_PER_IP = 20;
/** Failures allowed per account from one address in the window: enough for typos, far too few for guessing. */
export const FAILURES_PER_IP_AND_ACCOUNT = 5;
export const ACCOUNT_WINDOW_MS = 60 * 60 * 1000;
/** Failures allowed per account from all addresses together in ACCOUNT_WINDOW_MS; known addresses pass. */
export const FAILURES_PER_ACCOUNT = 50;
/** An address the account has not logged in from for this long is new again. */
export const KNOWN_ADDRESS_TTL_MS = 180 * 24 * 60 * 60 * 1000;

export interface LoginKeys {
  email: string;
  ip: string;
}

/** The address a budget counts: an IPv4 address (IPv4-mapped IPv6 too), or an IPv6 address's /64. */
export function addressOf(ip: string): string {
  const bare = ip.replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped) return mapped[1]!;
  if (isIPv4(bare) || !isIPv6(bare)) return bare;
  const [head, tail] = bare.toLowerCase().split('::') as [string, string | undefined];
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

interface Budget {
  key: string;
  limit: number;
  windowMs: number;
  /** Which limit the 429's message names. */
  scope: 'address' | 'account';
}

function budgetsOf(k: LoginKeys): { address: Budget; pair: Budget; account: Budget } {
  const address = addressOf(k.ip);
  return {
    address: { key: `ip:${address}`, limit: FAILURES_PER_IP, windowMs: LOGIN_WINDOW_MS, scope: 'address' },
    pair: {
      key: `ip-email:${address} ${k.email}`,
      limit: FAILURES_PER_IP_AND_ACCOUNT,
      windowMs: LOGIN_WINDOW_MS,
      scope: 'address',
    },
    account: {
      key: `email:${k.email}`,
      limit: FAILURES_PER_ACCOUNT,
      windowMs: ACCOUNT_WINDOW_MS,
      scope: 'account',
    },
  };
}

/** When the limit-th most recent failure in the window leaves it, fewer than `limit` remain. */
async function blockedUntil(db: Db, budget: Budget, now: number): Promise<number | undefined> {
  const failedAt = await nthLatestFailure(db, budget.key, budget.limit, now - budget.windowMs);
  return failedAt === undefined ? undefined : failedAt + budget.windowMs;
}

/**
 * Throws 429 `too_many_login_attempts` (with Retry-After) when the address, the address with this
 * account, or (from an address the account never logged in from) the account used up its failures.
 */
export async function checkLoginAllowed(db: Db, keys: LoginKeys, now = Date.now()): Promise<void> {
  const { address, pair, account } = budgetsOf(keys);
  let until: number | undefined;
  let scope: Budget['scope'] = 'address';
  for (const budget of [address, pair]) {
    const blocked = await blockedUntil(db, budget, now);
    if (blocked !== undefined && (until === undefined || blocked > until)) until = blocked;
  }
  if (until === undefined) {
    const blocked = await blockedUntil(db, account, now);
    if (
      blocked !== undefined &&
      !(await isKnownAddress(db, keys.email, addressOf(keys.ip), now - KNOWN_ADDRESS_TTL_MS))
    ) {
      until = blocked;
      scope = 'account';
    }
  }
  if (until === undefined) return;
  const retryAfterSeconds = Math.max(1, Math.ceil((until - now) / 1000));
  throw new VigieError('too_many_login_attempts', { retryAfterSeconds, scope }, { retryAfterSeconds });
}

/**
 * Count an attempt as failed before the password is checked, so a burst of parallel guesses cannot
 * all slip past checkLoginAllowed while scrypt runs; a success takes it back (forgetLoginAttempt).
 */
export async function recordLoginAttempt(db: Db, keys: LoginKeys, now = Date.now()): Promise<void> {
  const { address, pair, account } = budgetsOf(keys);
  await insertFailures(db, [address.key, pair.key, account.key], now);
  // Failures older than the longest window no longer count for anyone.
  await deleteFailuresUpTo(db, now - Math.max(LOGIN_WINDOW_MS, ACCOUNT_WINDOW_MS));
}

/**
 * After a successful login: this address's failures on the account are forgotten, the address's and
 * the account's only for this attempt (one good password must not reset the budget of someone
 * guessing many accounts, nor of a botnet guessing this one); and the address becomes known.
 */
export async function forgetLoginAttempt(
  db: Db,
  keys: LoginKeys,
  attemptAt: number,
  userId: number,
): Promise<void> {
  const { address, pair, account } = budgetsOf(keys);
  await deleteFailures(db, pair.key);
  await deleteFailures(db, address.key, attemptAt);
  await deleteFailures(db, account.key, attemptAt);
  await rememberAddress(db, userId, addressOf(keys.ip), attemptAt, attemptAt - KNOWN_ADDRESS_TTL_MS);
}
