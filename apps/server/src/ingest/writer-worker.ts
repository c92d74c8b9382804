// The writer thread: owns its own database connection, compresses event payloads and commits
// batches, so the request thread never blocks on compression, SQL or fsync.

import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../config/config.ts';
import { openDatabase } from '../storage/database.ts';
import { inRowTransaction } from '../storage/row-statements.ts';
import { writeBatch } from './batch.repository.ts';
import { fromWire, type IngestBatch, mergeBatches } from './batch.ts';
import type { WriteFailure, WriteOutcome, WriterReply, WriterRequest } from './writer-thread.ts';

// SQLite: the WAL is checkpointed by a thread of its own (WriterThread starts it), never in a commit here.
const database = openDatabase((workerData as { target: Config['database'] }).target, {
  max: 2,
  autoCheckpoint: false,
});
const port = parentPort!;

function commit(batch: IngestBatch) {
  return inRowTransaction(database, (rows) => writeBatch(rows, batch));
}

function failure(error: unknown): WriteFailure {
  const e = error as { message?: string; code?: string };
  return { message: e.message ?? String(error), code: e.code };
}

/** All requests in one transaction; if that fails, each on its own, so one request's bad data fails only it. */
async function writeRequests(batches: IngestBatch[]): Promise<WriteOutcome> {
  try {
    await commit(mergeBatches(batches));
    return { groupFailure: null, failures: batches.map(() => null) };
  } catch (error) {
    if (batches.length === 1) return { groupFailure: null, failures: [failure(error)] };
    const failures: Array<WriteFailure | null> = [];
    for (const batch of batches) {
      try {
        await commit(batch);
        failures.push(null);
      } catch (single) {
        failures.push(failure(single));
      }
    }
    return { groupFailure: failure(error), failures };
  }
}

async function handle(request: WriterRequest): Promise<void> {
  if (request.type === 'close') {
    await database.close();
    port.postMessage({ type: 'closed' } satisfies WriterReply);
    return;
  }
  let outcome: WriteOutcome;
  try {
    outcome = await writeRequests(fromWire(request));
  } catch (error) {
    outcome = { groupFailure: null, failures: request.batches.map(() => failure(error)) };
  }
  port.postMessage({ type: 'done', id: request.id, ...outcome } satisfies WriterReply);
}

// One request at a time, in arrival order: a batch never interleaves with another's transaction.
let queue = Promise.resolve();
port.on('message', (request: WriterRequest) => {
  queue = queue.then(() => handle(request));
});
