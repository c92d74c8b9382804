// Aggregates that follow events when a merge moves them (issue_counts, issue_rollups, issue_tags,
// issue_users summed into the target), and the project's counts that lose a discarded issue's events.

import { sql, type Transaction } from 'kysely';
import { PROJECT_SPANS } from '../../storage/count-spans.ts';
import { type DialectName, greatest, least } from '../../storage/dialect.ts';
import type { Schema } from '../../storage/schema.ts';

type Trx = Transaction<Schema>;

/** Sums the sources' per-minute counts, rollups and tags into the target's, and unions their users. */
export async function moveAggregates(trx: Trx, dialect: DialectName, sourceIds: number[], targetId: number) {
  const target = sql.lit(targetId);
  await trx
    .insertInto('issue_counts')
    .columns(['issue_id', 'minute', 'count'])
    .expression((eb) =>
      eb
        .selectFrom('issue_counts')
        .select([target.as('issue_id'), 'minute', eb.fn.sum<number>('count').as('count')])
        .where('issue_id', 'in', sourceIds)
        .groupBy('minute'),
    )
    .onConflict((oc) =>
      oc
        .columns(['issue_id', 'minute'])
        .doUpdateSet((eb) => ({ count: eb(eb.ref('issue_counts.count'), '+', eb.ref('excluded.count')) })),
    )
    .execute();
  await trx
    .insertInto('issue_rollups')
    .columns(['issue_id', 'span', 'minute', 'count'])
    .expression((eb) =>
      eb
        .selectFrom('issue_rollups')
        .select([target.as('issue_id'), 'span', 'minute', eb.fn.sum<number>('count').as('count')])
        .where('issue_id', 'in', sourceIds)
        .groupBy(['span', 'minute']),
    )
    .onConflict((oc) =>
      oc
        .columns(['issue_id', 'span', 'minute'])
        .doUpdateSet((eb) => ({ count: eb(eb.ref('issue_rollups.count'), '+', eb.ref('excluded.count')) })),
    )
    .execute();
  await trx
    .insertInto('issue_tags')
    .columns(['issue_id', 'key', 'value', 'times_seen', 'first_seen', 'last_seen'])
    .expression((eb) =>
      eb
        .selectFrom('issue_tags')
        .select([
          target.as('issue_id'),
          'key',
          'value',
          eb.fn.sum<number>('times_seen').as('times_seen'),
          eb.fn.min('first_seen').as('first_seen'),
          eb.fn.max('last_seen').as('last_seen'),
        ])
        .where('issue_id', 'in', sourceIds)
        .groupBy(['key', 'value']),
    )
    .onConflict((oc) =>
      oc.columns(['issue_id', 'key', 'value']).doUpdateSet((eb) => ({
        times_seen: eb(eb.ref('issue_tags.times_seen'), '+', eb.ref('excluded.times_seen')),
        first_seen: least(dialect, eb.ref('issue_tags.first_seen'), eb.ref('excluded.first_seen')),
        last_seen: greatest(dialect, eb.ref('issue_tags.last_seen'), eb.ref('excluded.last_seen')),
      })),
    )
    .execute();
  await trx
    .insertInto('issue_users')
    .columns(['issue_id', 'user_key'])
    .expression((eb) =>
      eb
        .selectFrom('issue_users')
        .select([target.as('issue_id'), 'user_key'])
        .distinct()
        .where('issue_id', 'in', sourceIds),
    )
    .onConflict((oc) => oc.columns(['issue_id', 'user_key']).doNothing())
    .execute();
  for (const table of ['issue_counts', 'issue_rollups', 'issue_tags', 'issue_users'] as const) {
    await trx.deleteFrom(table).where('issue_id', 'in', sourceIds).execute();
  }
}

/**
 * Takes the events of these issues out of their project's counts, before the events are deleted: the
 * project's series then shows what is stored. Buckets left empty go.
 */
export async function subtractProjectCounts(trx: Trx, projectId: number, issueIds: number[]): Promise<void> {
  for (const span of PROJECT_SPANS) {
    const bucket = sql<number>`timestamp / 60000 / ${sql.lit(span)}`;
    const environment = sql<string>`coalesce(environment, '')`;
    const gone = trx
      .selectFrom('events')
      .select((eb) => [
        sql<number>`${bucket} * ${sql.lit(span)}`.as('minute'),
        environment.as('environment'),
        eb.fn.countAll<number>().as('count'),
      ])
      .where('issue_id', 'in', issueIds)
      .groupBy([bucket, environment]);
    await trx
      .updateTable('project_counts')
      .from(gone.as('gone'))
      .set((eb) => ({ count: eb(eb.ref('project_counts.count'), '-', eb.ref('gone.count')) }))
      .where('project_counts.project_id', '=', projectId)
      .where('project_counts.span', '=', span)
      .whereRef('project_counts.minute', '=', 'gone.minute')
      .whereRef('project_counts.environment', '=', 'gone.environment')
      .execute();
  }
  await trx
    .deleteFrom('project_counts')
    .where('project_id', '=', projectId)
    .where('count', '<=', 0)
    .execute();
}
