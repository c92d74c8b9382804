// Statements written once with Kysely over rows of plain values, run the way each database is
// fastest: SQLite compiles a statement once and runs it per row as a prepared statement inside the
// caller's transaction (no query building per batch, one cheap call per row); PostgreSQL builds
// it over chunks of rows, one round trip per chunk.

import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type { Compilable, Kysely, Transaction } from 'kysely';
import type { Database } from './database.ts';
import type { DialectName } from './dialect.ts';
import { CHUNK, chunks } from './rows.ts';
import type { Schema } from './schema.ts';

type Query<Out> = Compilable<Out> & { execute(): Promise<Out[]> };

export interface RowStatement<Row, Out> {
  /** Every column of a row; values bind by name, so a row needs no other keys. */
  readonly columns: ReadonlyArray<keyof Row & string>;
  /** The statement over `rows`: exactly one row on SQLite, up to a chunk on PostgreSQL. */
  readonly build: (db: Kysely<Schema>, rows: readonly Row[], dialect: DialectName) => Query<Out>;
  /** The statement only takes one row (an UPDATE): PostgreSQL runs it row by row too. */
  readonly perRow?: boolean;
}

/** Runs row statements inside one transaction; resolves to what the statements return (RETURNING, SELECT). */
export interface RowRunner {
  readonly dialect: DialectName;
  /** The transaction the rows are written in, for queries that are not row statements. */
  readonly trx: Transaction<Schema>;
  run<Row, Out>(statement: RowStatement<Row, Out>, rows: readonly Row[]): Promise<Out[]>;
}

/** A placeholder value Kysely binds as a parameter; compiled, it tells which column goes where. */
class Slot {
  readonly column: string;
  constructor(column: string) {
    this.column = column;
  }
}

interface Prepared {
  statement: StatementSync;
  /** Per parameter: the row's column to bind, or a constant the builder put in the SQL. */
  binds: Array<{ column: string } | { value: SQLInputValue }>;
  reader: boolean;
}

/**
 * Compile `statement` for SQLite: built over one row of slots, so the compiled parameters name the
 * row's columns in bind order.
 */
function prepare(db: Kysely<Schema>, raw: DatabaseSync, statement: RowStatement<unknown, unknown>): Prepared {
  const slots = Object.fromEntries(statement.columns.map((c) => [c, new Slot(c)]));
  const compiled = statement.build(db, [slots], 'sqlite').compile();
  const prepared = raw.prepare(compiled.sql);
  return {
    statement: prepared,
    binds: compiled.parameters.map((p) =>
      p instanceof Slot ? { column: p.column } : { value: p as SQLInputValue },
    ),
    reader: prepared.columns().length > 0,
  };
}

/** Only the listed columns are bound: a row with other keys would lose them, on SQLite alone. */
function checkColumns(statement: RowStatement<unknown, unknown>, row: object): void {
  const keys = Object.keys(row);
  if (
    keys.length !== statement.columns.length ||
    keys.some((k) => !(statement.columns as readonly string[]).includes(k))
  ) {
    throw new Error(
      `row statement columns [${statement.columns.join()}] differ from the row's keys [${keys.join()}]`,
    );
  }
}

const preparedByConnection = new WeakMap<DatabaseSync, Map<RowStatement<unknown, unknown>, Prepared>>();

/**
 * Row statements on SQLite, inside whatever transaction is open on `raw` (the connection under
 * `db`). Statements stay prepared for the connection's lifetime.
 */
export function sqliteRows(trx: Transaction<Schema>, raw: DatabaseSync): RowRunner {
  let cache = preparedByConnection.get(raw);
  if (!cache) {
    cache = new Map();
    preparedByConnection.set(raw, cache);
  }
  const prepared = cache;
  return {
    dialect: 'sqlite',
    trx,
    async run<Row, Out>(statement: RowStatement<Row, Out>, rows: readonly Row[]): Promise<Out[]> {
      if (rows.length === 0) return [];
      const key = statement as RowStatement<unknown, unknown>;
      checkColumns(key, rows[0] as object);
      let p = prepared.get(key);
      if (!p) {
        p = prepare(trx, raw, key);
        prepared.set(key, p);
      }
      const out: Out[] = [];
      const args: SQLInputValue[] = new Array(p.binds.length);
      for (const row of rows) {
        const values = row as Record<string, SQLInputValue>;
        for (let i = 0; i < args.length; i++) {
          const bind = p.binds[i]!;
          args[i] = 'column' in bind ? (values[bind.column] ?? null) : bind.value;
        }
        if (p.reader) for (const r of p.statement.all(...args)) out.push(r as Out);
        else p.statement.run(...args);
      }
      return out;
    },
  };
}

/**
 * Runs `work` in one transaction (BEGIN IMMEDIATE on SQLite, see database.ts), with the runner for
 * the database: prepared statements on the SQLite connection under the transaction.
 */
export function inRowTransaction<T>(database: Database, work: (rows: RowRunner) => Promise<T>): Promise<T> {
  const raw = database.sqlite;
  return database.db.transaction().execute((trx) => work(raw ? sqliteRows(trx, raw) : postgresRows(trx)));
}

/** Row statements on PostgreSQL inside `trx`: multi-row statements over chunks of rows. */
export function postgresRows(trx: Transaction<Schema>): RowRunner {
  return {
    dialect: 'postgres',
    trx,
    async run<Row, Out>(statement: RowStatement<Row, Out>, rows: readonly Row[]): Promise<Out[]> {
      const out: Out[] = [];
      const parts = statement.perRow ? rows.map((r) => [r]) : chunks([...rows], CHUNK);
      for (const part of parts) out.push(...(await statement.build(trx, part, 'postgres').execute()));
      return out;
    },
  };
}
