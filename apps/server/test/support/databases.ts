// Every storage and API test runs on SQLite and on PostgreSQL: a fresh SQLite file, or a fresh
// PostgreSQL schema, per test file, migrated like production. No mocks. A fresh SQLite file is a
// copy of one the run's global setup migrated (see global-setup.ts): the same bytes, without seven
// migrations and their fsyncs per file.

import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { inject } from 'vitest';
import type { Config } from '../../src/config/config.ts';
import { type Database, migrateToLatest, openDatabase } from '../../src/storage/database.ts';
import type { DialectName } from '../../src/storage/dialect.ts';
import { migrationProvider } from '../../src/storage/migrations/index.ts';

export const postgresUrl = process.env.VIGIE_TEST_POSTGRES_URL;

/** The dialects this run covers: SQLite always, PostgreSQL when VIGIE_TEST_POSTGRES_URL is set. */
export const testDialects: DialectName[] = postgresUrl ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestDatabase {
  /** What to put in Config['database'] for an app under test. */
  target: Config['database'];
  /** Extra options for openDatabase (the PostgreSQL schema). */
  searchPath: string | undefined;
  open(): Database;
  drop(): Promise<void>;
}

/** A fresh, migrated, empty database of the given dialect. */
export async function createTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'vigie-test-'));
    const target = { kind: 'sqlite' as const, file: path.join(dir, 'vigie.sqlite') };
    copyFileSync(inject('migratedSqliteFile'), target.file);
    return {
      target,
      searchPath: undefined,
      open: () => openDatabase(target),
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  if (!postgresUrl) throw new Error('VIGIE_TEST_POSTGRES_URL is not set');
  const schema = `vigie_test_${randomBytes(6).toString('hex')}`;
  const admin = openDatabase({ kind: 'postgres', url: postgresUrl }, { max: 1 });
  await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  const target = { kind: 'postgres' as const, url: withSearchPath(postgresUrl, schema) };
  const database = openDatabase(target);
  await migrateToLatest(database);
  await database.close();
  return {
    target,
    searchPath: schema,
    open: () => openDatabase(target),
    drop: async () => {
      await sql`drop schema ${sql.id(schema)} cascade`.execute(admin.db);
      await admin.close();
    },
  };
}

/**
 * A fresh database of the given dialect migrated up to `migration` (a name in migrations/index.ts) and
 * no further, for tests of what a later migration does to the data an older release stored.
 */
export async function databaseAtMigration(
  dialect: DialectName,
  migration: string,
): Promise<{ database: Database; cleanup: () => Promise<void> }> {
  let database: Database;
  let cleanup: () => Promise<void>;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'vigie-migration-'));
    database = openDatabase({ kind: 'sqlite', file: path.join(dir, 'vigie.sqlite') });
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    if (!postgresUrl) throw new Error('VIGIE_TEST_POSTGRES_URL is not set');
    const schema = `vigie_test_${randomBytes(6).toString('hex')}`;
    const admin = openDatabase({ kind: 'postgres', url: postgresUrl }, { max: 1 });
    await sql`create schema ${sql.id(schema)}`.execute(admin.db);
    database = openDatabase({ kind: 'postgres', url: postgresUrl }, { searchPath: schema });
    cleanup = async () => {
      await sql`drop schema ${sql.id(schema)} cascade`.execute(admin.db);
      await admin.close();
    };
  }
  const migrator = new Migrator({
    db: database.db,
    provider: migrationProvider,
    ...(database.schema ? { migrationTableSchema: database.schema } : {}),
  });
  const { error } = await migrator.migrateTo(migration);
  if (error) throw error;
  return { database, cleanup };
}

/** A connection string whose sessions use the given schema, so an app under test needs no extra option. */
function withSearchPath(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('options', `-c search_path=${schema}`);
  return parsed.toString();
}

/** A migrated SQLite database in a file of its own, closed: what the global setup copies from. */
export async function createMigratedSqliteFile(file: string): Promise<void> {
  const database = openDatabase({ kind: 'sqlite', file });
  await migrateToLatest(database);
  await database.close();
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The SQLite file global-setup.ts migrated, for createTestDatabase to copy. */
    migratedSqliteFile: string;
  }
}
