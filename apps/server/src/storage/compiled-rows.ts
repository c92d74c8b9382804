// Multi-row statements written once with Kysely, compiled once per shape, then run with each batch's
// values. The ingest writer writes thousands of rows a second; building Kysely's syntax tree anew
// for every value took a third of the writer thread's CPU (measured per thread under bench:ingest).
//
// A statement is built over rows of placeholders: Kysely binds each placeholder as a parameter, so
// the compiled parameters say which row and column each value comes from. Rows run in chunks whose
// sizes are powers of two, so a statement compiles at most eight ways per column set and database.

import { type Compilable, CompiledQuery, type Kysely, type Transaction } from 'kysely';
import type { DialectName } from './dialect.ts';
import type { Schema } from './schema.ts';

/**
 * A statement over rows, as a module-level constant (its compiled forms are cached by its identity).
 * @example
 * const addCounts: RowsStatement<CountRow> = (db, rows) => db.insertInto('issue_counts').values(rows);
 */
export type RowsStatement<Row, Out = unknown> = (
  db: Kysely<Schema>,
  rows: Row[],
  dialect: DialectName,
) => Compilable<Out>;

/** Stands for one row's column in a statement compiled once; Kysely passes it through as a parameter. */
class Placeholder {
  readonly row: number;
  readonly column: string;
  constructor(row: number, column: string) {
    this.row = row;
    this.column = column;
  }
}

interface Plan {
  sql: string;
  /** Per parameter: where its value comes from, or the constant the statement itself bound. */
  binds: Array<Placeholder | { value: unknown }>;
}

const LARGEST_CHUNK = 128;
const plans = new WeakMap<RowsStatement<never, unknown>, Map<string, Plan>>();

function planFor(
  trx: Transaction<Schema>,
  dialect: DialectName,
  statement: RowsStatement<never, unknown>,
  count: number,
  columns: string[],
): Plan {
  let byShape = plans.get(statement);
  if (!byShape) {
    byShape = new Map();
    plans.set(statement, byShape);
  }
  const shape = `${dialect}:${count}:${columns.join()}`;
  let plan = byShape.get(shape);
  if (!plan) {
    const rows = Array.from({ length: count }, (_, row) =>
      Object.fromEntries(columns.map((column) => [column, new Placeholder(row, column)])),
    );
    const compiled = statement(trx, rows as never[], dialect).compile();
    plan = {
      sql: compiled.sql,
      binds: compiled.parameters.map((p) => (p instanceof Placeholder ? p : { value: p })),
    };
    byShape.set(shape, plan);
  }
  return plan;
}

/** The largest power of two that is at most `n` and at most LARGEST_CHUNK. */
function chunkSize(n: number): number {
  let size = 1;
  while (size * 2 <= n && size * 2 <= LARGEST_CHUNK) size *= 2;
  return size;
}

/**
 * Runs `statement` over `rows` inside `trx`, in order, and returns what it returns (RETURNING),
 * concatenated. Every row must have the same keys.
 */
export async function runRows<Row extends object, Out = unknown>(
  trx: Transaction<Schema>,
  dialect: DialectName,
  statement: RowsStatement<Row, Out>,
  rows: readonly Row[],
): Promise<Out[]> {
  const out: Out[] = [];
  if (rows.length === 0) return out;
  const columns = Object.keys(rows[0]!);
  for (let start = 0; start < rows.length; ) {
    const count = chunkSize(rows.length - start);
    const plan = planFor(trx, dialect, statement as RowsStatement<never, unknown>, count, columns);
    const parameters = plan.binds.map((bind) =>
      bind instanceof Placeholder
        ? ((rows[start + bind.row] as Record<string, unknown>)[bind.column] ?? null)
        : bind.value,
    );
    const result = await trx.executeQuery<Out>(CompiledQuery.raw(plan.sql, parameters));
    out.push(...result.rows);
    start += count;
  }
  return out;
}
