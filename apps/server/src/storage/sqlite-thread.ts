// The API's SQLite connection, on a thread of its own. node:sqlite is synchronous: on the request thread
// a query holds up every other request until it ends (ingest's included), and a write waiting for the
// ingest writer's lock sleeps there for up to busy_timeout. Here Kysely posts each query to the thread
// and awaits the answer, so the request thread stays free for HTTP meanwhile. Still one connection, and
// queries one at a time as with Kysely's own SqliteDriver (Kysely serializes them: SQLite's adapter
// supports one connection); transactions BEGIN IMMEDIATE, as in database.ts.

import { Worker } from 'node:worker_threads';
import {
  CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';

export interface SqliteThreadData {
  file: string;
}

export type SqliteThreadRequest =
  | { type: 'query'; id: number; sql: string; parameters: readonly unknown[] }
  | { type: 'close' };

/** node:sqlite's error, as much of it as crosses threads. */
export interface SqliteThreadError {
  message: string;
  code?: string;
  errcode?: number;
  errstr?: string;
}

export type SqliteThreadReply =
  | { type: 'ready' }
  | { type: 'failed'; error: SqliteThreadError }
  | { type: 'rows'; id: number; rows: unknown[] }
  | { type: 'changes'; id: number; changes: number; lastInsertRowid: number }
  | { type: 'error'; id: number; error: SqliteThreadError };

export class SqliteThreadDialect implements Dialect {
  readonly #data: SqliteThreadData;

  constructor(file: string) {
    this.#data = { file };
  }

  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }

  createDriver(): Driver {
    return new SqliteThreadDriver(this.#data);
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }

  // biome-ignore lint/suspicious/noExplicitAny: Kysely's Dialect interface takes an untyped Kysely
  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}

/** The thread's error, rebuilt: the message and node:sqlite's codes, with this thread's stack. */
function rebuild(error: SqliteThreadError): Error {
  return Object.assign(new Error(error.message), {
    ...(error.code !== undefined ? { code: error.code } : {}),
    ...(error.errcode !== undefined ? { errcode: error.errcode } : {}),
    ...(error.errstr !== undefined ? { errstr: error.errstr } : {}),
  });
}

interface Pending {
  resolve: (result: QueryResult<unknown>) => void;
  reject: (error: Error) => void;
}

class SqliteThreadDriver implements Driver {
  readonly #data: SqliteThreadData;
  readonly #pending = new Map<number, Pending>();
  #worker: Worker | undefined;
  #exited: Promise<void> | undefined;
  #nextId = 1;
  readonly #connection: DatabaseConnection;

  constructor(data: SqliteThreadData) {
    this.#data = data;
    this.#connection = {
      executeQuery: <R>(query: CompiledQuery) => this.#query(query) as Promise<QueryResult<R>>,
      streamQuery: <R>(query: CompiledQuery) => this.#stream<R>(query),
    };
  }

  /** Rows one at a time, as Kysely's SqliteDriver streams them; read whole on the thread first. */
  async *#stream<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const { rows } = await this.#query(query);
    for (const row of rows) yield { rows: [row as R] };
  }

  async init(): Promise<void> {
    const worker = new Worker(new URL('./sqlite-thread-worker.ts', import.meta.url), {
      workerData: this.#data,
    });
    this.#worker = worker;
    this.#exited = new Promise((resolve) => worker.once('exit', () => resolve()));
    await new Promise<void>((resolve, reject) => {
      worker.on('message', (reply: SqliteThreadReply) => {
        if (reply.type === 'ready') resolve();
        else if (reply.type === 'failed') reject(rebuild(reply.error));
        else this.#settle(reply);
      });
      worker.once('error', (error) => {
        reject(error);
        this.#failAll(error);
      });
      worker.once('exit', (code) => this.#failAll(new Error(`the SQLite thread exited (${code})`)));
    });
  }

  #settle(reply: Exclude<SqliteThreadReply, { type: 'ready' | 'failed' }>): void {
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    this.#pending.delete(reply.id);
    if (reply.type === 'rows') pending.resolve({ rows: reply.rows });
    else if (reply.type === 'changes') {
      pending.resolve({
        rows: [],
        numAffectedRows: BigInt(reply.changes),
        insertId: BigInt(reply.lastInsertRowid),
      });
    } else pending.reject(rebuild(reply.error));
  }

  #failAll(error: Error): void {
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }

  #query(query: CompiledQuery): Promise<QueryResult<unknown>> {
    const worker = this.#worker;
    if (!worker) return Promise.reject(new Error('the SQLite thread is not started'));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({
        type: 'query',
        id,
        sql: query.sql,
        parameters: query.parameters,
      } satisfies SqliteThreadRequest);
    });
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(): Promise<void> {}

  async destroy(): Promise<void> {
    this.#worker?.postMessage({ type: 'close' } satisfies SqliteThreadRequest);
    await this.#exited;
  }
}
