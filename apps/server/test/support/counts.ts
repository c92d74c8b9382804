// Occurrence counts written straight into the database as the batch writer writes them: per minute
// (issue_counts) and in the hourly and daily rollups (issue_rollups), for tests that need an issue's
// history without sending every event.

import type { Kysely } from 'kysely';
import { bucketMinute, ISSUE_ROLLUP_SPANS } from '../../src/storage/count-spans.ts';
import type { Schema } from '../../src/storage/schema.ts';

export interface MinuteCount {
  issue_id: number;
  /** Epoch minute. */
  minute: number;
  count: number;
}

export async function insertCounts(db: Kysely<Schema>, rows: readonly MinuteCount[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('issue_counts')
    .values([...rows])
    .execute();
  for (const span of ISSUE_ROLLUP_SPANS) {
    for (const row of rows) {
      await db
        .insertInto('issue_rollups')
        .values({
          issue_id: row.issue_id,
          span,
          minute: bucketMinute(row.minute * 60_000, span),
          count: row.count,
        })
        .onConflict((oc) =>
          oc.columns(['issue_id', 'span', 'minute']).doUpdateSet((eb) => ({
            count: eb(eb.ref('issue_rollups.count'), '+', eb.ref('excluded.count')),
          })),
        )
        .execute();
    }
  }
}
