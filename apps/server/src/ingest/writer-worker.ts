// The writer thread: the one queue of requests waiting for their commit, and the one connection
// that commits them. Everything that reached it while a transaction ran goes into the next one
// (group commit), up to maxBatchItems items; event payloads are compressed here, off the request
// thread.

import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../storage/database.ts';
import { writeBatch } from './batch.repository.ts';
import { batchSize, type IngestBatch, mergeBatches, takeUpTo } from './batch.ts';
import type { Write, WriteFailure, WriterData, WriterReply, WriterRequest } from './writer.ts';

const { target, commitIntervalMs, maxBatchItems } = workerData as WriterData;
const database = openDatabase(target);
const port = parentPort!;

const queue: Write[] = [];
let closing = false;
let draining = false;

function commit(batch: IngestBatch): Promise<unknown> {
  return database.db.transaction().execute((trx) => writeBatch(trx, database.dialect, batch));
}

function failure(error: unknown): WriteFailure {
  const e = error as { message?: string; code?: string };
  return { message: e.message ?? String(error), code: e.code };
}

/**
 * The requests in one transaction; if that fails, each on its own, so one request's bad data fails
 * only it. Never throws: every failure is in the reply.
 */
async function commitWrites(writes: Write[]): Promise<WriterReply> {
  const ids = writes.map((w) => w.id);
  try {
    await commit(mergeBatches(writes.map((w) => w.batch)));
    return { type: 'done', ids, failures: writes.map(() => null), groupFailure: null };
  } catch (error) {
    if (writes.length === 1) return { type: 'done', ids, failures: [failure(error)], groupFailure: null };
    const failures: Array<WriteFailure | null> = [];
    for (const write of writes) {
      failures.push(await commit(write.batch).then(() => null, failure));
    }
    return { type: 'done', ids, failures, groupFailure: failure(error) };
  }
}

async function drain(): Promise<void> {
  while (queue.length > 0) {
    const writes = takeUpTo(queue, maxBatchItems, (w) => batchSize(w.batch));
    port.postMessage(await commitWrites(writes));
  }
  draining = false;
  if (closing) {
    await database.close();
    port.postMessage({ type: 'closed' } satisfies WriterReply);
  }
}

port.on('message', (request: WriterRequest) => {
  if (request.type === 'close') closing = true;
  else queue.push(...request.writes);
  if (draining) return;
  // Start once every message that arrives meanwhile is queued: on the next turn of the event
  // loop, or after the configured interval.
  draining = true;
  if (commitIntervalMs === 0 || closing) setImmediate(drain);
  else setTimeout(drain, commitIntervalMs);
});
