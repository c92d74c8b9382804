import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, migrateToLatest, openDatabase } from './database.ts';

describe('the SQLite connection on its own thread', () => {
  let dir: string;
  let threaded: Database;
  /** Another connection to the file, as the ingest writer has. */
  let direct: DatabaseSync;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'vigie-thread-'));
    const target = { kind: 'sqlite' as const, file: path.join(dir, 'vigie.sqlite') };
    threaded = openDatabase(target, { thread: true });
    await migrateToLatest(threaded);
    direct = new DatabaseSync(target.file);
  });
  afterAll(async () => {
    await threaded?.close();
    direct?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers queries with their rows, and writes with what they changed', async () => {
    const inserted = await threaded.db
      .insertInto('projects')
      .values({ slug: 'shop', name: 'Shop', created_at: 1 })
      .executeTakeFirstOrThrow();
    expect(inserted.numInsertedOrUpdatedRows).toBe(1n);
    expect(inserted.insertId).toBeGreaterThan(0n);
    const rows = await threaded.db.selectFrom('projects').select(['slug', 'name']).execute();
    expect(rows).toEqual([{ slug: 'shop', name: 'Shop' }]);
    const returned = await threaded.db
      .updateTable('projects')
      .set({ name: 'The shop' })
      .where('slug', '=', 'shop')
      .returning('name')
      .execute();
    expect(returned).toEqual([{ name: 'The shop' }]);
  });

  it("fails a query with SQLite's own message and code", async () => {
    const duplicate = threaded.db
      .insertInto('projects')
      .values({ slug: 'shop', name: 'Again', created_at: 2 })
      .execute();
    await expect(duplicate).rejects.toMatchObject({
      message: expect.stringMatching(/UNIQUE constraint failed: projects\.slug/),
      code: 'ERR_SQLITE_ERROR',
    });
    // The connection goes on answering.
    expect(await threaded.db.selectFrom('projects').select('slug').execute()).toHaveLength(1);
  });

  it('rolls back a transaction that throws, and keeps one that commits', async () => {
    await expect(
      threaded.db.transaction().execute(async (trx) => {
        await trx.insertInto('projects').values({ slug: 'gone', name: 'Gone', created_at: 3 }).execute();
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await threaded.db.transaction().execute(async (trx) => {
      await trx.insertInto('projects').values({ slug: 'kept', name: 'Kept', created_at: 4 }).execute();
    });
    const slugs = await threaded.db.selectFrom('projects').select('slug').orderBy('slug').execute();
    expect(slugs.map((r) => r.slug)).toEqual(['kept', 'shop']);
  });

  it('leaves the calling thread free while a query waits for the write lock', async () => {
    // Another connection holds the write lock. A write on the request thread itself would wait for it
    // right there, for up to busy_timeout, so nothing could release it: it would fail with "database is locked".
    direct.exec('begin immediate');
    const write = threaded.db
      .transaction()
      .execute((trx) =>
        trx.insertInto('projects').values({ slug: 'waited', name: 'Waited', created_at: 5 }).execute(),
      );
    await new Promise((resolve) => setImmediate(resolve));
    direct.exec('commit');
    await write;
    expect(
      await threaded.db.selectFrom('projects').select('slug').where('slug', '=', 'waited').execute(),
    ).toHaveLength(1);
  });

  it('streams the rows of a select', async () => {
    const slugs: string[] = [];
    for await (const row of threaded.db.selectFrom('projects').select('slug').orderBy('slug').stream()) {
      slugs.push(row.slug);
    }
    expect(slugs).toEqual(['kept', 'shop', 'waited']);
  });

  it('runs raw SQL, triggers and virtual tables included', async () => {
    const { rows } = await sql<{ n: number }>`select count(*) as n from issues_text`.execute(threaded.db);
    expect(rows).toEqual([{ n: 0 }]);
  });
});
