// One-time setup links: while Vigie has no user, each start makes a link that lets the first person
// create the owner account. Stored as sha256, like sessions; every link dies once an account exists.

import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema } from '../storage/schema.ts';

type Db = Kysely<Schema>;

/** Long enough for whoever is setting up a new instance to come back to it the next day. */
export const SETUP_LINK_TTL_MS = 7 * 24 * 60 * 60 * 1000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function hasUsers(db: Db): Promise<boolean> {
  return (await db.selectFrom('users').select('id').limit(1).executeTakeFirst()) !== undefined;
}

/** A new link's token, valid for SETUP_LINK_TTL_MS or until an account exists. */
export async function createSetupLink(db: Db, now = Date.now()): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.deleteFrom('setup_links').where('expires_at', '<=', now).execute();
  await db
    .insertInto('setup_links')
    .values({ token_hash: hashToken(token), created_at: now, expires_at: now + SETUP_LINK_TTL_MS })
    .execute();
  return token;
}

export async function isSetupLinkValid(db: Db, token: string, now = Date.now()): Promise<boolean> {
  const row = await db
    .selectFrom('setup_links')
    .select('token_hash')
    .where('token_hash', '=', hashToken(token))
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Uses the link up, inside the caller's transaction: true if it was valid. Every other link goes
 * too, since the owner account they were for is being created.
 */
export async function consumeSetupLinks(trx: Db, token: string, now = Date.now()): Promise<boolean> {
  const used = await trx
    .deleteFrom('setup_links')
    .where('token_hash', '=', hashToken(token))
    .where('expires_at', '>', now)
    .returning('token_hash')
    .executeTakeFirst();
  if (used === undefined) return false;
  await trx.deleteFrom('setup_links').execute();
  return true;
}
