// The users and teams a search query names, looked up for compile-context.ts, case-insensitively.

import type { Kysely } from 'kysely';
import type { Schema } from '../../storage/schema.ts';

type Db = Kysely<Schema>;

/** Users whose email is one of `emails` (lower-cased). */
export async function usersByEmail(db: Db, emails: readonly string[]) {
  if (emails.length === 0) return [];
  return db
    .selectFrom('users')
    .select(['id', 'email'])
    .where((eb) => eb(eb.fn('lower', ['email']), 'in', [...emails]))
    .execute();
}

/** Teams whose slug is one of `slugs` (lower-cased). */
export async function teamsBySlug(db: Db, slugs: readonly string[]) {
  if (slugs.length === 0) return [];
  return db
    .selectFrom('teams')
    .select(['id', 'slug'])
    .where((eb) => eb(eb.fn('lower', ['slug']), 'in', [...slugs]))
    .execute();
}

/** The ids of the teams a user belongs to. */
export async function teamIdsOfUser(db: Db, userId: number): Promise<number[]> {
  const rows = await db.selectFrom('team_members').select('team_id').where('user_id', '=', userId).execute();
  return rows.map((r) => r.team_id);
}
