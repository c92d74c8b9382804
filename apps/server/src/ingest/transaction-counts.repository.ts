// Transactions added to transaction_counts in the writer's transaction: one upsert per project, release,
// environment and minute, whatever the number of transactions, and their releases seen.

import type { Transaction } from 'kysely';
import { type RowsStatement, runRows } from '../storage/compiled-rows.ts';
import type { DialectName } from '../storage/dialect.ts';
import { groupBy, MINUTE } from '../storage/rows.ts';
import type { RowOf, Schema } from '../storage/schema.ts';
import type { IngestBatch } from './batch.ts';
import { dedupeReleases, upsertReleases } from './releases.repository.ts';

type CountRow = RowOf<'transaction_counts'>;

const addCounts: RowsStatement<CountRow> = (db, rows) =>
  db
    .insertInto('transaction_counts')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['project_id', 'release', 'environment', 'minute']).doUpdateSet((eb) => ({
        sampled: eb(eb.ref('transaction_counts.sampled'), '+', eb.ref('excluded.sampled')),
        estimated: eb(eb.ref('transaction_counts.estimated'), '+', eb.ref('excluded.estimated')),
      })),
    );

export async function writeTransactionCounts(
  trx: Transaction<Schema>,
  dialect: DialectName,
  batch: IngestBatch,
): Promise<void> {
  if (batch.transactions.length === 0) return;
  const groups = groupBy(
    batch.transactions,
    (t) =>
      `${t.projectId}\u0000${t.release}\u0000${t.environment}\u0000${Math.floor(t.timestampMs / MINUTE)}`,
  );
  const rows = [...groups.values()].map(
    (g): CountRow => ({
      project_id: g[0]!.projectId,
      release: g[0]!.release,
      environment: g[0]!.environment,
      minute: Math.floor(g[0]!.timestampMs / MINUTE),
      sampled: g.length,
      estimated: g.reduce((n, t) => n + 1 / t.sampleRate, 0),
    }),
  );
  await runRows(trx, dialect, addCounts, rows);
  // A release that only ever sent transactions (no error yet) is still a release the gate can compare.
  const releases = batch.transactions.map((t) => ({
    project_id: t.projectId,
    version: t.release,
    first_seen: t.timestampMs,
    last_seen: t.timestampMs,
  }));
  await upsertReleases(trx, dialect, dedupeReleases(releases));
}
