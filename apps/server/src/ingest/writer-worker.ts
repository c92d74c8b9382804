// The writer thread: owns its own database connection, compresses event payloads and commits
// batches, so the request thread never blocks on compression, SQL or fsync. Everything that
// reached it while a transaction ran goes into the next one (group commit).

import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../storage/database.ts';
import { inRowTransaction } from '../storage/row-statements.ts';
import { writeBatch } from './batch.repository.ts';
import { batchSize, fromWire, type IngestBatch, mergeBatches, takeUpTo } from './batch.ts';
import type { WriteFailure, WriteOutcome, WriterData, WriterReply, WriterRequest } from './writer-thread.ts';

const { target, maxBatchItems } = workerData as WriterData;
// SQLite: the WAL is checkpointed by a thread of its own (WriterThread starts it), never in a commit here.
const database = openDatabase(target, { max: 2, autoCheckpoint: false });
const port = parentPort!;

function commit(batch: IngestBatch) {
  return inRowTransaction(database, (rows) => writeBatch(rows, batch));
}

function failure(error: unknown): WriteFailure {
  const e = error as { message?: string; code?: string };
  return { message: e.message ?? String(error), code: e.code };
}

/**
 * All requests in one transaction; if that fails, each on its own, so one request's bad data fails
 * only it. Never throws: every failure is in the result.
 */
async function writeRequests(
  batches: IngestBatch[],
): Promise<{ failures: WriteOutcome; groupFailure: WriteFailure | null }> {
  try {
    await commit(mergeBatches(batches));
    return { groupFailure: null, failures: batches.map(() => null) };
  } catch (error) {
    if (batches.length === 1) return { groupFailure: null, failures: [failure(error)] };
    const failures: WriteOutcome = [];
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

type Write = Extract<WriterRequest, { type: 'write' }>;

/** Commits `writes` together and answers them in one reply, with each write's share of the outcome. */
async function commitWrites(writes: Write[]): Promise<void> {
  const perWrite = writes.map((w) => fromWire(w));
  const { failures, groupFailure } = await writeRequests(perWrite.flat());
  let start = 0;
  const outcomes = perWrite.map((batches): WriteOutcome => {
    start += batches.length;
    return failures.slice(start - batches.length, start);
  });
  port.postMessage({
    type: 'done',
    ids: writes.map((w) => w.id),
    outcomes,
    groupFailure,
  } satisfies WriterReply);
}

const queue: Write[] = [];
let closing = false;
let draining = false;

async function drain(): Promise<void> {
  while (queue.length > 0) {
    // At most maxBatchItems per transaction, to bound how long one commit holds the writer.
    await commitWrites(
      takeUpTo(queue, maxBatchItems, (w) => w.batches.reduce((n, b) => n + batchSize(b), 0)),
    );
  }
  draining = false;
  if (closing) {
    await database.close();
    port.postMessage({ type: 'closed' } satisfies WriterReply);
  }
}

port.on('message', (request: WriterRequest) => {
  if (request.type === 'close') closing = true;
  else queue.push(request);
  if (draining) return;
  // Start on the next turn of the event loop, once every message that arrived meanwhile is queued.
  draining = true;
  setImmediate(drain);
});
