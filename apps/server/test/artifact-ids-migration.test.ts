// A source-map bundle's id names it in DELETE /api/v1/projects/{id}/sourcemaps/{bundleId}, so an id must
// never be handed out twice: on SQLite the tables were first made without AUTOINCREMENT, and a new
// bundle took the id of the newest one deleted. The 2026-12-08T70 migration rebuilds them; upgrading
// keeps every bundle and file with its id, and a file still goes with its bundle. On both databases.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, migrateToLatest } from '../src/storage/database.ts';
import { databaseAtMigration, testDialects } from './support/databases.ts';

const BEFORE = '2026-12-07T20-sourcemaps';
const T0 = Date.UTC(2026, 11, 1);

describe.each(testDialects)('source-map bundle ids on %s', (dialect) => {
  let database: Database;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ database, cleanup } = await databaseAtMigration(dialect, BEFORE));
    // Uploaded before the upgrade: bundles 1 and 2, each with a file; then bundle 2 was deleted.
    await database.db.insertInto('projects').values({ slug: 'shop', name: 'Shop', created_at: T0 }).execute();
    for (const release of ['shop@1.0', 'shop@1.1']) {
      const { id } = await database.db
        .insertInto('artifact_bundles')
        .values(bundleRow(release))
        .returning('id')
        .executeTakeFirstOrThrow();
      await database.db
        .insertInto('artifact_files')
        .values(fileRow(Number(id), release))
        .execute();
    }
    await database.db.deleteFrom('artifact_bundles').where('release', '=', 'shop@1.1').execute();
    await migrateToLatest(database);
  });
  afterAll(async () => {
    await database?.close();
    await cleanup?.();
  });

  it('keeps the bundles and files uploaded before the upgrade, with their ids', async () => {
    const bundles = await database.db.selectFrom('artifact_bundles').select(['id', 'release']).execute();
    expect(bundles.map((b) => [Number(b.id), b.release])).toEqual([[1, 'shop@1.0']]);
    const files = await database.db.selectFrom('artifact_files').select(['bundle_id', 'url']).execute();
    expect(files.map((f) => [Number(f.bundle_id), f.url])).toEqual([[1, '~/assets/shop@1.0.js']]);
  });

  it('gives a bundle uploaded after a deletion an id no bundle had, so a stale DELETE misses it', async () => {
    const { id: third } = await database.db
      .insertInto('artifact_bundles')
      .values(bundleRow('shop@1.2'))
      .returning('id')
      .executeTakeFirstOrThrow();
    await database.db.deleteFrom('artifact_bundles').where('id', '=', third).execute();
    const { id: fourth } = await database.db
      .insertInto('artifact_bundles')
      .values(bundleRow('shop@1.3'))
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(Number(fourth)).toBeGreaterThan(Number(third));
  });

  it('still removes a bundle’s files with it', async () => {
    await database.db.deleteFrom('artifact_bundles').where('release', '=', 'shop@1.0').execute();
    const files = await database.db.selectFrom('artifact_files').select('id').execute();
    expect(files).toEqual([]);
  });
});

function bundleRow(release: string) {
  return { project_id: 1, kind: 'release_files' as const, release, file_count: 1, created_at: T0 };
}

function fileRow(bundleId: number, release: string) {
  return {
    bundle_id: bundleId,
    project_id: 1,
    url: `~/assets/${release}.js`,
    type: 'minified_source',
    release,
    checksum: `sha-${release}`,
    size: 10,
  };
}
