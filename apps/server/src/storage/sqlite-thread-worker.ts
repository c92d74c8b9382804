// The thread that holds the API's SQLite connection (sqlite-thread.ts): runs each query it is sent, in
// order, and answers with the rows, or the changes, or the error.

import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { openSqlite } from './node-sqlite.ts';
import type {
  SqliteThreadData,
  SqliteThreadError,
  SqliteThreadReply,
  SqliteThreadRequest,
} from './sqlite-thread.ts';

const port = parentPort!;
const { file } = workerData as SqliteThreadData;

function describe(error: unknown): SqliteThreadError {
  if (!(error instanceof Error)) return { message: String(error) };
  const { code, errcode, errstr } = error as Error & { code?: unknown; errcode?: unknown; errstr?: unknown };
  return {
    message: error.message,
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof errcode === 'number' ? { errcode } : {}),
    ...(typeof errstr === 'string' ? { errstr } : {}),
  };
}

const reply = (message: SqliteThreadReply) => port.postMessage(message);

/**
 * The API's queries yield the CPU to ingest (the request and writer threads) when both want it: on Linux a
 * thread has a nice value of its own, set through its thread id. Elsewhere the thread runs as it is.
 */
function yieldToIngest(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid)) setPriority(tid, 10);
  } catch {
    // Not Linux, or not allowed: nothing to do.
  }
}
yieldToIngest();

let database: ReturnType<typeof openSqlite>;
try {
  database = openSqlite(file);
} catch (error) {
  reply({ type: 'failed', error: describe(error) });
  process.exit(1);
}

port.on('message', (request: SqliteThreadRequest) => {
  if (request.type === 'close') {
    database.close();
    port.close();
    return;
  }
  const { id } = request;
  try {
    const statement = database.prepare(request.sql);
    if (statement.reader) {
      reply({ type: 'rows', id, rows: statement.all(request.parameters) });
    } else {
      const { changes, lastInsertRowid } = statement.run(request.parameters);
      reply({ type: 'changes', id, changes: Number(changes), lastInsertRowid: Number(lastInsertRowid) });
    }
  } catch (error) {
    reply({ type: 'error', id, error: describe(error) });
  }
});
reply({ type: 'ready' });
