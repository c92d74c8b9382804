// The rows project access is decided from (access.ts): memberships, direct or through a team, and the projects.

import type { Kysely } from 'kysely';
import type { Schema } from '../storage/schema.ts';

type Db = Kysely<Schema>;

/** The roles a user holds on a project: their own membership and their teams'. */
export async function memberRoles(db: Db, projectId: number, userId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('project_members')
    .select('role')
    .where('project_id', '=', projectId)
    .where((eb) =>
      eb.or([
        eb('user_id', '=', userId),
        eb('team_id', 'in', eb.selectFrom('team_members').select('team_id').where('user_id', '=', userId)),
      ]),
    )
    .execute();
  return rows.map((r) => r.role);
}

export async function allProjectIds(db: Db): Promise<number[]> {
  const projects = await db.selectFrom('projects').select('id').orderBy('id').execute();
  return projects.map((p) => p.id);
}
