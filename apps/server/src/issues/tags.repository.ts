// An issue's tag breakdown from issue_tags (what ingest counts per issue, key and value): per key, the
// events that carried it and its distinct values, then its most frequent values. Two statements: the
// per-key totals, then each key's top values read in count order, all keys in one UNION ALL (a window
// function ranking every value of every key sorted a popular issue's thousands of users each time).

import { type Kysely, sql } from 'kysely';
import type { Schema } from '../storage/schema.ts';

type Db = Kysely<Schema>;

export interface TagKeyTotals {
  key: string;
  /** Events of the issue that carried the key. */
  events: number;
  /** Distinct values of the key. */
  values: number;
}

export interface TagValueRow {
  key: string;
  value: string;
  times_seen: number;
  first_seen: number;
  last_seen: number;
}

export async function tagKeyTotals(db: Db, issueId: number, key?: string): Promise<TagKeyTotals[]> {
  let query = db
    .selectFrom('issue_tags')
    .select((eb) => [
      'key',
      sql<number>`cast(sum(times_seen) as bigint)`.as('events'),
      eb.fn.countAll<number>().as('values'),
    ])
    .where('issue_id', '=', issueId);
  if (key !== undefined) query = query.where('key', '=', key);
  const rows = await query.groupBy('key').execute();
  return rows.map((r) => ({ key: r.key, events: Number(r.events), values: Number(r.values) }));
}

/** The `limit` most frequent values of each of `keys`, most frequent first. */
export async function topTagValues(
  db: Db,
  issueId: number,
  keys: readonly string[],
  limit: number,
): Promise<TagValueRow[]> {
  const top = (key: string) =>
    db
      .selectFrom(
        db
          .selectFrom('issue_tags')
          .select(['key', 'value', 'times_seen', 'first_seen', 'last_seen'])
          .where('issue_id', '=', issueId)
          .where('key', '=', key)
          .orderBy('times_seen', 'desc')
          .orderBy('value')
          .limit(limit)
          .as('top'),
      )
      .selectAll();
  const [first, ...rest] = keys;
  if (first === undefined) return [];
  const rows = await rest.reduce((query, key) => query.unionAll(top(key)), top(first)).execute();
  return rows.map((r) => ({ ...r, times_seen: Number(r.times_seen) }));
}
