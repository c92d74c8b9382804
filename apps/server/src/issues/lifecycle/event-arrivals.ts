// What a group commit's events do to their issues' lifecycle, inside the ingest transaction: a new issue enters
// the inbox, a resolved one may regress (release-aware), a snoozed one may come back. Cheap when nothing changes:
// one query for the batch, and no work at all for issues that are simply unresolved or ignored.

import type { Transaction } from 'kysely';
import type { DialectName } from '../../storage/dialect.ts';
import { CHUNK, chunks } from '../../storage/rows.ts';
import type { Schema } from '../../storage/schema.ts';
import { SYSTEM } from '../activity.repository.ts';
import { releaseComparatorFor, releasesToCompare, writeTransition } from './issue-state.repository.ts';
import { LIFECYCLE_COLUMNS, type LifecycleRow, lifecycleStateOf } from './issue-state.ts';
import { applyAction } from './lifecycle.ts';
import { type ReleaseComparator, releaseComparator } from './release-order.ts';

type Trx = Transaction<Schema>;

/** One issue's share of a batch, after the batch's issue upserts. */
export interface EventArrival {
  readonly issueId: number;
  readonly projectId: number;
  /** The batch created the issue. */
  readonly created: boolean;
  /** The newest release among the batch's events for the issue. */
  readonly release: string | null;
  /** When the batch was received. */
  readonly atMs: number;
  /** The issue's totals after the batch. */
  readonly eventCount: number;
  readonly userCount: number;
}

/** New issues: into the inbox as 'new', a 'created' activity row each, and `issue.created` for alerts. */
async function openNewIssues(trx: Trx, created: readonly EventArrival[]): Promise<void> {
  const byTime = new Map<number, number[]>();
  for (const a of created) byTime.set(a.atMs, [...(byTime.get(a.atMs) ?? []), a.issueId]);
  for (const [atMs, ids] of byTime) {
    for (const part of chunks(ids, 500)) {
      await trx
        .updateTable('issues')
        .set({ inbox_reason: 'new', inbox_at: atMs, status_changed_at: atMs })
        .where('id', 'in', part)
        .where('status_changed_at', 'is', null)
        .execute();
    }
  }
  for (const part of chunks([...created], CHUNK)) {
    await trx
      .insertInto('issue_activity')
      .values(
        part.map((a) => ({
          issue_id: a.issueId,
          project_id: a.projectId,
          actor_user_id: null,
          actor_token_id: null,
          kind: 'created',
          from_status: null,
          to_status: 'unresolved',
          reason: 'new',
          data: JSON.stringify({ toSubstatus: 'new', release: a.release }),
          created_at: a.atMs,
        })),
      )
      .execute();
    await trx
      .insertInto('outbox')
      .values(
        part.map((a) => ({
          topic: 'issue.created',
          project_id: a.projectId,
          issue_id: a.issueId,
          payload: JSON.stringify({ issueId: a.issueId, projectId: a.projectId, release: a.release }),
          created_at: a.atMs,
          processed_at: null,
        })),
      )
      .execute();
  }
}

/** The batch's issues an event can move: resolved (regression) and snoozed (conditions met). */
async function movableIssues(trx: Trx, ids: readonly number[]): Promise<LifecycleRow[]> {
  const rows: LifecycleRow[] = [];
  for (const part of chunks([...ids], 500)) {
    const found = await trx
      .selectFrom('issues')
      .select(LIFECYCLE_COLUMNS)
      .where('id', 'in', part)
      .where('status', 'in', ['resolved', 'snoozed'])
      .where('merged_into_id', 'is', null)
      .orderBy('id')
      .execute();
    rows.push(...found);
  }
  return rows;
}

/** One comparator per project, knowing the first-seen order of just the releases this batch compares. */
async function comparatorsFor(
  trx: Trx,
  rows: readonly LifecycleRow[],
  arrivals: ReadonlyMap<number, EventArrival>,
): Promise<Map<number, ReleaseComparator>> {
  const versions = new Map<number, string[]>();
  for (const row of rows) {
    const wanted = releasesToCompare(lifecycleStateOf(row), arrivals.get(row.id)?.release ?? null);
    if (wanted.length > 0) versions.set(row.project_id, [...(versions.get(row.project_id) ?? []), ...wanted]);
  }
  const comparators = new Map<number, ReleaseComparator>();
  for (const [projectId, wanted] of versions) {
    comparators.set(projectId, await releaseComparatorFor(trx, projectId, wanted));
  }
  return comparators;
}

/**
 * Applies a batch's events to their issues' lifecycle. Call it inside the ingest transaction, after the issue
 * upserts and the releases upsert (regressions compare the event's release with the fix's), with one arrival per
 * issue. Changes are written as SYSTEM with their activity and outbox rows (`issue.regressed`,
 * `issue.status_changed`), in that same transaction.
 */
export async function applyEventArrivals(
  trx: Trx,
  _dialect: DialectName,
  arrivals: readonly EventArrival[],
): Promise<void> {
  const created = arrivals.filter((a) => a.created);
  if (created.length > 0) await openNewIssues(trx, created);
  const existing = new Map(arrivals.filter((a) => !a.created).map((a) => [a.issueId, a]));
  if (existing.size === 0) return;
  const rows = await movableIssues(trx, [...existing.keys()]);
  if (rows.length === 0) return;
  const comparators = await comparatorsFor(trx, rows, existing);
  for (const row of rows) {
    const { atMs, release, ...totals } = existing.get(row.id)!;
    // The row was read after the batch's upserts: its totals are as fresh, should the caller's lag.
    const eventCount = Math.max(totals.eventCount, row.times_seen);
    const userCount = Math.max(totals.userCount, row.users_seen);
    const result = applyAction(
      lifecycleStateOf(row),
      { type: 'event', atMs, release, eventCount, userCount },
      { nowMs: atMs, compareReleases: comparators.get(row.project_id) ?? releaseComparator() },
    );
    if (!result.ok || result.activity === null) continue;
    // The upsert holds this row's lock until commit, so the compare-and-set cannot miss here.
    await writeTransition(trx, row, { next: result.next, activity: result.activity }, SYSTEM);
  }
}
