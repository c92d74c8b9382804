// Source maps and the minified files they map, uploaded as Sentry's tools upload them (sentry-cli,
// the bundler plugins): chunks first, then an artifact bundle (a zip) assembled from them. A bundle's
// files are found by debug id, or by release + URL; their contents are stored once per project by
// checksum. And the grouping version each issue was created under, so that a grouping change can keep
// routing events to issues made by the older one instead of splitting them.

import type { Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped Kysely on purpose
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  const blob = pg ? 'bytea' : 'blob';
  const id = pg ? 'bigserial' : 'integer';

  // Chunks wait here between the chunk upload and the assemble call that names them (any project).
  await db.schema
    .createTable('upload_chunks')
    .addColumn('checksum', 'text', (c) => c.primaryKey())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('data', blob, (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('artifact_bundles')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    // artifact_bundle (debug ids), release_bundle (sentry-cli 2's release upload) or release_files.
    .addColumn('kind', 'text', (c) => c.notNull())
    // sha1 of the uploaded zip; null for files uploaded one by one (release_files).
    .addColumn('checksum', 'text')
    .addColumn('bundle_id', 'text')
    .addColumn('release', 'text')
    .addColumn('dist', 'text')
    .addColumn('file_count', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .execute();
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
    .createTable('artifact_blobs')
    .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('checksum', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    // gzip of the file's bytes.
    .addColumn('data', blob, (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('artifact_blobs_pk', ['project_id', 'checksum'])
    .execute();

  await db.schema
    .createTable('artifact_files')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('bundle_id', 'bigint', (c) =>
      c.notNull().references('artifact_bundles.id').onDelete('cascade'),
    )
    .addColumn('project_id', 'bigint', (c) => c.notNull())
    // As the tools write it: `~/assets/index-Bx9a.js` (any host), or a full URL.
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('debug_id', 'text')
    // The `Sourcemap` header the tool read from the minified file (its sourceMappingURL).
    .addColumn('sourcemap', 'text')
    .addColumn('release', 'text')
    .addColumn('dist', 'text')
    .addColumn('checksum', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
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

  // Issues made before this migration were grouped by version 1 of the grouping.
  await db.schema
    .alterTable('issues')
    .addColumn('grouping_version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
}
