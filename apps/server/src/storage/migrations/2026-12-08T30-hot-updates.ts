// PostgreSQL: room on every page for the rows ingest rewrites at each commit, so that an update can
// put the new row version on the same page, and vacuum settings that reclaim the old versions soon.
// The counter tables (issue_counts, issue_rollups, project_counts, issue_tags) change only columns no
// index covers: with free room on the page those updates are HOT (no index entry, the old version
// pruned on the next visit to the page). An issue's update changes its last_seen and times_seen, which
// the list's sort indexes cover, so it is never HOT; the fill factor keeps its new version on the
// same page, and vacuum after a fixed number of dead versions (not a share of a table that stays
// small) keeps the lists' index scans short. SQLite rewrites rows in place: nothing to do there.

import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.ts';

/** Table → fill factor (percent of each page filled by inserts; the rest is for updates). */
const FILL_FACTORS: Record<string, number> = {
  issues: 70,
  issue_tags: 80,
  issue_counts: 80,
  issue_rollups: 80,
  project_counts: 80,
};

// Vacuum once this many row versions are dead, however large the table (the default, 20% of the
// table plus 50 rows, lets a table of 10,000 issues carry 2,000 dead versions of each busy row),
// and without pausing: these tables are small and hot.
const VACUUM_SETTINGS = sql.raw(
  'autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000, ' +
    'autovacuum_vacuum_insert_scale_factor = 0.05, autovacuum_analyze_scale_factor = 0.02, ' +
    'autovacuum_vacuum_cost_delay = 0',
);

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped Kysely on purpose
export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  for (const [table, fillFactor] of Object.entries(FILL_FACTORS)) {
    // Applies to pages written from now on; `vacuum full` (or pg_repack) rewrites the existing ones.
    await sql`alter table ${sql.id(table)} set (fillfactor = ${sql.lit(fillFactor)}, ${VACUUM_SETTINGS})`.execute(
      db,
    );
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  for (const table of Object.keys(FILL_FACTORS)) {
    await sql`alter table ${sql.id(table)} reset (fillfactor, autovacuum_vacuum_scale_factor,
      autovacuum_vacuum_threshold, autovacuum_vacuum_insert_scale_factor, autovacuum_analyze_scale_factor,
      autovacuum_vacuum_cost_delay)`.execute(db);
  }
}
