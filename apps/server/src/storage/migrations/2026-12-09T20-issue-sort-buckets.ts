// Ingest rewrites an issue row at every commit that brings it events: last_seen, times_seen and
// users_seen change. The issue list's sort indexes covered exactly those columns, so on PostgreSQL no
// such update could be HOT: each left a dead row version in the table and a dead entry in every index,
// until vacuum came (911,000 dead versions after a million events with autovacuum off; the list went
// from 1.4 to 23–56 ms). The sort indexes now cover coarse columns that the database derives from them
// and that change rarely: the minute of last_seen (an issue's update changes it at most once a minute)
// and the number of decimal digits of times_seen and users_seen (once per power of ten). An update
// that leaves them alone changes no indexed column and, with the room the fill factor keeps on each
// page (2026-12-08T30-hot-updates), is HOT: no index entry, and the old version is pruned from the page
// without vacuum. The list orders by the coarse column, then the exact one, then id (issue.repository.ts
// SORT_ORDERS): the index gives the order up to the coarse value and the database sorts each small
// run of equal ones (PostgreSQL's incremental sort, SQLite's partial sort).
//
// Expand only: generated columns need no value from the previous release's inserts; the old indexes
// go, which only makes the previous release's list sort without them while it still runs.

import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.ts';

const OLD_INDEXES = [
  ['issues_project_last_seen', ['project_id', 'last_seen desc', 'id desc']],
  ['issues_project_status_last_seen', ['project_id', 'status', 'last_seen desc', 'id desc']],
  ['issues_project_times_seen', ['project_id', 'times_seen desc', 'id desc']],
  ['issues_project_users_seen', ['project_id', 'users_seen desc', 'id desc']],
] as const;

const NEW_INDEXES = [
  ['issues_project_last_seen_minute', ['project_id', 'last_seen_minute desc', 'id desc']],
  ['issues_project_status_last_seen_minute', ['project_id', 'status', 'last_seen_minute desc', 'id desc']],
  ['issues_project_times_seen_digits', ['project_id', 'times_seen_digits desc', 'id desc']],
  ['issues_project_users_seen_digits', ['project_id', 'users_seen_digits desc', 'id desc']],
] as const;

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped Kysely on purpose
export async function up(db: Kysely<any>): Promise<void> {
  // PostgreSQL stores generated columns (the HOT check compares their stored values); SQLite computes
  // virtual ones on read and in its indexes (ALTER TABLE cannot add a stored one there).
  const columns =
    dialectOf(db) === 'postgres'
      ? [
          sql`add column last_seen_minute bigint generated always as (last_seen / 60000) stored`,
          sql`add column times_seen_digits integer generated always as (length(times_seen::text)) stored`,
          sql`add column users_seen_digits integer generated always as (length(users_seen::text)) stored`,
        ]
      : [
          sql`add column last_seen_minute integer generated always as (cast(last_seen as integer) / 60000) virtual`,
          sql`add column times_seen_digits integer generated always as (length(cast(times_seen as integer))) virtual`,
          sql`add column users_seen_digits integer generated always as (length(cast(users_seen as integer))) virtual`,
        ];
  if (dialectOf(db) === 'postgres') {
    // One statement: the table is rewritten once, not once per column.
    await sql`alter table issues ${sql.join(columns, sql`, `)}`.execute(db);
  } else {
    for (const column of columns) await sql`alter table issues ${column}`.execute(db);
  }
  for (const [name, on] of NEW_INDEXES) {
    await db.schema
      .createIndex(name)
      .on('issues')
      .columns([...on])
      .execute();
  }
  for (const [name] of OLD_INDEXES) await db.schema.dropIndex(name).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const [name, on] of OLD_INDEXES) {
    await db.schema
      .createIndex(name)
      .on('issues')
      .columns([...on])
      .execute();
  }
  for (const [name] of NEW_INDEXES) await db.schema.dropIndex(name).execute();
  for (const column of ['last_seen_minute', 'times_seen_digits', 'users_seen_digits'])
    await db.schema.alterTable('issues').dropColumn(column).execute();
}
