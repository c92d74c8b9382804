// Keeps the SQLite WAL short from a thread of its own, so the ingest writer never runs a
// checkpoint inside its commit. SQLite's automatic checkpoint copies ~1,000 pages into the
// database file and fsyncs it in whichever commit crosses the threshold: measured under
// bench:ingest, that put a 5–9 ms stall into one group commit in ten.

import { Worker } from 'node:worker_threads';

export interface WalCheckpointerOptions {
  /** How often to copy committed WAL frames into the database file (PASSIVE: never blocks the writer). */
  intervalMs: number;
  /**
   * WAL frames past which the checkpointer also waits for a gap between commits to finish the
   * copy (RESTART), so the writer starts the WAL again from its beginning instead of growing it.
   */
  restartFrames: number;
}

export const DEFAULT_CHECKPOINTS: WalCheckpointerOptions = { intervalMs: 100, restartFrames: 16_384 };

export interface CheckpointerData {
  file: string;
  options: WalCheckpointerOptions;
}

export type CheckpointerRequest = { type: 'close' };
export type CheckpointerReply = { type: 'failed'; message: string };

/**
 * The checkpoint thread of one SQLite file. Connections that write to the file should open it
 * with `autoCheckpoint: false` (see node-sqlite.ts) while this runs.
 *
 * @example
 * const checkpointer = new WalCheckpointer('./data/vigie.sqlite', DEFAULT_CHECKPOINTS);
 * await checkpointer.close();
 */
export class WalCheckpointer {
  readonly #worker: Worker;
  readonly #exited: Promise<void>;
  #lastError: string | undefined;

  constructor(file: string, options: WalCheckpointerOptions, onError?: (message: string) => void) {
    this.#worker = new Worker(new URL('./wal-checkpointer-worker.ts', import.meta.url), {
      workerData: { file, options } satisfies CheckpointerData,
      // It allocates almost nothing: one result row per checkpoint.
      resourceLimits: { maxYoungGenerationSizeMb: 2 },
    });
    this.#worker.on('message', (reply: CheckpointerReply) => {
      this.#lastError = reply.message;
      onError?.(reply.message);
    });
    this.#worker.on('error', (error) => {
      this.#lastError = error.message;
      onError?.(error.message);
    });
    this.#exited = new Promise((resolve) => this.#worker.once('exit', () => resolve()));
  }

  /** The last checkpoint failure, if any (a busy database is not one). */
  get lastError(): string | undefined {
    return this.#lastError;
  }

  /** Stops checkpointing; the connection that closes the database last checkpoints what is left. */
  async close(): Promise<void> {
    this.#worker.postMessage({ type: 'close' } satisfies CheckpointerRequest);
    await this.#exited;
  }
}
