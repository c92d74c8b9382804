// Row statements on both databases: the same statement gives the same rows whether SQLite runs it
// prepared per row or PostgreSQL over chunks; and SQLite transactions hold the write lock from
// their first statement, so reading before writing cannot fail when another connection commits.

import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testDialects } from '../../test/support/databases.ts';
import { createProject } from '../projects/project.repository.ts';
import type { Database } from './database.ts';
import { greatest } from './dialect.ts';
import { inRowTransaction, type RowStatement } from './row-statements.ts';
import type { RowOf } from './schema.ts';

type Release = RowOf<'releases'>;

const upsertRelease: RowStatement<Release, { version: string; last_seen: number }> = {
  columns: ['project_id', 'version', 'first_seen', 'last_seen'],
  build: (db, rows, dialect) =>
    db
      .insertInto('releases')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['project_id', 'version']).doUpdateSet((eb) => ({
          last_seen: greatest(dialect, eb.ref('releases.last_seen'), eb.ref('excluded.last_seen')),
        })),
      )
      .returning(['version', 'last_seen']),
};

describe.each(testDialects)('row statements on %s', (dialect) => {
  let testDatabase: TestDatabase;
  let database: Database;
  let projectId: number;
  beforeAll(async () => {
    testDatabase = await createTestDatabase(dialect);
    database = testDatabase.open();
    projectId = (await createProject(database.db, 'Shop')).id;
  });
  afterAll(async () => {
    await database.close();
    await testDatabase.drop();
  });

  it('upserts 450 releases and returns every row, whatever the dialect runs per statement', async () => {
    const release = (n: number, at: number): Release => ({
      project_id: projectId,
      version: `shop@1.0.${n}`,
      first_seen: at,
      last_seen: at,
    });
    const first = Array.from({ length: 450 }, (_, n) => release(n, 1000));
    await inRowTransaction(database, (rows) => rows.run(upsertRelease, first));
    const again = [release(7, 5000), release(8, 500), release(999, 2000)];
    const returned = await inRowTransaction(database, (rows) => rows.run(upsertRelease, again));
    expect(returned).toEqual([
      { version: 'shop@1.0.7', last_seen: 5000 },
      { version: 'shop@1.0.8', last_seen: 1000 },
      { version: 'shop@1.0.999', last_seen: 2000 },
    ]);
    const count = await database.db
      .selectFrom('releases')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(451);
  });

  it('refuses a row with a column the statement does not bind, rather than dropping it', async () => {
    const row = { project_id: projectId, version: 'x', first_seen: 1, last_seen: 1, extra: 1 };
    const run = inRowTransaction(database, (rows) => rows.run(upsertRelease, [row]));
    if (dialect === 'sqlite') await expect(run).rejects.toThrow(/differ from the row's keys/);
    else await expect(run).rejects.toThrow();
  });
});

describe.runIf(testDialects.includes('sqlite'))('transactions on sqlite', () => {
  let testDatabase: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    testDatabase = await createTestDatabase('sqlite');
    database = testDatabase.open();
  });
  afterAll(async () => {
    await database.close();
    await testDatabase.drop();
  });

  it('take the write lock when they begin, so a write after a read cannot lose to another connection', async () => {
    if (testDatabase.target.kind !== 'sqlite') throw new Error('expected sqlite');
    const other = new DatabaseSync(testDatabase.target.file);
    other.exec('PRAGMA busy_timeout = 0');
    let otherWrite = 'committed';
    await database.db.transaction().execute(async (trx) => {
      await trx.selectFrom('projects').selectAll().execute();
      try {
        other.exec(`INSERT INTO projects (slug, name, created_at) VALUES ('other', 'Other', 0)`);
      } catch (error) {
        otherWrite = (error as Error).message;
      }
      await trx.insertInto('projects').values({ slug: 'mine', name: 'Mine', created_at: 0 }).execute();
    });
    other.close();
    expect(otherWrite).toBe('database is locked');
    const slugs = await database.db.selectFrom('projects').select('slug').execute();
    expect(slugs.map((p) => p.slug)).toEqual(['mine']);
  });
});
