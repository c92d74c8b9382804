// Kysely's migrator first reads the tables of every schema on the server to find its own; on PostgreSQL
// a schema that another instance or test file drops during that read fails it with "schema … does not
// exist" (3F000), a column dropped there with 42703; each once stopped a test file from starting. Vigie
// reads again, then migrates; its own schema missing is still an error. On both databases (the error
// is made up: the real one needs the drop to land inside one query).

import { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { type Database, migrateToLatest } from '../src/storage/database.ts';
import { databaseAtMigration, testDialects } from './support/databases.ts';

const BEFORE_LAST = '2026-12-09T10-transaction-counts';

/** The next `times` reads of the tables fail as if `schema` had been dropped while they ran. */
function droppedDuringReads(database: Database, times: number, schema: string): { failed: number } {
  return failingReads(database, times, () =>
    Object.assign(new Error(`schema "${schema}" does not exist`), { code: '3F000' }),
  );
}

/** The next `times` reads of the tables fail with `error()`. */
function failingReads(database: Database, times: number, error: () => Error): { failed: number } {
  const reads = { failed: 0 };
  const introspection = Object.getOwnPropertyDescriptor(Kysely.prototype, 'introspection')!.get!;
  Object.defineProperty(database.db, 'introspection', {
    configurable: true,
    get() {
      const real = introspection.call(database.db);
      return {
        getSchemas: () => real.getSchemas(),
        getMetadata: (options?: unknown) => real.getMetadata(options),
        getTables: (options?: unknown) => {
          if (reads.failed >= times) return real.getTables(options);
          reads.failed += 1;
          return Promise.reject(error());
        },
      };
    },
  });
  return reads;
}

describe.each(testDialects)('migrating while a schema is dropped, on %s', (dialect) => {
  it('reads the tables again and migrates when another schema went away during the read', async () => {
    const { database, cleanup } = await databaseAtMigration(dialect, BEFORE_LAST);
    try {
      const reads = droppedDuringReads(database, 2, 'vigie_test_dropped_meanwhile');
      const outcome = await migrateToLatest(database);
      expect(reads.failed).toBe(2);
      expect(outcome.applied).toEqual(['2026-12-09T20-issue-sort-buckets']);
    } finally {
      await database.close();
      await cleanup();
    }
  });

  it('reads the tables again when a table of another schema lost a column during the read', async () => {
    const { database, cleanup } = await databaseAtMigration(dialect, BEFORE_LAST);
    try {
      const reads = failingReads(database, 1, () =>
        Object.assign(new Error('column "lifecycle_version" of relation "issues" does not exist'), {
          code: '42703',
        }),
      );
      const outcome = await migrateToLatest(database);
      expect(reads.failed).toBe(1);
      expect(outcome.applied).toEqual(['2026-12-09T20-issue-sort-buckets']);
    } finally {
      await database.close();
      await cleanup();
    }
  });

  // SQLite has no schemas to drop; on PostgreSQL the test's database is a schema of its own.
  it.runIf(dialect === 'postgres')('still fails when the schema that went away is its own', async () => {
    const { database, cleanup } = await databaseAtMigration(dialect, BEFORE_LAST);
    try {
      const ours = database.schema!;
      const reads = droppedDuringReads(database, 1, ours);
      await expect(migrateToLatest(database)).rejects.toThrow(
        `migration failed: schema "${ours}" does not exist`,
      );
      expect(reads.failed).toBe(1);
    } finally {
      await database.close();
      await cleanup();
    }
  });
});
