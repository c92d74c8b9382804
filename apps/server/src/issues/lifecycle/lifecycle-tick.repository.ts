// The reads behind the lifecycle's clock (lifecycle-tick.ts): which issues a tick should look at closely.

import { type Kysely, sql } from 'kysely';
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

/** The events of each of these issues per hour, from the hour starting at `sinceMs` on: a row per issue and hour. */
export async function hourlyEventCounts(
  db: Db,
  issueIds: readonly number[],
  sinceMs: number,
): Promise<{ issueId: number; events: number }[]> {
  const counts: { issueId: number; events: number }[] = [];
  for (const part of chunks([...issueIds], 500)) {
    const rows = await db
      .selectFrom('issue_counts')
      .select(['issue_id', (eb) => eb.fn.sum<number>('count').as('events')])
      .where('issue_id', 'in', part)
      .where('minute', '>=', sinceMs / 60_000)
      .groupBy(['issue_id', sql`minute / ${sql.lit(60)}`])
      .execute();
    for (const row of rows) counts.push({ issueId: row.issue_id, events: Number(row.events) });
  }
  return counts;
}
