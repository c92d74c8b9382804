// Migrations are expand/contract, so that during a rolling or blue/green deploy the previous release
// runs on the schema the new one migrated: the previous release's statements (its inserts name the
// columns it knew; its reads select them) keep working when, from its schema to the new one, no table
// or column it had is dropped or renamed or changes type, and every column added is nullable or has a
// default. This test migrates a fresh database to the previous release's last migration, describes
// it, migrates it to the latest and compares, on SQLite and PostgreSQL. PREVIOUS_RELEASE
// (support/previous-release.ts) names the schema of the release now in production.
//
// previous-release.test.ts runs that release's code itself on the latest schema; this comparison
// names the column that broke, and runs in a clone without history too. A column to drop is dropped
// by a later release's migration, once no running release reads it.

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../src/storage/database.ts';
import type { DialectName } from '../src/storage/dialect.ts';
import { migrationProvider } from '../src/storage/migrations/index.ts';
import { postgresUrl, testDialects } from './support/databases.ts';
import { PREVIOUS_RELEASE } from './support/previous-release.ts';

interface ColumnShape {
  type: string;
  nullable: boolean;
  hasDefault: boolean;
}

type SchemaShape = Map<string, Map<string, ColumnShape>>;

async function describeSchema(db: Kysely<unknown>): Promise<SchemaShape> {
  const tables = await db.introspection.getTables();
  return new Map(
    tables
      .filter((t) => !t.name.startsWith('kysely_') && !t.isView)
      .map((t) => [
        t.name,
        new Map(
          t.columns.map((c) => [
            c.name,
            {
              type: c.dataType.toLowerCase(),
              nullable: c.isNullable,
              hasDefault: c.hasDefaultValue || c.isAutoIncrementing,
            },
          ]),
        ),
      ]),
  );
}

async function freshDatabase(
  dialect: DialectName,
): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'vigie-expand-'));
    const database = openDatabase({ kind: 'sqlite', file: path.join(dir, 'vigie.sqlite') });
    return { database, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const schema = `vigie_expand_${randomBytes(5).toString('hex')}`;
  const admin = openDatabase({ kind: 'postgres', url: postgresUrl! }, { max: 1 });
  await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  const url = new URL(postgresUrl!);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const database = openDatabase({ kind: 'postgres', url: url.toString() }, { max: 1 });
  return {
    database,
    drop: async () => {
      await sql`drop schema ${sql.id(schema)} cascade`.execute(admin.db);
      await admin.close();
    },
  };
}

describe.each(testDialects)('migrations since the previous release on %s', (dialect) => {
  it('only expand: the previous release’s tables and columns all remain, and added columns need no value', async () => {
    const { database, drop } = await freshDatabase(dialect);
    try {
      const migrator = new Migrator({
        db: database.db,
        provider: migrationProvider,
        ...(database.schema ? { migrationTableSchema: database.schema } : {}),
      });
      const names = Object.keys(await migrationProvider.getMigrations());
      expect(names, 'PREVIOUS_RELEASE names a migration').toContain(PREVIOUS_RELEASE);
      const toPrevious = await migrator.migrateTo(PREVIOUS_RELEASE);
      expect(toPrevious.error).toBeUndefined();
      const before = await describeSchema(database.db as Kysely<unknown>);
      const toLatest = await migrator.migrateToLatest();
      expect(toLatest.error).toBeUndefined();
      const after = await describeSchema(database.db as Kysely<unknown>);

      const broken: string[] = [];
      for (const [table, columns] of before) {
        const now = after.get(table);
        if (!now) {
          broken.push(`table ${table} was dropped or renamed`);
          continue;
        }
        for (const [column, shape] of columns) {
          const current = now.get(column);
          if (!current) broken.push(`${table}.${column} was dropped or renamed`);
          else if (current.type !== shape.type)
            broken.push(`${table}.${column} changed type: ${shape.type} → ${current.type}`);
          else if (shape.nullable && !current.nullable && !current.hasDefault)
            broken.push(`${table}.${column} became NOT NULL without a default`);
        }
        for (const [column, shape] of now) {
          if (!columns.has(column) && !shape.nullable && !shape.hasDefault)
            broken.push(
              `${table}.${column} was added NOT NULL without a default: the previous release's inserts fail`,
            );
        }
      }
      expect(broken).toEqual([]);
    } finally {
      await database.close();
      await drop();
    }
  });
});
