// Teams: named groups of users that can be given a role on a project as a whole, and be assigned
// issues.

import type { Kysely } from 'kysely';
import { VigieError } from '../errors.ts';
import { slugify } from '../projects/project.repository.ts';
import type { Schema } from '../storage/schema.ts';

type Db = Kysely<Schema>;

export interface TeamRow {
  id: number;
  slug: string;
  name: string;
  created_at: number;
}

export interface TeamMemberRow {
  team_id: number;
  id: number;
  email: string;
  name: string;
}

/** Create a team; 409 `team_exists` if the slug is taken. */
export async function createTeam(db: Db, name: string, slug?: string, now = Date.now()): Promise<TeamRow> {
  const teamSlug = slugify(slug ?? name);
  const row = await db
    .insertInto('teams')
    .values({ slug: teamSlug, name: name.trim(), created_at: now })
    .onConflict((oc) => oc.column('slug').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) {
    throw new VigieError('team_exists', { slug: teamSlug }, { slug: teamSlug });
  }
  return row;
}

export function findTeam(db: Db, slug: string): Promise<TeamRow | undefined> {
  return db.selectFrom('teams').selectAll().where('slug', '=', slug).executeTakeFirst();
}

/**
 * Teams a caller may see: every team for an instance administrator (`visibleTo` undefined);
 * otherwise the user's own teams and the teams that are members of the projects they can read.
 */
export function listTeams(
  db: Db,
  visibleTo?: { userId: number | null; projectIds: number[] },
): Promise<TeamRow[]> {
  let query = db.selectFrom('teams').selectAll().orderBy('slug');
  if (visibleTo) {
    const { userId, projectIds } = visibleTo;
    query = query.where((eb) =>
      eb.or([
        eb(
          'id',
          'in',
          eb
            .selectFrom('team_members')
            .select('team_id')
            .where('user_id', '=', userId ?? -1),
        ),
        eb(
          'id',
          'in',
          eb
            .selectFrom('project_members')
            .select('team_id')
            .where('team_id', 'is not', null)
            .where('project_id', 'in', projectIds.length ? projectIds : [-1]),
        ),
      ]),
    );
  }
  return query.execute() as Promise<TeamRow[]>;
}

export async function teamMembers(db: Db, teamIds: number[]): Promise<TeamMemberRow[]> {
  if (teamIds.length === 0) return [];
  return db
    .selectFrom('team_members as tm')
    .innerJoin('users as u', 'u.id', 'tm.user_id')
    .select(['tm.team_id', 'u.id', 'u.email', 'u.name'])
    .where('tm.team_id', 'in', teamIds)
    .orderBy('u.email')
    .execute();
}

/** Idempotent: adding a member twice leaves one membership. */
export async function addTeamMember(db: Db, teamId: number, userId: number): Promise<void> {
  await db
    .insertInto('team_members')
    .values({ team_id: teamId, user_id: userId })
    .onConflict((oc) => oc.columns(['team_id', 'user_id']).doNothing())
    .execute();
}

export async function removeTeamMember(db: Db, teamId: number, userId: number): Promise<boolean> {
  const result = await db
    .deleteFrom('team_members')
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
