// The users and teams an issue can be assigned to, read for assignment.ts; whether a user is a member of the
// project is auth/access.repository.ts's memberRoles, the query access.ts decides roles with.

import type { Kysely } from 'kysely';
import type { Schema } from '../../storage/schema.ts';

type Db = Kysely<Schema>;

/** A user by id (all digits) or email. */
export function findUserByRef(db: Db, ref: string) {
  const query = db.selectFrom('users').select(['id', 'is_admin', 'disabled_at']);
  return /^\d+$/.test(ref)
    ? query.where('id', '=', Number(ref)).executeTakeFirst()
    : query.where('email', '=', ref.toLowerCase()).executeTakeFirst();
}

/** A team by id (all digits) or slug. */
export function findTeamByRef(db: Db, ref: string) {
  const query = db.selectFrom('teams').select('id');
  return (
    /^\d+$/.test(ref) ? query.where('id', '=', Number(ref)) : query.where('slug', '=', ref)
  ).executeTakeFirst();
}

export async function teamHasAccess(db: Db, projectId: number, teamId: number): Promise<boolean> {
  const access = await db
    .selectFrom('project_members')
    .select('id')
    .where('project_id', '=', projectId)
    .where('team_id', '=', teamId)
    .executeTakeFirst();
  return access !== undefined;
}

export async function usersByIds(db: Db, ids: readonly number[]) {
  return ids.length === 0
    ? []
    : db
        .selectFrom('users')
        .select(['id', 'name', 'email'])
        .where('id', 'in', [...ids])
        .execute();
}

export async function teamsByIds(db: Db, ids: readonly number[]) {
  return ids.length === 0
    ? []
    : db
        .selectFrom('teams')
        .select(['id', 'name', 'slug'])
        .where('id', 'in', [...ids])
        .execute();
}
