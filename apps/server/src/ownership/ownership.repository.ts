// SQL for ownership: a project's settings and handle mapping, the members and teams owners name, the
// issues and events the job matches, and each issue's suggested owners.

import type { Kysely, Transaction } from 'kysely';
import { memberRoles } from '../auth/access.repository.ts';
import { CHUNK, chunks } from '../storage/rows.ts';
import type { Schema } from '../storage/schema.ts';

type Db = Kysely<Schema> | Transaction<Schema>;

export type OwnershipMode = 'off' | 'suggest' | 'auto';

export interface SettingsRow {
  project_id: number;
  mode: string;
  rules: string;
  codeowners: string;
  codeowners_origin: string | null;
  codeowners_synced_at: number | null;
  revision: number;
  applied_revision: number;
  recompute_after_id: number;
  updated_at: number;
}

export function findOwnershipSettings(db: Db, projectId: number): Promise<SettingsRow | undefined> {
  return db
    .selectFrom('ownership_settings')
    .selectAll()
    .where('project_id', '=', projectId)
    .executeTakeFirst();
}

export interface SettingsChange {
  mode?: OwnershipMode;
  rules?: string;
  codeowners?: string;
  codeownersOrigin?: string | null;
  codeownersSyncedAt?: number | null;
}

/** Writes the change and bumps the revision, which makes the job recompute the project's issues. */
export async function saveOwnershipSettings(
  db: Kysely<Schema>,
  projectId: number,
  change: SettingsChange,
  nowMs: number,
): Promise<void> {
  const columns = {
    ...(change.mode !== undefined ? { mode: change.mode } : {}),
    ...(change.rules !== undefined ? { rules: change.rules } : {}),
    ...(change.codeowners !== undefined ? { codeowners: change.codeowners } : {}),
    ...(change.codeownersOrigin !== undefined ? { codeowners_origin: change.codeownersOrigin } : {}),
    ...(change.codeownersSyncedAt !== undefined ? { codeowners_synced_at: change.codeownersSyncedAt } : {}),
  };
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('ownership_settings')
      .values({
        project_id: projectId,
        codeowners_origin: null,
        codeowners_synced_at: null,
        updated_at: nowMs,
      })
      .onConflict((oc) => oc.column('project_id').doNothing())
      .execute();
    await trx
      .updateTable('ownership_settings')
      .set((eb) => ({
        ...columns,
        revision: eb('revision', '+', 1),
        recompute_after_id: 0,
        updated_at: nowMs,
      }))
      .where('project_id', '=', projectId)
      .execute();
  });
}

export interface HandleRow {
  handle: string;
  user_id: number | null;
  team_id: number | null;
  email: string | null;
  slug: string | null;
}

export function listHandles(db: Db, projectId: number): Promise<HandleRow[]> {
  return db
    .selectFrom('ownership_handles as h')
    .leftJoin('users as u', 'u.id', 'h.user_id')
    .leftJoin('teams as t', 't.id', 'h.team_id')
    .select(['h.handle', 'h.user_id', 'h.team_id', 'u.email', 't.slug'])
    .where('h.project_id', '=', projectId)
    .orderBy('h.handle')
    .execute();
}

/** Replaces the project's whole mapping of GitHub handles (then bumps the revision, as rules do). */
export async function replaceHandles(
  db: Kysely<Schema>,
  projectId: number,
  rows: readonly { handle: string; userId: number | null; teamId: number | null }[],
  nowMs: number,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('ownership_handles').where('project_id', '=', projectId).execute();
    for (const part of chunks([...rows], CHUNK)) {
      await trx
        .insertInto('ownership_handles')
        .values(
          part.map((r) => ({
            project_id: projectId,
            handle: r.handle,
            user_id: r.userId,
            team_id: r.teamId,
          })),
        )
        .execute();
    }
  });
  await saveOwnershipSettings(db, projectId, {}, nowMs);
}

/** Active users by lower-cased email, with whether each may see the project (a member, or an admin). */
export async function ownerUsers(db: Kysely<Schema>, projectId: number, emails: readonly string[]) {
  if (emails.length === 0) return [];
  const users = await db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'is_admin'])
    .where((eb) => eb(eb.fn('lower', ['email']), 'in', [...emails]))
    .where('disabled_at', 'is', null)
    .execute();
  return Promise.all(
    users.map(async (u) => ({
      ...u,
      member: u.is_admin === 1 || (await memberRoles(db, projectId, u.id)).length > 0,
    })),
  );
}

/** Teams by lower-cased slug, with whether each has access to the project. */
export async function ownerTeams(db: Kysely<Schema>, projectId: number, slugs: readonly string[]) {
  if (slugs.length === 0) return [];
  return db
    .selectFrom('teams as t')
    .leftJoin('project_members as m', (join) =>
      join.onRef('m.team_id', '=', 't.id').on('m.project_id', '=', projectId),
    )
    .select(['t.id', 't.slug', 't.name', 'm.id as member_id'])
    .where((eb) => eb(eb.fn('lower', ['t.slug']), 'in', [...slugs]))
    .execute();
}

export function usersByIds(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('users')
    .select(['id', 'email', 'name'])
    .where('id', 'in', [...ids])
    .execute();
}

export function teamsByIds(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('teams')
    .select(['id', 'slug', 'name'])
    .where('id', 'in', [...ids])
    .execute();
}

// --- What the job reads ---

export interface IssueToMatch {
  id: number;
  project_id: number;
  culprit: string | null;
  last_event_id: string;
  assignee_user_id: number | null;
  assignee_team_id: number | null;
}

const ISSUE_COLUMNS = [
  'id',
  'project_id',
  'culprit',
  'last_event_id',
  'assignee_user_id',
  'assignee_team_id',
] as const;

export function issuesByIdsToMatch(db: Db, ids: readonly number[]): Promise<IssueToMatch[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('issues')
    .select(ISSUE_COLUMNS)
    .where('id', 'in', [...ids])
    .where('merged_into_id', 'is', null)
    .execute();
}

/** The project's issues after `afterId`, in id order: one page of a recompute. */
export function issuePageToMatch(db: Db, projectId: number, afterId: number, limit: number) {
  return db
    .selectFrom('issues')
    .select(ISSUE_COLUMNS)
    .where('project_id', '=', projectId)
    .where('id', '>', afterId)
    .where('merged_into_id', 'is', null)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** The compressed payloads of events by event id, within one project. */
export async function eventPayloads(db: Db, projectId: number, eventIds: readonly string[]) {
  if (eventIds.length === 0) return new Map<string, Uint8Array>();
  const rows = await db
    .selectFrom('events')
    .select(['event_id', 'payload'])
    .where('event_id', 'in', [...eventIds])
    .where('project_id', '=', projectId)
    .execute();
  return new Map(rows.map((r) => [r.event_id, r.payload]));
}

/** Projects whose issues were computed with an older revision than their settings have. */
export function projectsToRecompute(db: Db) {
  return db
    .selectFrom('ownership_settings')
    .selectAll()
    .whereRef('applied_revision', '<', 'revision')
    .orderBy('project_id')
    .execute();
}

/** Records progress of a recompute, unless the settings changed meanwhile (they start it over). */
export async function recordRecompute(
  db: Db,
  projectId: number,
  revision: number,
  progress: { afterId: number } | 'done',
): Promise<boolean> {
  const result = await db
    .updateTable('ownership_settings')
    .set(
      progress === 'done'
        ? { applied_revision: revision, recompute_after_id: 0 }
        : { recompute_after_id: progress.afterId },
    )
    .where('project_id', '=', projectId)
    .where('revision', '=', revision)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export function settingsOfProjects(db: Db, projectIds: readonly number[]) {
  if (projectIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('ownership_settings')
    .selectAll()
    .where('project_id', 'in', [...projectIds])
    .execute();
}

const CURSOR = 'ownership_outbox_cursor';

export async function outboxCursor(db: Db): Promise<number> {
  const row = await db
    .selectFrom('instance_settings')
    .select('value')
    .where('name', '=', CURSOR)
    .executeTakeFirst();
  return row ? Number(JSON.parse(row.value)) : 0;
}

export async function saveOutboxCursor(db: Db, id: number, nowMs: number): Promise<void> {
  const value = JSON.stringify(id);
  await db
    .insertInto('instance_settings')
    .values({ name: CURSOR, value, updated_at: nowMs })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value, updated_at: nowMs }))
    .execute();
}

/** New and regressed issues announced in the outbox after the cursor. */
export function arrivalsAfter(db: Db, afterId: number, limit: number) {
  return db
    .selectFrom('outbox')
    .select(['id', 'topic', 'project_id', 'issue_id', 'created_at'])
    .where('id', '>', afterId)
    .where('topic', 'in', ['issue.created', 'issue.regressed'])
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function lastOutboxId(db: Db): Promise<number> {
  const row = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}

// --- Suggested owners ---

export interface IssueOwnerWrite {
  issueId: number;
  projectId: number;
  revision: number;
  source: string;
  line: number;
  rule: string;
  field: string;
  value: string;
  owners: string;
  ownerSort: string | null;
  targets: { userId: number | null; teamId: number | null }[];
}

/** Replaces the suggested owners of these issues: `writes` for those a rule owns, none for the others. */
export async function replaceIssueOwners(
  trx: Transaction<Schema>,
  issueIds: readonly number[],
  writes: readonly IssueOwnerWrite[],
  nowMs: number,
): Promise<void> {
  for (const part of chunks([...issueIds], 500)) {
    await trx.deleteFrom('issue_owner_targets').where('issue_id', 'in', part).execute();
    await trx.deleteFrom('issue_owners').where('issue_id', 'in', part).execute();
  }
  for (const part of chunks([...writes], CHUNK)) {
    await trx
      .insertInto('issue_owners')
      .values(
        part.map((w) => ({
          issue_id: w.issueId,
          project_id: w.projectId,
          revision: w.revision,
          source: w.source,
          line: w.line,
          rule: w.rule,
          field: w.field,
          value: w.value,
          owners: w.owners,
          owner_sort: w.ownerSort,
          computed_at: nowMs,
        })),
      )
      .execute();
  }
  const targets = writes.flatMap((w) =>
    w.targets.map((t, position) => ({ issue_id: w.issueId, position, user_id: t.userId, team_id: t.teamId })),
  );
  for (const part of chunks(targets, CHUNK)) {
    await trx.insertInto('issue_owner_targets').values(part).execute();
  }
}

export function issueOwnersOf(db: Db, issueIds: readonly number[]) {
  if (issueIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('issue_owners')
    .selectAll()
    .where('issue_id', 'in', [...issueIds])
    .execute();
}

/** Assigns an unassigned issue; false when someone assigned it meanwhile (or it is gone). */
export async function assignIfUnassigned(
  trx: Transaction<Schema>,
  issueId: number,
  target: { userId: number | null; teamId: number | null },
): Promise<boolean> {
  const result = await trx
    .updateTable('issues')
    .set({ assignee_user_id: target.userId, assignee_team_id: target.teamId })
    .where('id', '=', issueId)
    .where('assignee_user_id', 'is', null)
    .where('assignee_team_id', 'is', null)
    .where('merged_into_id', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Of these issues, those whose owners were computed at or after `sinceMs` (by id). */
export async function ownersComputedSince(db: Db, issueIds: readonly number[]) {
  if (issueIds.length === 0) return new Map<number, number>();
  const rows = await db
    .selectFrom('issue_owners')
    .select(['issue_id', 'computed_at'])
    .where('issue_id', 'in', [...issueIds])
    .execute();
  return new Map(rows.map((r) => [r.issue_id, r.computed_at]));
}

/** Forgets every suggestion of a project (its mode was turned off). */
export async function clearProjectOwners(trx: Transaction<Schema>, projectId: number): Promise<void> {
  await trx
    .deleteFrom('issue_owner_targets')
    .where('issue_id', 'in', (eb) =>
      eb.selectFrom('issue_owners').select('issue_id').where('project_id', '=', projectId),
    )
    .execute();
  await trx.deleteFrom('issue_owners').where('project_id', '=', projectId).execute();
}
