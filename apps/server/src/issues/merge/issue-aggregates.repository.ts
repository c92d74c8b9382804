// Rebuilds an issue's aggregates (issue_counts, issue_rollups, issue_tags, issue_users and the counters on
// the issue row) from its events. Unmerge needs it: once events change issue, the counts and tags cannot
// be split any other way.
//
// Counts, rollups, users, releases and environments come from the events' columns, in SQL. The other
// tags (browser, url, user…) are only in the stored events themselves: an unmerged issue reads them from
// its events' payloads, and the issue it leaves loses exactly those, by subtraction, so that unmerging
// from a large issue does not decode all of its events. (Its remaining values keep the first and last
// seen times they had.)

import { sql, type Transaction } from 'kysely';
import type { NormalizedEvent } from '../../grouping/event.ts';
import { countedTags } from '../../grouping/tags.ts';
import { ISSUE_ROLLUP_SPANS } from '../../storage/count-spans.ts';
import { decodePayload } from '../../storage/payload.ts';
import { chunks } from '../../storage/rows.ts';
import type { Schema } from '../../storage/schema.ts';

type Trx = Transaction<Schema>;

/** The tags events carry as columns, rebuilt in SQL. */
const COLUMN_TAGS = ['release', 'environment'] as const;

/** After unmerge moved events from `targetId` to each of `ownerIds`: each side's aggregates match its events. */
export async function splitAggregates(trx: Trx, targetId: number, ownerIds: number[]): Promise<void> {
  for (const id of ownerIds) await rebuildIssueAggregates(trx, id, 'all');
  await subtractTagsOf(trx, targetId, ownerIds);
  await rebuildIssueAggregates(trx, targetId, 'columns');
}

/** `tags`: 'all' reads every tag from the events' payloads; 'columns' rebuilds release and environment only. */
export async function rebuildIssueAggregates(
  trx: Trx,
  issueId: number,
  tags: 'all' | 'columns',
): Promise<void> {
  for (const table of ['issue_counts', 'issue_rollups', 'issue_users'] as const) {
    await trx.deleteFrom(table).where('issue_id', '=', issueId).execute();
  }
  const id = sql.lit(issueId);
  await trx
    .insertInto('issue_counts')
    .columns(['issue_id', 'minute', 'count'])
    .expression((eb) =>
      eb
        .selectFrom('events')
        .select([
          id.as('issue_id'),
          sql<number>`timestamp / 60000`.as('minute'),
          eb.fn.countAll().as('count'),
        ])
        .where('issue_id', '=', issueId)
        .groupBy(sql`timestamp / 60000`),
    )
    .execute();
  for (const span of ISSUE_ROLLUP_SPANS) {
    const bucket = sql<number>`timestamp / 60000 / ${sql.lit(span)}`;
    await trx
      .insertInto('issue_rollups')
      .columns(['issue_id', 'span', 'minute', 'count'])
      .expression((eb) =>
        eb
          .selectFrom('events')
          .select([
            id.as('issue_id'),
            sql.lit(span).as('span'),
            sql<number>`${bucket} * ${sql.lit(span)}`.as('minute'),
            eb.fn.countAll().as('count'),
          ])
          .where('issue_id', '=', issueId)
          .groupBy(bucket),
      )
      .execute();
  }
  if (tags === 'all') await tagsFromPayloads(trx, issueId);
  else await tagsFromColumns(trx, issueId);
  await trx
    .insertInto('issue_users')
    .columns(['issue_id', 'user_key'])
    .expression((eb) =>
      eb
        .selectFrom('events')
        .select([id.as('issue_id'), 'user_key'])
        .distinct()
        .where('issue_id', '=', issueId)
        .where('user_key', 'is not', null),
    )
    .execute();
  await updateCounters(trx, issueId);
}

async function tagsFromColumns(trx: Trx, issueId: number): Promise<void> {
  await trx
    .deleteFrom('issue_tags')
    .where('issue_id', '=', issueId)
    .where('key', 'in', [...COLUMN_TAGS])
    .execute();
  for (const key of COLUMN_TAGS) {
    await trx
      .insertInto('issue_tags')
      .columns(['issue_id', 'key', 'value', 'times_seen', 'first_seen', 'last_seen'])
      .expression((eb) =>
        eb
          .selectFrom('events')
          .select((s) => [
            sql.lit(issueId).as('issue_id'),
            sql.lit(key).as('key'),
            s.ref(key).as('value'),
            s.fn.countAll().as('times_seen'),
            s.fn.min('timestamp').as('first_seen'),
            s.fn.max('timestamp').as('last_seen'),
          ])
          .where('issue_id', '=', issueId)
          .where(key, 'is not', null)
          .groupBy(key),
      )
      .execute();
  }
}

interface TagTally {
  key: string;
  value: string;
  times_seen: number;
  first_seen: number;
  last_seen: number;
}

/** Every tag of the issue's events, as ingest counts them (countedTags), read from their stored payloads. */
async function tagsFromPayloads(trx: Trx, issueId: number): Promise<void> {
  await trx.deleteFrom('issue_tags').where('issue_id', '=', issueId).execute();
  const tally = new Map<string, TagTally>();
  let after = 0;
  for (;;) {
    const rows = await trx
      .selectFrom('events')
      .select(['id', 'timestamp', 'payload'])
      .where('issue_id', '=', issueId)
      .where('id', '>', after)
      .orderBy('id')
      .limit(500)
      .execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      for (const [key, value] of countedTags(storedTags(row.payload))) {
        const k = `${key}\u0000${value}`;
        const seen = tally.get(k);
        if (!seen)
          tally.set(k, { key, value, times_seen: 1, first_seen: row.timestamp, last_seen: row.timestamp });
        else {
          seen.times_seen += 1;
          seen.first_seen = Math.min(seen.first_seen, row.timestamp);
          seen.last_seen = Math.max(seen.last_seen, row.timestamp);
        }
      }
    }
    after = rows[rows.length - 1]!.id;
  }
  for (const part of chunks([...tally.values()])) {
    await trx
      .insertInto('issue_tags')
      .values(part.map((t) => ({ issue_id: issueId, ...t })))
      .execute();
  }
}

/** An event's tags; events written straight into the database (tests, imports) may have none. */
const storedTags = (payload: Uint8Array) => (decodePayload(payload) as Partial<NormalizedEvent>).tags ?? [];

/** The owners' counts of the tags not rebuilt from columns, taken off the target's; values left at zero go. */
async function subtractTagsOf(trx: Trx, targetId: number, ownerIds: number[]): Promise<void> {
  if (ownerIds.length === 0) return;
  const moved = trx
    .selectFrom('issue_tags')
    .select((eb) => ['key', 'value', eb.fn.sum<number>('times_seen').as('times_seen')])
    .where('issue_id', 'in', ownerIds)
    .where('key', 'not in', [...COLUMN_TAGS])
    .groupBy(['key', 'value']);
  await trx
    .updateTable('issue_tags')
    .from(moved.as('moved'))
    .set((eb) => ({ times_seen: eb(eb.ref('issue_tags.times_seen'), '-', eb.ref('moved.times_seen')) }))
    .where('issue_tags.issue_id', '=', targetId)
    .whereRef('issue_tags.key', '=', 'moved.key')
    .whereRef('issue_tags.value', '=', 'moved.value')
    .execute();
  await trx.deleteFrom('issue_tags').where('issue_id', '=', targetId).where('times_seen', '<=', 0).execute();
}

async function updateCounters(trx: Trx, issueId: number): Promise<void> {
  const totals = await trx
    .selectFrom('events')
    .select((eb) => [
      eb.fn.countAll<number>().as('events'),
      eb.fn.count<number>('user_key').distinct().as('users'),
      eb.fn.min<number>('timestamp').as('first'),
      eb.fn.max<number>('timestamp').as('last'),
    ])
    .where('issue_id', '=', issueId)
    .executeTakeFirstOrThrow();
  const edge = (direction: 'asc' | 'desc') =>
    trx
      .selectFrom('events')
      .select(['event_id', 'release'])
      .where('issue_id', '=', issueId)
      .orderBy('timestamp', direction)
      .orderBy('id', direction)
      .limit(1)
      .executeTakeFirst();
  const [earliest, latest] = [await edge('asc'), await edge('desc')];
  if (!earliest || !latest) {
    // No events left: keep the times the issue was seen, it still happened then.
    await trx.updateTable('issues').set({ times_seen: 0, users_seen: 0 }).where('id', '=', issueId).execute();
    return;
  }
  await trx
    .updateTable('issues')
    .set({
      times_seen: Number(totals.events),
      users_seen: Number(totals.users),
      first_seen: Number(totals.first),
      last_seen: Number(totals.last),
      first_release: earliest.release,
      last_release: latest.release,
      last_event_id: latest.event_id,
    })
    .where('id', '=', issueId)
    .execute();
}
