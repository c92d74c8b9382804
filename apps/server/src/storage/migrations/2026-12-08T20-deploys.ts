// Deploys and the deploy gate: deploy markers per project, every gate verdict asked (who, the numbers, the
// answer), per-project gate thresholds, and an index that lets release health count a release's events.

import type { Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped Kysely on purpose
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  const id = pg ? 'bigserial' : 'integer';
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's column builder type
  const idColumn = (col: any) => (pg ? col.primaryKey() : col.primaryKey().autoIncrement());
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's column builder type
  const project = (c: any) => c.notNull().references('projects.id').onDelete('cascade');

  await db.schema
    .createTable('deploys')
    .addColumn('id', id, idColumn)
    .addColumn('project_id', 'bigint', project)
    .addColumn('release', 'text', (c) => c.notNull())
    .addColumn('environment', 'text', (c) => c.notNull())
    .addColumn('strategy', 'text')
    .addColumn('name', 'text')
    .addColumn('url', 'text')
    .addColumn('started_at', 'bigint')
    .addColumn('finished_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('deploys_project_finished')
    .on('deploys')
    .columns(['project_id', 'finished_at'])
    .execute();

  await db.schema
    .createTable('gate_verdicts')
    .addColumn('id', id, idColumn)
    .addColumn('project_id', 'bigint', project)
    .addColumn('release', 'text', (c) => c.notNull())
    .addColumn('baseline', 'text', (c) => c.notNull())
    .addColumn('environment', 'text', (c) => c.notNull())
    .addColumn('baseline_environment', 'text', (c) => c.notNull())
    .addColumn('window_ms', 'bigint', (c) => c.notNull())
    .addColumn('verdict', 'text', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('metrics', 'text', (c) => c.notNull())
    .addColumn('asked_by', 'text', (c) => c.notNull())
    .addColumn('asked_via', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('gate_verdicts_project_created')
    .on('gate_verdicts')
    .columns(['project_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('gate_settings')
    .addColumn('project_id', 'bigint', (c) => c.primaryKey().references('projects.id').onDelete('cascade'))
    .addColumn('thresholds', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createIndex('events_project_release_timestamp')
    .on('events')
    .columns(['project_id', 'release', 'timestamp'])
    .execute();
  await db.schema
    .createIndex('session_aggregates_project_bucket')
    .on('session_aggregates')
    .columns(['project_id', 'bucket'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('session_aggregates_project_bucket').execute();
  await db.schema.dropIndex('events_project_release_timestamp').execute();
  for (const table of ['gate_settings', 'gate_verdicts', 'deploys']) {
    await db.schema.dropTable(table).execute();
  }
}
