// On SQLite, artifact_bundles and artifact_files were made without AUTOINCREMENT, so SQLite gave a new
// row the id of the newest one deleted: a DELETE …/sourcemaps/{id} sent twice, or by a script holding an
// old listing, removed the bundle uploaded after it. Both tables are rebuilt with AUTOINCREMENT, rows,
// ids and indexes kept. PostgreSQL's bigserial never hands an id out twice: nothing to do there.
//
// The order matters with foreign keys on: the new files table references the new bundles table before
// either old table is dropped, so dropping the old bundles cascades into nothing; renaming then moves
// the reference along (SQLite rewrites references on RENAME since 3.26).

import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { dialectOf } from '../dialect.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped Kysely on purpose
export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') return;

  await db.schema
    .createTable('artifact_bundles_v2')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('checksum', 'text')
    .addColumn('bundle_id', 'text')
    .addColumn('release', 'text')
    .addColumn('dist', 'text')
    .addColumn('file_count', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .execute();
  await sql`insert into artifact_bundles_v2 select id, project_id, kind, checksum, bundle_id, release, dist,
    file_count, created_at, last_used_at from artifact_bundles`.execute(db);

  await db.schema
    .createTable('artifact_files_v2')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('bundle_id', 'bigint', (c) =>
      c.notNull().references('artifact_bundles_v2.id').onDelete('cascade'),
    )
    .addColumn('project_id', 'bigint', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('debug_id', 'text')
    .addColumn('sourcemap', 'text')
    .addColumn('release', 'text')
    .addColumn('dist', 'text')
    .addColumn('checksum', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .execute();
  await sql`insert into artifact_files_v2 select id, bundle_id, project_id, url, type, debug_id, sourcemap,
    release, dist, checksum, size from artifact_files`.execute(db);

  await db.schema.dropTable('artifact_files').execute();
  await db.schema.dropTable('artifact_bundles').execute();
  await db.schema.alterTable('artifact_bundles_v2').renameTo('artifact_bundles').execute();
  await db.schema.alterTable('artifact_files_v2').renameTo('artifact_files').execute();

  await db.schema
    .createIndex('artifact_bundles_checksum')
    .on('artifact_bundles')
    .columns(['project_id', 'checksum'])
    .unique()
    .execute();
  await db.schema
    .createIndex('artifact_bundles_release')
    .on('artifact_bundles')
    .columns(['project_id', 'release'])
    .execute();
  await db.schema
    .createIndex('artifact_files_debug_id')
    .on('artifact_files')
    .columns(['project_id', 'debug_id', 'type'])
    .execute();
  await db.schema
    .createIndex('artifact_files_release_url')
    .on('artifact_files')
    .columns(['project_id', 'release', 'url'])
    .execute();
  await db.schema.createIndex('artifact_files_bundle').on('artifact_files').column('bundle_id').execute();
  await db.schema
    .createIndex('artifact_files_blob')
    .on('artifact_files')
    .columns(['project_id', 'checksum'])
    .execute();
}
