// A project's triage rotation (who, in which order, from which week), who among some users may triage a
// project, and the activity rows the weekly report is computed from.

import type { Kysely } from 'kysely';
import { projectNotFound } from '../auth/access.ts';
import { allows, strongestRole } from '../auth/roles.ts';
import { inbox } from '../issues/search/compile.ts';
import { findProject } from '../projects/project.repository.ts';
import type { Schema } from '../storage/schema.ts';
import type { ActivityRow } from './triage-report.ts';

type Db = Kysely<Schema>;

export interface Rotation {
  userIds: number[];
  anchorWeek: number;
}

export async function findRotation(db: Db, projectId: number): Promise<Rotation | undefined> {
  const row = await db
    .selectFrom('triage_rotations')
    .select(['user_ids', 'anchor_week'])
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  if (!row) return undefined;
  const ids: unknown = JSON.parse(row.user_ids);
  const userIds = Array.isArray(ids) ? ids.filter((id): id is number => Number.isInteger(id)) : [];
  return { userIds, anchorWeek: row.anchor_week };
}

export async function saveRotation(db: Db, projectId: number, rotation: Rotation, nowMs = Date.now()) {
  const values = {
    user_ids: JSON.stringify(rotation.userIds),
    anchor_week: rotation.anchorWeek,
    updated_at: nowMs,
  };
  await db
    .insertInto('triage_rotations')
    .values({ project_id: projectId, ...values })
    .onConflict((oc) => oc.column('project_id').doUpdateSet(values))
    .execute();
}

export interface RotationUser {
  id: number;
  email: string;
  name: string;
}

/** The id of the project the route names; 404 when there is none. */
export async function projectFor(db: Db, id: string): Promise<number> {
  const project = await findProject(db, Number(id));
  if (!project) throw projectNotFound(id);
  return project.id;
}

/** The rotation's users who still exist, in rotation order; none without a rotation. */
export async function rotationUsers(db: Db, rotation: Rotation | undefined): Promise<RotationUser[]> {
  const ids = rotation?.userIds ?? [];
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('users')
    .select(['id', 'email', 'name'])
    .where('id', 'in', [...ids])
    .execute();
  const byId = new Map(rows.map((u) => [u.id, u]));
  return ids.flatMap((id) => {
    const user = byId.get(id);
    return user ? [user] : [];
  });
}

/** Those of `userIds` who are active users allowed to triage the project (by their own or a team's role). */
export async function triagersAmong(
  db: Db,
  projectId: number,
  userIds: readonly number[],
): Promise<Set<number>> {
  if (userIds.length === 0) return new Set();
  const [users, direct, viaTeams] = await Promise.all([
    db
      .selectFrom('users')
      .select(['id', 'is_admin'])
      .where('id', 'in', [...userIds])
      .where('disabled_at', 'is', null)
      .execute(),
    db
      .selectFrom('project_members')
      .select(['user_id', 'role'])
      .where('project_id', '=', projectId)
      .where('user_id', 'in', [...userIds])
      .execute(),
    db
      .selectFrom('project_members')
      .innerJoin('team_members', 'team_members.team_id', 'project_members.team_id')
      .select(['team_members.user_id', 'project_members.role'])
      .where('project_members.project_id', '=', projectId)
      .where('team_members.user_id', 'in', [...userIds])
      .execute(),
  ]);
  const roles = new Map<number, string[]>();
  for (const { user_id, role } of [...direct, ...viaTeams]) {
    if (user_id !== null) roles.set(user_id, [...(roles.get(user_id) ?? []), role]);
  }
  const allowed = users.filter(
    (u) => u.is_admin === 1 || allows(strongestRole(roles.get(u.id) ?? []), null, 'triage'),
  );
  return new Set(allowed.map((u) => u.id));
}

/** Every activity row, up to `endMs`, of the issues a person acted on in [startMs, endMs). */
export async function weekActivity(db: Db, projectId: number, startMs: number, endMs: number) {
  const acted = await db
    .selectFrom('issue_activity')
    .select('issue_id')
    .distinct()
    .where('project_id', '=', projectId)
    .where('created_at', '>=', startMs)
    .where('created_at', '<', endMs)
    .where((eb) => eb.or([eb('actor_user_id', 'is not', null), eb('actor_token_id', 'is not', null)]))
    .execute();
  const issueIds = acted.map((r) => r.issue_id);
  const activity: ActivityRow[] = [];
  const firstSeen = new Map<number, number>();
  // Chunks keep the bound parameters under SQLite's and PostgreSQL's limits in a busy week.
  for (let i = 0; i < issueIds.length; i += 500) {
    const chunk = issueIds.slice(i, i + 500);
    const [rows, issues] = await Promise.all([
      db
        .selectFrom('issue_activity')
        .select([
          'issue_id',
          'kind',
          'to_status',
          'reason',
          'actor_user_id',
          'actor_token_id',
          'created_at',
          'data',
        ])
        .where('issue_id', 'in', chunk)
        .where('created_at', '<', endMs)
        .execute(),
      db.selectFrom('issues').select(['id', 'first_seen']).where('id', 'in', chunk).execute(),
    ]);
    for (const r of rows) {
      activity.push({
        issueId: r.issue_id,
        kind: r.kind,
        toStatus: r.to_status,
        reason: r.reason,
        actorUserId: r.actor_user_id,
        actorTokenId: r.actor_token_id,
        createdAt: r.created_at,
        data: r.data,
      });
    }
    for (const issue of issues) firstSeen.set(issue.id, issue.first_seen);
  }
  return { activity, firstSeen };
}

/** Issues in the inbox now, those that entered it before `beforeMs` when given: what a week's triage left undone. */
export async function inboxLeftCount(db: Db, projectId: number, beforeMs?: number): Promise<number> {
  const row = await inboxNow(db, projectId, beforeMs)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

function inboxNow(db: Db, projectId: number, beforeMs: number | undefined) {
  const query = db
    .selectFrom('issues')
    .where('project_id', '=', projectId)
    .where('merged_into_id', 'is', null)
    .where(inbox);
  return beforeMs === undefined ? query : query.where('inbox_at', '<', beforeMs);
}

const REPORT_ISSUE_COLUMNS = [
  'id',
  'title',
  'culprit',
  'level',
  'status',
  'substatus',
  'inbox_at',
  'external_url',
  'external_number',
] as const;

/** The first `limit` of those issues, the longest waiting first. */
export function inboxLeftIssues(db: Db, projectId: number, beforeMs: number, limit: number) {
  return inboxNow(db, projectId, beforeMs)
    .select(REPORT_ISSUE_COLUMNS)
    .orderBy('inbox_at', 'asc')
    .orderBy('id', 'asc')
    .limit(limit)
    .execute();
}

/** The report's few columns of these issues, in no order. */
export function reportIssues(db: Db, projectId: number, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('issues')
    .select(REPORT_ISSUE_COLUMNS)
    .where('project_id', '=', projectId)
    .where('id', 'in', [...ids])
    .execute();
}

export type ReportIssueRow = Awaited<ReturnType<typeof reportIssues>>[number];

/**
 * Everyone the rotation may hold: the active users allowed to triage the project, by their own role, a team's,
 * or as instance administrators; by name.
 */
export async function triagerCandidates(db: Db, projectId: number): Promise<RotationUser[]> {
  const [direct, viaTeams, admins] = await Promise.all([
    db
      .selectFrom('project_members')
      .select('user_id')
      .where('project_id', '=', projectId)
      .where('user_id', 'is not', null)
      .execute(),
    db
      .selectFrom('project_members')
      .innerJoin('team_members', 'team_members.team_id', 'project_members.team_id')
      .select('team_members.user_id')
      .where('project_members.project_id', '=', projectId)
      .execute(),
    db.selectFrom('users').select('id as user_id').where('is_admin', '=', 1).execute(),
  ]);
  const ids = [...new Set([...direct, ...viaTeams, ...admins].flatMap((r) => r.user_id ?? []))];
  const allowed = await triagersAmong(db, projectId, ids);
  if (allowed.size === 0) return [];
  return db
    .selectFrom('users')
    .select(['id', 'email', 'name'])
    .where('id', 'in', [...allowed])
    .orderBy('name')
    .orderBy('id')
    .execute();
}
