// Opens the database Vigie runs on: embedded SQLite through node:sqlite by default, PostgreSQL
// through pg when DATABASE_URL is set. Everything above this file sees one Kysely<Schema>.

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from 'kysely';
import { type MigrationResultSet, Migrator } from 'kysely/migration';
import pg from 'pg';
import type { Config } from '../config/config.ts';
import type { DialectName } from './dialect.ts';
import { migrationProvider } from './migrations/index.ts';
import { assertOneLineOfReleases, MigrationConflictError, readMigrationState } from './newer-schema.ts';
import { openSqlite } from './node-sqlite.ts';
import type { Schema } from './schema.ts';
import { SqliteThreadDialect } from './sqlite-thread.ts';

export interface Database {
  readonly db: Kysely<Schema>;
  readonly dialect: DialectName;
  /** PostgreSQL only: the schema set by `options=-c search_path=…` in the URL, if any. */
  readonly schema?: string;
  close(): Promise<void>;
}

const INT8_OID = 20;

/** pg returns int8 as strings; every int8 here (ids, counts, epoch ms) fits a JS number. */
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

/**
 * SQLite transactions begin IMMEDIATE, taking the write lock first. A deferred transaction that
 * has read cannot start writing once another connection (the ingest writer, the API thread) has
 * committed: it fails with SQLITE_BUSY_SNAPSHOT, which busy_timeout does not retry.
 */
class ImmediateTransactionsDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class VigieSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateTransactionsDriver(this.#config);
  }
}

export interface OpenOptions {
  /**
   * SQLite: keep the connection on a thread of its own (sqlite-thread.ts), for the request thread: its
   * queries then never hold up other requests.
   */
  thread?: boolean;
  /** PostgreSQL: run every session with this search_path (tests use a schema per run). */
  searchPath?: string;
  /** PostgreSQL: connections in the pool. */
  max?: number;
}

export function openDatabase(target: Config['database'], options: OpenOptions = {}): Database {
  if (target.kind === 'sqlite') {
    mkdirSync(path.dirname(target.file), { recursive: true });
    if (options.thread) {
      const db = new Kysely<Schema>({ dialect: new SqliteThreadDialect(target.file) });
      return { db, dialect: 'sqlite', close: () => db.destroy() };
    }
    const database = openSqlite(target.file);
    const db = new Kysely<Schema>({ dialect: new VigieSqliteDialect({ database }) });
    return { db, dialect: 'sqlite', close: () => db.destroy() };
  }
  const pool = new pg.Pool({
    connectionString: target.url,
    max: options.max ?? 10,
    types: pgTypes,
    ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
  });
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  const schema = schemaOf(target.url) ?? options.searchPath;
  return { db, dialect: 'postgres', ...(schema ? { schema } : {}), close: () => db.destroy() };
}

function schemaOf(url: string): string | undefined {
  const options = new URL(url).searchParams.get('options') ?? '';
  return /search_path=([A-Za-z0-9_]+)/.exec(options)?.[1];
}

/** What migrateToLatest did. */
export interface MigrationOutcome {
  /** The migrations applied, in order. */
  applied: string[];
  /**
   * Migrations the database ran that this release does not know, in order: a newer release migrated
   * it, and nothing was applied (see newer-schema.ts).
   */
  newer: string[];
}

/**
 * Kysely's migrator first reads the tables and columns of every schema on the server to find its own
 * (on PostgreSQL, naming each schema and table again in functions). DDL elsewhere during that read,
 * another instance's or another test file's, fails it: "schema … does not exist" (3F000) for a schema
 * dropped, 42P01 or 42703 for a table or column dropped or renamed, before anything is locked or
 * migrated. Then it is read again, up to this many times in all; a migration that itself failed is not
 * run again.
 */
const MIGRATOR_TRIES = 5;
const CHANGED_MEANWHILE = new Set(['3F000', '42P01', '42703']);

function changedMeanwhile(outcome: MigrationResultSet, ours: string | undefined): boolean {
  const { error, results } = outcome;
  if (!(error instanceof Error) || results?.some((r) => r.status === 'Error')) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !CHANGED_MEANWHILE.has(code)) return false;
  return code !== '3F000' || ours === undefined || !error.message.includes(`"${ours}"`);
}

/**
 * Apply pending migrations. On a database a newer release migrated, apply nothing and say so in
 * `newer`; throws MigrationConflictError when this release also has migrations the database never
 * ran, and an Error naming the failing migration when one fails.
 */
export async function migrateToLatest(database: Database): Promise<MigrationOutcome> {
  // Kysely looks for its bookkeeping tables in every schema: pin them to ours when we have one.
  const migrator = new Migrator({
    db: database.db,
    provider: migrationProvider,
    ...(database.schema ? { migrationTableSchema: database.schema } : {}),
  });
  const known = Object.keys(await migrationProvider.getMigrations());
  // Kysely's migrator refuses a database that ran migrations it does not know ("corrupted migrations").
  const tolerated = async (): Promise<MigrationOutcome | undefined> => {
    const state = await readMigrationState(database, known);
    if (state.newer.length === 0) return undefined;
    assertOneLineOfReleases(state);
    return { applied: [], newer: state.newer };
  };
  const before = await tolerated();
  if (before) return before;
  let outcome = await migrator.migrateToLatest();
  for (let tries = 1; tries < MIGRATOR_TRIES && changedMeanwhile(outcome, database.schema); tries += 1)
    outcome = await migrator.migrateToLatest();
  const { error, results } = outcome;
  if (error) {
    // A newer release's instance may have migrated between that look and the migrator's lock.
    const after = await tolerated().catch((conflict: unknown) => {
      if (conflict instanceof MigrationConflictError) throw conflict;
      return undefined;
    });
    if (after) return after;
    const failed = results?.find((r) => r.status === 'Error');
    const name = failed ? ` (${failed.migrationName})` : '';
    throw new Error(`migration failed${name}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  return {
    applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName),
    newer: [],
  };
}
