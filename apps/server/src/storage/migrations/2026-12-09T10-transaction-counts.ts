// Requests per release, for the deploy gate's "error events per request" when an SDK sends no sessions:
// transactions counted per project, release, environment and minute at ingest (their payloads are not
// kept). `sampled` is how many arrived, `estimated` the requests they stand for (each weighted by 1 / its
// trace's sample rate). The index on minute lets retention trim old rows without a scan.

import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped Kysely on purpose
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('transaction_counts')
    .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('release', 'text', (c) => c.notNull())
    .addColumn('environment', 'text', (c) => c.notNull())
    .addColumn('minute', 'bigint', (c) => c.notNull())
    .addColumn('sampled', 'bigint', (c) => c.notNull())
    .addColumn('estimated', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('transaction_counts_pk', ['project_id', 'release', 'environment', 'minute'])
    .execute();
  await db.schema
    .createIndex('transaction_counts_minute')
    .on('transaction_counts')
    .column('minute')
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('transaction_counts').ifExists().execute();
}
