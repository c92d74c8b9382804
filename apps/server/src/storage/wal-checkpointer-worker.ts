// The checkpoint thread (see wal-checkpointer.ts): its own connection to the SQLite file, a
// PASSIVE checkpoint every interval, and a RESTART once the WAL has grown past its limit.

import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';
import type { CheckpointerData, CheckpointerReply, CheckpointerRequest } from './wal-checkpointer.ts';

/**
 * How long a RESTART may wait for the writer's commit or a reader to finish. While it waits, new
 * write transactions wait too, so it is short: a busy RESTART is simply tried again later.
 */
const RESTART_BUSY_MS = 20;

/** A failure that keeps happening (a full disk) is reported once a minute, not every interval. */
const REPORT_EVERY_MS = 60_000;

interface CheckpointResult {
  busy: number;
  /** Frames in the WAL. */
  log: number;
  checkpointed: number;
}

const { file, options } = workerData as CheckpointerData;
const port = parentPort!;
const db = new DatabaseSync(file);
db.exec(`PRAGMA busy_timeout = ${RESTART_BUSY_MS}`);
const passive = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
const restart = db.prepare('PRAGMA wal_checkpoint(RESTART)');

let reported = { message: '', at: 0 };

function checkpoint(): void {
  try {
    const { log } = passive.get() as unknown as CheckpointResult;
    if (log >= options.restartFrames) restart.get();
  } catch (error) {
    const message = (error as Error).message;
    const now = Date.now();
    if (message === reported.message && now - reported.at < REPORT_EVERY_MS) return;
    reported = { message, at: now };
    port.postMessage({ type: 'failed', message } satisfies CheckpointerReply);
  }
}

const timer = setInterval(checkpoint, options.intervalMs);

port.on('message', (request: CheckpointerRequest) => {
  if (request.type !== 'close') return;
  clearInterval(timer);
  db.close();
  port.close();
});
