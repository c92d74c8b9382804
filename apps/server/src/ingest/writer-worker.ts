// The writer thread: owns its own database connection, compresses event payloads and commits
// batches, so the request thread never blocks on compression, SQL or fsync.

import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../config/config.ts';
import { openDatabase } from '../storage/database.ts';
import { writeBatch } from './batch.repository.ts';
import type { IngestBatch } from './batch.ts';
import type { WriterReply, WriterRequest } from './writer-thread.ts';

const database = openDatabase((workerData as { target: Config['database'] }).target, { max: 2 });
const port = parentPort!;

async function commit(batch: IngestBatch) {
  return database.db.transaction().execute((trx) => writeBatch(trx, database.dialect, batch));
}

port.on('message', async (request: WriterRequest) => {
  if (request.type === 'close') {
    await database.close();
    port.postMessage({ type: 'closed' } satisfies WriterReply);
    return;
  }
  try {
    const result = await commit(request.batch);
    port.postMessage({ type: 'done', id: request.id, result } satisfies WriterReply);
  } catch (error) {
    const e = error as { message?: string; code?: string };
    port.postMessage({
      type: 'failed',
      id: request.id,
      error: { message: e.message ?? String(error), code: e.code },
    } satisfies WriterReply);
  }
});
