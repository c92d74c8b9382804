// Merging issues: the sources' events and aggregates move into the target, their fingerprints are
// routed to it (so future events land there, see fingerprint-routing.repository.ts), and the sources stay as
// rows marked `merged_into_id`, hidden from lists, so that unmerge can bring them back.

import { type Kysely, PostgresAdapter, sql, type Transaction } from 'kysely';
import { VigieError } from '../../errors.ts';
import type { DialectName } from '../../storage/dialect.ts';
import type { Issue, Schema } from '../../storage/schema.ts';
import { type Actor, recordActivity } from '../activity.repository.ts';
import { issueNotFound } from '../issue-errors.ts';
import { moveAggregates } from './move-aggregates.repository.ts';

type Trx = Transaction<Schema>;

export interface MergeInput {
  targetId: number;
  sourceIds: number[];
  actor: Actor;
  nowMs?: number;
}

export interface MergeResult {
  target: Issue;
  merged: Array<{ issueId: number; fingerprints: string[] }>;
  movedEvents: number;
}

export const dialectOfTrx = (trx: Trx): DialectName =>
  trx.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';

/**
 * What a triage action sets: the issue leaves the inbox. Bumps lifecycle_version, the counter triage's
 * compare-and-set writes check (issue-state.repository.ts), so they notice this change.
 */
export const reviewedAt = (nowMs: number) => ({
  inbox_reason: null,
  inbox_at: null,
  reviewed_at: nowMs,
  lifecycle_version: sql<number>`lifecycle_version + 1`,
});

/**
 * On SQLite, takes the database's write lock now, like BEGIN IMMEDIATE: a transaction that reads first
 * and writes later fails at once ("database is locked") if the ingest writer commits in between, whereas
 * waiting for the lock up front only waits (busy_timeout). PostgreSQL locks rows instead (lockIssues).
 */
export async function beginWrite(trx: Trx): Promise<void> {
  if (dialectOfTrx(trx) === 'sqlite') await sql`update issues set id = id where 0`.execute(trx);
}

/**
 * Loads and, on PostgreSQL, locks issue rows in fingerprint order: the order ingest locks them in
 * (see routeFingerprints), so a merge and a batch of events never wait on each other in a cycle.
 */
export async function lockIssues(
  trx: Trx,
  ids: number[],
  options: { withMerged?: boolean } = {},
): Promise<Issue[]> {
  const wanted = ids.length > 0 ? ids : [-1];
  const query = trx
    .selectFrom('issues')
    .selectAll()
    .where((eb) =>
      options.withMerged
        ? eb.or([eb('id', 'in', wanted), eb('merged_into_id', 'in', wanted)])
        : eb('id', 'in', wanted),
    )
    .orderBy('fingerprint');
  if (dialectOfTrx(trx) === 'postgres') return query.forUpdate().execute();
  await beginWrite(trx);
  return query.execute();
}

export async function mergeIssues(db: Kysely<Schema>, input: MergeInput): Promise<MergeResult> {
  const nowMs = input.nowMs ?? Date.now();
  return db.transaction().execute(async (trx) => {
    const rows = await lockIssues(trx, [input.targetId, ...input.sourceIds]);
    const { target, sources } = checkMerge(rows, input);
    const sourceIds = sources.map((s) => s.id);
    const fingerprints = await routeToTarget(trx, target, sources, nowMs);
    const moved = await trx
      .updateTable('events')
      .set({ issue_id: target.id })
      .where('issue_id', 'in', sourceIds)
      .executeTakeFirst();
    await moveAggregates(trx, dialectOfTrx(trx), sourceIds, target.id);
    // Issues merged into a source earlier now belong to the target: one hop, always.
    await trx
      .updateTable('issues')
      .set({ merged_into_id: target.id })
      .where('merged_into_id', 'in', sourceIds)
      .execute();
    await trx
      .updateTable('issues')
      .set({ merged_into_id: target.id, ...reviewedAt(nowMs) })
      .where('id', 'in', sourceIds)
      .execute();
    const updated = await updateTarget(trx, target, sources, nowMs);
    const movedEvents = Number(moved.numUpdatedRows);
    const merged = sources.map((s) => ({ issueId: s.id, fingerprints: fingerprints.get(s.id) ?? [] }));
    await recordMergeActivity(trx, updated, merged, movedEvents, input.actor, nowMs);
    return { target: updated, merged, movedEvents };
  });
}

function checkMerge(rows: Issue[], input: MergeInput): { target: Issue; sources: Issue[] } {
  const target = rows.find((r) => r.id === input.targetId);
  if (!target) throw issueNotFound(input.targetId);
  if (input.sourceIds.includes(target.id)) {
    throw new VigieError('cannot_merge_into_itself');
  }
  const sources = rows.filter((r) => r.id !== target.id && r.project_id === target.project_id);
  const outside = input.sourceIds.filter((id) => !sources.some((s) => s.id === id));
  if (outside.length > 0) {
    throw new VigieError('issues_not_in_project', { issueIds: outside }, { issueIds: outside });
  }
  for (const issue of [target, ...sources]) {
    const into = issue.merged_into_id;
    if (into !== null) {
      throw new VigieError(
        'issue_merged',
        { issueId: issue.id, mergedIntoId: into, already: true, advice: `: use issue ${into} instead.` },
        { issueId: issue.id, mergedIntoId: into },
      );
    }
  }
  // Rows come in lock order; answer in the caller's.
  return { target, sources: input.sourceIds.map((id) => sources.find((s) => s.id === id)!) };
}

/** Routes every fingerprint of the sources (their own and those merged into them) to the target. */
async function routeToTarget(
  trx: Trx,
  target: Issue,
  sources: Issue[],
  nowMs: number,
): Promise<Map<number, string[]>> {
  const sourceIds = sources.map((s) => s.id);
  const earlier = await trx
    .selectFrom('issue_fingerprints')
    .select(['fingerprint', 'issue_id'])
    .where('issue_id', 'in', sourceIds)
    .execute();
  await trx
    .updateTable('issue_fingerprints')
    .set({ issue_id: target.id })
    .where('issue_id', 'in', sourceIds)
    .execute();
  await trx
    .insertInto('issue_fingerprints')
    .values(
      sources.map((s) => ({
        project_id: s.project_id,
        fingerprint: s.fingerprint,
        issue_id: target.id,
        source_issue_id: s.id,
        created_at: nowMs,
      })),
    )
    .onConflict((oc) => oc.columns(['project_id', 'fingerprint']).doUpdateSet({ issue_id: target.id }))
    .execute();
  const bySource = new Map<number, string[]>(sources.map((s) => [s.id, [s.fingerprint]]));
  for (const row of earlier) bySource.get(row.issue_id)?.push(row.fingerprint);
  return bySource;
}

/** Counters and first/last seen over the target and sources; the target keeps its title and status. */
async function updateTarget(trx: Trx, target: Issue, sources: Issue[], nowMs: number): Promise<Issue> {
  const all = [target, ...sources];
  const earliest = all.reduce((a, b) => (b.first_seen < a.first_seen ? b : a));
  const latest = all.reduce((a, b) => (b.last_seen > a.last_seen ? b : a));
  const users = await trx
    .selectFrom('issue_users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('issue_id', '=', target.id)
    .executeTakeFirstOrThrow();
  return trx
    .updateTable('issues')
    .set({
      times_seen: all.reduce((n, i) => n + Number(i.times_seen), 0),
      users_seen: Number(users.n),
      first_seen: earliest.first_seen,
      first_release: earliest.first_release,
      last_seen: latest.last_seen,
      last_release: latest.last_release,
      last_event_id: latest.last_event_id,
      ...reviewedAt(nowMs),
    })
    .where('id', '=', target.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

async function recordMergeActivity(
  trx: Trx,
  target: Issue,
  merged: MergeResult['merged'],
  movedEvents: number,
  actor: Actor,
  nowMs: number,
): Promise<void> {
  await recordActivity(trx, {
    issueId: target.id,
    projectId: target.project_id,
    actor,
    kind: 'merge',
    data: {
      sourceIssueIds: merged.map((m) => m.issueId),
      fingerprints: merged.flatMap((m) => m.fingerprints),
      movedEvents,
    },
    atMs: nowMs,
  });
  for (const source of merged) {
    await recordActivity(trx, {
      issueId: source.issueId,
      projectId: target.project_id,
      actor,
      kind: 'merge',
      data: { targetIssueId: target.id, fingerprints: source.fingerprints },
      atMs: nowMs,
    });
  }
}
