// Project membership: a user or a whole team holds one role on a project. A user's effective role
// is the strongest of their own membership and their teams' (auth/access.ts).

import type { Kysely } from 'kysely';
import type { ProjectRole } from '../auth/roles.ts';
import type { Schema } from '../storage/schema.ts';

type Db = Kysely<Schema>;

export interface ProjectMemberRow {
  id: number;
  project_id: number;
  user_id: number | null;
  team_id: number | null;
  role: ProjectRole;
  created_at: number;
  user_email: string | null;
  user_name: string | null;
  team_slug: string | null;
  team_name: string | null;
}

function membersQuery(db: Db) {
  return db
    .selectFrom('project_members as m')
    .leftJoin('users as u', 'u.id', 'm.user_id')
    .leftJoin('teams as t', 't.id', 'm.team_id')
    .select([
      'm.id',
      'm.project_id',
      'm.user_id',
      'm.team_id',
      'm.role',
      'm.created_at',
      'u.email as user_email',
      'u.name as user_name',
      't.slug as team_slug',
      't.name as team_name',
    ]);
}

export async function listProjectMembers(db: Db, projectId: number): Promise<ProjectMemberRow[]> {
  const rows = await membersQuery(db).where('m.project_id', '=', projectId).orderBy('m.id').execute();
  return rows as ProjectMemberRow[];
}

export async function findMember(
  db: Db,
  projectId: number,
  memberId: number,
): Promise<ProjectMemberRow | undefined> {
  const row = await membersQuery(db)
    .where('m.project_id', '=', projectId)
    .where('m.id', '=', memberId)
    .executeTakeFirst();
  return row as ProjectMemberRow | undefined;
}

export type MemberTarget = { userId: number } | { teamId: number };

export async function findMemberByTarget(
  db: Db,
  projectId: number,
  target: MemberTarget,
): Promise<ProjectMemberRow | undefined> {
  const query = membersQuery(db).where('m.project_id', '=', projectId);
  const row =
    'userId' in target
      ? await query.where('m.user_id', '=', target.userId).executeTakeFirst()
      : await query.where('m.team_id', '=', target.teamId).executeTakeFirst();
  return row as ProjectMemberRow | undefined;
}

/** Give a user or a team a role on a project, replacing the role they had. */
export async function setMember(
  db: Db,
  projectId: number,
  target: MemberTarget,
  role: ProjectRole,
  now = Date.now(),
): Promise<ProjectMemberRow> {
  const userId = 'userId' in target ? target.userId : null;
  const teamId = 'teamId' in target ? target.teamId : null;
  await db
    .insertInto('project_members')
    .values({ project_id: projectId, user_id: userId, team_id: teamId, role, created_at: now })
    .onConflict((oc) =>
      oc
        .columns(userId !== null ? ['project_id', 'user_id'] : ['project_id', 'team_id'])
        .doUpdateSet({ role }),
    )
    .execute();
  const row = await findMemberByTarget(db, projectId, target);
  if (!row) throw new Error('membership vanished right after it was written');
  return row;
}

export async function removeMember(db: Db, memberId: number): Promise<void> {
  await db.deleteFrom('project_members').where('id', '=', memberId).execute();
}
