// SQLite transactions hold the write lock from their first statement, so reading before writing
// cannot fail when another connection commits meanwhile.

import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testDialects } from '../../test/support/databases.ts';
import type { Database } from './database.ts';

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
