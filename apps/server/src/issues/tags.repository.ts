// An issue's tag breakdown from issue_tags (what ingest counts per issue, key and value): the most
// frequent values of each key with their counts, and per key the events that carried it and how many
// distinct values it has. One query over the issue's rows of the (issue_id, key, value) key.

import { type Kysely, sql } from 'kysely';
import type { Schema } from '../storage/schema.ts';

export interface TagValueRow {
  key: string;
  value: string;
  times_seen: number;
  first_seen: number;
  last_seen: number;
  /** Events of the issue that carried the key. */
  key_events: number;
  /** Distinct values of the key. */
  key_values: number;
}

/** The `limit` most frequent values of each key (of `key` alone when given), most frequent first. */
export async function topTagValues(
  db: Kysely<Schema>,
  issueId: number,
  limit: number,
  key?: string,
): Promise<TagValueRow[]> {
  let ranked = db
    .selectFrom('issue_tags')
    .select([
      'key',
      'value',
      'times_seen',
      'first_seen',
      'last_seen',
      sql<number>`row_number() over (partition by key order by times_seen desc, value)`.as('rank'),
      sql<number>`cast(sum(times_seen) over (partition by key) as bigint)`.as('key_events'),
      sql<number>`count(*) over (partition by key)`.as('key_values'),
    ])
    .where('issue_id', '=', issueId);
  if (key !== undefined) ranked = ranked.where('key', '=', key);
  const rows = await db
    .selectFrom(ranked.as('ranked'))
    .select(['key', 'value', 'times_seen', 'first_seen', 'last_seen', 'key_events', 'key_values'])
    .where('rank', '<=', limit)
    .orderBy('key')
    .orderBy('rank')
    .execute();
  return rows.map((r) => ({
    ...r,
    times_seen: Number(r.times_seen),
    key_events: Number(r.key_events),
    key_values: Number(r.key_values),
  }));
}
