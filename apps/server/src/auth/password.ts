// Password hashing with scrypt from node:crypto. The hash is self-describing (PHC string format:
// `$scrypt$ln=15,r=8,p=3$<salt>$<key>`), so the cost can be raised later without breaking old hashes.

import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

export interface ScryptCost {
  /** log2 of N, the CPU/memory cost. */
  readonly ln: number;
  readonly r: number;
  readonly p: number;
}

/**
 * One of OWASP's equivalent scrypt settings (N=2^15, r=8, p=3): 32 MiB per hash, about a quarter
 * of a second here; lower memory than N=2^17 so concurrent logins do not exhaust a small host.
 * The cost of every hash outside tests: Config.passwordHashCost is undefined there.
 */
export const PASSWORD_HASH_COST: ScryptCost = Object.freeze({ ln: 15, r: 8, p: 3 });
const KEY_BYTES = 32;
const SALT_BYTES = 16;
// A stored hash decides the work done to check it: refuse costs far above ours rather than
// letting a tampered row tie up the thread pool.
const MAX_COST: ScryptCost = { ln: 20, r: 16, p: 16 };

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 1024;

function derive(password: string, salt: Buffer, cost: ScryptCost, length: number): Promise<Buffer> {
  const N = 2 ** cost.ln;
  const options: ScryptOptions = { N, r: cost.r, p: cost.p, maxmem: 256 * N * cost.r };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, length, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

const b64 = (bytes: Buffer) => bytes.toString('base64').replace(/=+$/, '');

/**
 * Hash a password for storage.
 * @example await hashPassword('correct horse battery') // → '$scrypt$ln=15,r=8,p=3$…$…'
 */
export async function hashPassword(password: string, cost = PASSWORD_HASH_COST): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, cost, KEY_BYTES);
  return `$scrypt$ln=${cost.ln},r=${cost.r},p=${cost.p}$${b64(salt)}$${b64(key)}`;
}

interface ParsedHash {
  cost: ScryptCost;
  salt: Buffer;
  key: Buffer;
}

function parseHash(stored: string): ParsedHash | undefined {
  const match = /^\$scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(stored);
  if (!match) return undefined;
  const cost = { ln: Number(match[1]), r: Number(match[2]), p: Number(match[3]) };
  if (cost.ln < 1 || cost.ln > MAX_COST.ln || cost.r < 1 || cost.r > MAX_COST.r) return undefined;
  if (cost.p < 1 || cost.p > MAX_COST.p) return undefined;
  const salt = Buffer.from(match[4]!, 'base64');
  const key = Buffer.from(match[5]!, 'base64');
  if (key.length < 16 || key.length > 64) return undefined;
  return { cost, salt, key };
}

/**
 * Check a password against a stored hash in constant time. False for a malformed hash.
 * @example await verifyPassword('correct horse battery', user.password_hash)
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.cost, parsed.key.length);
  return timingSafeEqual(key, parsed.key);
}

/** True when the hash was made with a cost other than today's, so it should be re-hashed at login. */
export function needsRehash(stored: string, cost = PASSWORD_HASH_COST): boolean {
  const parsed = parseHash(stored);
  return !parsed || parsed.cost.ln !== cost.ln || parsed.cost.r !== cost.r || parsed.cost.p !== cost.p;
}

const dummyHashes = new Map<ScryptCost, Promise<string>>();

/**
 * Spend the same time as a real check when there is no user to check against, so response times
 * do not tell which emails have accounts.
 */
export async function verifyAgainstNothing(password: string, cost = PASSWORD_HASH_COST): Promise<false> {
  let dummyHash = dummyHashes.get(cost);
  if (!dummyHash) {
    dummyHash = hashPassword('vigie: no such user', cost);
    dummyHashes.set(cost, dummyHash);
  }
  await verifyPassword(password, await dummyHash);
  return false;
}

/**
 * A random password for accounts created by an administrator: 20 characters from 57, about 116 bits.
 * @example generatePassword() // → 'r4Jk-x9Qm-Tz2P-wLc7-Hn8e'
 */
export function generatePassword(): string {
  const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(40);
  let out = '';
  // Rejection sampling keeps every character equally likely.
  for (const byte of bytes) {
    if (out.replaceAll('-', '').length === 20) break;
    if (byte >= Math.floor(256 / alphabet.length) * alphabet.length) continue;
    if (out.length % 5 === 4) out += '-';
    out += alphabet[byte % alphabet.length];
  }
  return out.length === 24 ? out : generatePassword();
}
