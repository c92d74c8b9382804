// An instance of this release that starts on a database a newer release has migrated: during a rolling
// or blue/green deploy the new instances migrate first, and an old one that restarts then (a crash, an
// OOM kill, a rollback) must still start. It starts without migrating and warns; when it also has
// migrations of its own that the database never ran, the two come from different lines of releases
// and it refuses, saying what to do. `vigie serve` and `vigie migrate` as real processes, on SQLite and
// PostgreSQL.

import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Kysely, sql } from 'kysely';
import { type Migration, Migrator } from 'kysely/migration';
import { afterEach, describe, expect, it } from 'vitest';
import { type Database, migrateToLatest, openDatabase } from '../src/storage/database.ts';
import { migrationProvider } from '../src/storage/migrations/index.ts';
import { eventually } from './support/app.ts';
import { createTestDatabase, type TestDatabase, testDialects } from './support/databases.ts';
import { envelopeOf, errorEvent } from './support/events.ts';
import { startServerProcess } from './support/server-process.ts';

/** Each test starts Vigie processes or waits on PostgreSQL's locks: minutes on a loaded machine, not 30 s. */
const SLOW_TEST_MS = 180_000;

const bin = fileURLToPath(new URL('../bin/vigie.js', import.meta.url));

/** A migration only a newer release has: its name sorts after every migration of this one. */
const NEWER_MIGRATION = '2099-01-01T00-from-a-newer-release';
const newerMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.createTable('newer_release_notes').addColumn('note', 'text').execute();
  },
};

/** The advisory lock Kysely's migrator takes on PostgreSQL (kysely/dist/dialect/postgres/postgres-adapter.js). */
const KYSELY_POSTGRES_MIGRATION_LOCK = BigInt('3853314791062309107');

/** Migrates `database` as another release would, with that release's own list of migrations. */
async function migrateAsRelease(database: Database, migrations: Record<string, Migration>): Promise<void> {
  const migrator = new Migrator({
    db: database.db,
    provider: { getMigrations: async () => migrations },
    ...(database.schema ? { migrationTableSchema: database.schema } : {}),
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
}

async function executedMigrations(database: Database): Promise<string[]> {
  const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(
    database.db,
  );
  return rows.rows.map((r) => r.name);
}

function envOf(testDatabase: TestDatabase): Record<string, string> {
  return testDatabase.target.kind === 'sqlite'
    ? { VIGIE_DATA_DIR: path.dirname(testDatabase.target.file) }
    : { DATABASE_URL: testDatabase.target.url, VIGIE_SECRET_KEY: randomBytes(32).toString('hex') };
}

function vigie(args: string[], env: Record<string, string>) {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  return spawnSync(process.execPath, [bin, ...args], {
    env: { ...inherited, LOG_LEVEL: 'warn', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe.each(testDialects)('a database migrated by a newer release, on %s', (dialect) => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const databaseOfANewerRelease = async (ownMigrationsRun: 'all' | 'all but the last') => {
    const testDatabase = await createTestDatabase(dialect);
    cleanups.push(() => testDatabase.drop());
    const database = testDatabase.open();
    cleanups.push(() => database.close());
    const own = await migrationProvider.getMigrations();
    const names = Object.keys(own).sort();
    const last = names.at(-1)!;
    if (ownMigrationsRun === 'all but the last') {
      // A database at this release's last migration but one, then moved on by a release that never
      // had the last one: a different line of releases.
      const { [last]: _notRun, ...others } = own;
      await sql`delete from kysely_migration where name = ${last}`.execute(database.db);
      await migrateAsRelease(database, { ...others, [NEWER_MIGRATION]: newerMigration });
    } else {
      await migrateAsRelease(database, { ...own, [NEWER_MIGRATION]: newerMigration });
    }
    return { testDatabase, database, last };
  };

  it(
    'this release starts without migrating and warns, naming the newest migration it found',
    async () => {
      const { testDatabase, database } = await databaseOfANewerRelease('all');
      const before = await executedMigrations(database);
      expect(before).toContain(NEWER_MIGRATION);

      const outcome = await migrateToLatest(database);
      expect(outcome).toEqual({ applied: [], newer: [NEWER_MIGRATION] });

      const migrate = vigie(['migrate'], envOf(testDatabase));
      expect(migrate.status, migrate.stderr).toBe(0);
      expect(migrate.stderr).toContain(
        `the database was migrated by a newer release of Vigie (its newest migration: ${NEWER_MIGRATION})`,
      );
      expect(migrate.stdout).toBe('');

      const server = await startServerProcess(envOf(testDatabase), undefined, { readyTimeoutMs: 60_000 });
      cleanups.push(() => {
        server.child.kill('SIGKILL');
      });
      const warning = server
        .stdout()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { level: number; msg: string; newestMigration?: string })
        .find((entry) => entry.newestMigration !== undefined);
      expect(warning?.level).toBe(40);
      expect(warning?.newestMigration).toBe(NEWER_MIGRATION);
      expect(warning?.msg).toContain('starting without migrating');
      // It serves: an event sent to it is acknowledged.
      const answer = await server.fetch(server.envelopeUrl(), {
        method: 'POST',
        body: envelopeOf(errorEvent({ value: 'checkout failed on the newer schema' })),
      });
      expect(answer.status).toBe(200);
      expect(await executedMigrations(database)).toEqual(before);
    },
    SLOW_TEST_MS,
  );

  it(
    'this release refuses to start when it also has a migration the database never ran, and says what to do',
    async () => {
      const { testDatabase, database, last } = await databaseOfANewerRelease('all but the last');
      const before = await executedMigrations(database);
      expect(before).not.toContain(last);

      await expect(migrateToLatest(database)).rejects.toThrow(/different lines of releases/);
      for (const args of [['migrate'], ['serve']]) {
        const result = vigie(args, { ...envOf(testDatabase), PORT: '0', HOST: '127.0.0.1' });
        expect(result.status, `vigie ${args[0]}: ${result.stdout}${result.stderr}`).toBe(1);
        expect(result.stderr).toBe(
          `vigie: the database was migrated by a release of Vigie that this one does not know (its newest migration: ${NEWER_MIGRATION}), ` +
            `and this release has migrations the database never ran (${last}): they come from different lines of releases. ` +
            'Start the release that migrated the database, or a later one; or restore a backup taken before it migrated.\n',
        );
      }
      expect(await executedMigrations(database)).toEqual(before);
    },
    SLOW_TEST_MS,
  );

  it.skipIf(dialect !== 'postgres')(
    'this release starts without migrating when a newer release migrates between its look and its lock (several instances)',
    async () => {
      const testDatabase = await createTestDatabase(dialect);
      cleanups.push(() => testDatabase.drop());
      if (testDatabase.target.kind !== 'postgres') throw new Error('PostgreSQL only');
      // Named, so that the test can see when this release's migrator waits for the lock.
      const applicationName = `vigie_race_${randomBytes(4).toString('hex')}`;
      const url = new URL(testDatabase.target.url);
      url.searchParams.set('application_name', applicationName);
      const database = openDatabase({ kind: 'postgres', url: url.toString() });
      cleanups.push(() => database.close());
      const newerRelease = testDatabase.open();
      cleanups.push(() => newerRelease.close());
      // Outside the newer release's transaction, in which pg_stat_activity would not change.
      const observer = testDatabase.open();
      cleanups.push(() => observer.close());

      await newerRelease.db.connection().execute(async (connection) => {
        // The newer release's instance holds Kysely's migration lock and has run its migration, not
        // yet committed: this release looks, finds nothing newer and waits for the lock.
        await sql`select pg_advisory_lock(${sql.lit(KYSELY_POSTGRES_MIGRATION_LOCK)})`.execute(connection);
        await sql`begin`.execute(connection);
        await sql`insert into kysely_migration (name, timestamp) values (${NEWER_MIGRATION}, ${new Date().toISOString()})`.execute(
          connection,
        );
        const outcome = migrateToLatest(database);
        // Awaited below; should the wait fail first, the drop that follows must not surface as its rejection.
        outcome.catch(() => {});
        await eventually(async () => {
          const waiting = await sql`select 1 from pg_stat_activity
            where application_name = ${applicationName} and wait_event_type = 'Lock'`.execute(observer.db);
          return waiting.rows.length > 0 ? true : undefined;
        }, SLOW_TEST_MS);
        await sql`commit`.execute(connection);
        await sql`select pg_advisory_unlock(${sql.lit(KYSELY_POSTGRES_MIGRATION_LOCK)})`.execute(connection);
        expect(await outcome).toEqual({ applied: [], newer: [NEWER_MIGRATION] });
      });
    },
    SLOW_TEST_MS,
  );
});
