// Rebuilds an issue's aggregates (issue_counts, issue_tags, issue_users and the counters on the
// issue row) from its events. Unmerge needs it: once events change issue, the per-minute counts and
// tags cannot be split any other way.

import { sql, type Transaction } from 'kysely';
import type { Schema } from '../../storage/schema.ts';

type Trx = Transaction<Schema>;

export async function rebuildIssueAggregates(trx: Trx, issueId: number): Promise<void> {
  for (const table of ['issue_counts', 'issue_tags', 'issue_users'] as const) {
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
  for (const key of ['release', 'environment'] as const) {
    await trx
      .insertInto('issue_tags')
      .columns(['issue_id', 'key', 'value', 'times_seen', 'first_seen', 'last_seen'])
      .expression((eb) =>
        eb
          .selectFrom('events')
          .select((s) => [
            id.as('issue_id'),
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
