// The reads behind the lifecycle's clock (lifecycle-tick.ts): which issues a tick should look at closely.

import type { Kysely } from 'kysely';
import { HOUR_SPAN } from '../../storage/count-spans.ts';
import { chunks } from '../../storage/rows.ts';
import type { Schema } from '../../storage/schema.ts';
import { LIFECYCLE_COLUMNS, type LifecycleRow } from './issue-state.ts';

type Db = Kysely<Schema>;

export function snoozedIssues(db: Db): Promise<LifecycleRow[]> {
  return db.selectFrom('issues').select(LIFECYCLE_COLUMNS).where('status', '=', 'snoozed').execute();
}

/** Unresolved issues that became new, regressed or escalating at `cutoffMs` or before, and still are. */
export async function unsettledIssueIdsBefore(db: Db, cutoffMs: number): Promise<number[]> {
  const rows = await db
    .selectFrom('issues')
    .select('id')
    .where('status', '=', 'unresolved')
    .where('substatus', 'in', ['new', 'regressed', 'escalating'])
    .where((eb) =>
      eb.or([
        eb('status_changed_at', '<=', cutoffMs),
        eb.and([eb('status_changed_at', 'is', null), eb('first_seen', '<=', cutoffMs)]),
      ]),
    )
    .execute();
  return rows.map((row) => row.id);
}

export async function ongoingIssueIdsSeenSince(db: Db, sinceMs: number): Promise<number[]> {
  const rows = await db
    .selectFrom('issues')
    .select('id')
    .where('status', '=', 'unresolved')
    .where('substatus', '=', 'ongoing')
    .where('last_seen', '>=', sinceMs)
    .execute();
  return rows.map((row) => row.id);
}

/**
 * The events of each of these issues per hour, from the hour starting at `sinceMs` (a multiple of an hour) on:
 * a row per issue and hour, from the hourly rollups.
 */
export async function hourlyEventCounts(
  db: Db,
  issueIds: readonly number[],
  sinceMs: number,
): Promise<{ issueId: number; events: number }[]> {
  const counts: { issueId: number; events: number }[] = [];
  for (const part of chunks([...issueIds], 500)) {
    const rows = await db
      .selectFrom('issue_rollups')
      .select(['issue_id', 'count'])
      .where('issue_id', 'in', part)
      .where('span', '=', HOUR_SPAN)
      .where('minute', '>=', sinceMs / 60_000)
      .execute();
    for (const row of rows) counts.push({ issueId: row.issue_id, events: Number(row.count) });
  }
  return counts;
}
