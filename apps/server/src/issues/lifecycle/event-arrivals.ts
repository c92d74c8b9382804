// What a group commit's events do to their issues' lifecycle, inside the ingest transaction: a new issue enters
// the inbox, a resolved one may regress (release-aware), a snoozed one may come back. Cheap when nothing changes:
// one query for the batch, and no work at all for issues that are simply unresolved or ignored.

import type { Transaction } from 'kysely';
import type { DialectName } from '../../storage/dialect.ts';
import type { Schema } from '../../storage/schema.ts';
import { SYSTEM } from '../activity.repository.ts';
import { movableIssues, openNewIssues } from './event-arrivals.repository.ts';
import { writeTransition } from './issue-state.repository.ts';
import { type LifecycleRow, lifecycleStateOf } from './issue-state.ts';
import { applyAction } from './lifecycle.ts';
import { releaseComparatorFor } from './release-order.repository.ts';
import { type ReleaseComparator, releaseComparator } from './release-order.ts';
import { releasesToCompare } from './transition.ts';

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
