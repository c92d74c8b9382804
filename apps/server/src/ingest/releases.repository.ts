// Releases as ingest first and last sees them, from events and from sessions.

import type { Transaction } from 'kysely';
import { type RowsStatement, runRows } from '../storage/compiled-rows.ts';
import { type DialectName, greatest, least } from '../storage/dialect.ts';
import { groupBy } from '../storage/rows.ts';
import type { RowOf, Schema } from '../storage/schema.ts';

type Trx = Transaction<Schema>;

export type ReleaseRow = RowOf<'releases'>;

const upsertRelease: RowsStatement<ReleaseRow> = (db, rows, dialect) =>
  db
    .insertInto('releases')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['project_id', 'version']).doUpdateSet((eb) => ({
        first_seen: least(dialect, eb.ref('releases.first_seen'), eb.ref('excluded.first_seen')),
        last_seen: greatest(dialect, eb.ref('releases.last_seen'), eb.ref('excluded.last_seen')),
      })),
    );

export async function upsertReleases(trx: Trx, dialect: DialectName, releases: ReleaseRow[]) {
  await runRows(trx, dialect, upsertRelease, releases);
}

/** One row per release, spanning the times of the rows merged into it. */
export function dedupeReleases(rows: ReleaseRow[]): ReleaseRow[] {
  const groups = groupBy(rows, (r) => `${r.project_id}\u0000${r.version}`);
  return [...groups.values()].map((g) => ({
    project_id: g[0]!.project_id,
    version: g[0]!.version,
    first_seen: Math.min(...g.map((r) => r.first_seen)),
    last_seen: Math.max(...g.map((r) => r.last_seen)),
  }));
}
