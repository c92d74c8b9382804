// A database a newer release has migrated: during a rolling or blue/green deploy the new instances
// migrate first, and an instance of the previous release that restarts then (a crash, a rollback)
// finds migrations it does not know. It runs on that schema (migrations are expand/contract) as long
// as it has no migration of its own left to run.

import { sql } from 'kysely';
import type { Database } from './database.ts';

/** The migrations a database has run, compared with the ones this release has. */
export interface MigrationState {
  /** Run by the database, unknown to this release, in name order (names are dated). */
  newer: string[];
  /** Known to this release, not run by the database, in name order. */
  pending: string[];
}

/** The database's migrations come from another line of releases: migrating or starting would break it. */
export class MigrationConflictError extends Error {}

const MIGRATION_TABLE = 'kysely_migration';

/** The names in Kysely's bookkeeping table (none before the first migration). */
async function executedMigrations(database: Database): Promise<string[]> {
  const exists =
    database.dialect === 'sqlite'
      ? await sql`select 1 from sqlite_master where type = 'table' and name = ${MIGRATION_TABLE}`.execute(
          database.db,
        )
      : await sql`select 1 from information_schema.tables
          where table_name = ${MIGRATION_TABLE} and table_schema = coalesce(${database.schema ?? null}, current_schema())`.execute(
          database.db,
        );
  if (exists.rows.length === 0) return [];
  const table = database.schema ? `${database.schema}.${MIGRATION_TABLE}` : MIGRATION_TABLE;
  const rows = await sql<{ name: string }>`select name from ${sql.table(table)}`.execute(database.db);
  return rows.rows.map((row) => row.name);
}

export async function readMigrationState(database: Database, known: string[]): Promise<MigrationState> {
  const executed = new Set(await executedMigrations(database));
  const ours = new Set(known);
  return {
    newer: [...executed].filter((name) => !ours.has(name)).sort(),
    pending: known.filter((name) => !executed.has(name)).sort(),
  };
}

/**
 * Throws MigrationConflictError when the database ran migrations this release does not know while
 * this release has some the database never ran.
 */
export function assertOneLineOfReleases({ newer, pending }: MigrationState): void {
  if (newer.length === 0 || pending.length === 0) return;
  throw new MigrationConflictError(
    `the database was migrated by a release of Vigie that this one does not know (its newest migration: ${newer.at(-1)}), ` +
      `and this release has migrations the database never ran (${pending.join(', ')}): they come from different lines of releases. ` +
      'Start the release that migrated the database, or a later one; or restore a backup taken before it migrated.',
  );
}

/**
 * What `vigie serve` logs and `vigie migrate` prints when a newer release migrated the database.
 * @example newerSchemaWarning(['2027-01-04T10-teams'], 'starting without migrating')
 */
export function newerSchemaWarning(newer: string[], doing: string): string {
  return (
    `the database was migrated by a newer release of Vigie (its newest migration: ${newer.at(-1)}): ${doing}. ` +
    'Expected during a deploy or a rollback: migrations are expand/contract, so the release just before ' +
    'the newer one runs on its schema; an older release may not.'
  );
}
