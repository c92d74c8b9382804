// The request thread's handle on the writer thread: send the batches of several requests, get a
// promise of their commit, with what failed for each request.

import { Worker } from 'node:worker_threads';
import type { Config } from '../config/config.ts';
import { DEFAULT_CHECKPOINTS, WalCheckpointer } from '../storage/wal-checkpointer.ts';
import { type IngestBatch, toWire, type WireBatches } from './batch.ts';

export interface WriteFailure {
  message: string;
  code: string | undefined;
}

export interface WriteOutcome {
  /** Why the group's single transaction failed, when it did and requests were retried one by one. */
  groupFailure: WriteFailure | null;
  /** Per request, in order: null when committed. */
  failures: Array<WriteFailure | null>;
}

export type WriterRequest = ({ type: 'write'; id: number } & WireBatches) | { type: 'close' };

export type WriterReply = ({ type: 'done'; id: number } & WriteOutcome) | { type: 'closed' };

interface Pending {
  resolve: (outcome: WriteOutcome) => void;
  reject: (error: Error) => void;
}

export class WriterThread {
  readonly #target: Config['database'];
  readonly #onCheckpointError: (message: string) => void;
  #worker: Worker | undefined;
  #checkpointer: WalCheckpointer | undefined;
  #pending = new Map<number, Pending>();
  #nextId = 1;

  constructor(target: Config['database'], onCheckpointError: (message: string) => void) {
    this.#target = target;
    this.#onCheckpointError = onCheckpointError;
  }

  /**
   * Commit the requests' batches, in one transaction if they all can. Rejects only when the
   * writer thread itself fails.
   */
  write(batches: IngestBatch[]): Promise<WriteOutcome> {
    const worker = this.#ensureWorker();
    const id = this.#nextId++;
    const wire = toWire(batches);
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ type: 'write', id, ...wire } satisfies WriterRequest, [
        wire.text,
        wire.ends.buffer,
      ]);
    });
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    const checkpointer = this.#checkpointer;
    this.#checkpointer = undefined;
    await checkpointer?.close();
    if (!worker) return;
    this.#worker = undefined;
    await new Promise<void>((resolve) => {
      worker.once('exit', () => resolve());
      worker.on('message', (reply: WriterReply) => {
        if (reply.type === 'closed') void worker.terminate();
      });
      worker.postMessage({ type: 'close' } satisfies WriterRequest);
    });
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    // The writer's connection leaves checkpoints to this thread (see writer-worker.ts).
    if (this.#target.kind === 'sqlite' && !this.#checkpointer) {
      this.#checkpointer = new WalCheckpointer(
        this.#target.file,
        DEFAULT_CHECKPOINTS,
        this.#onCheckpointError,
      );
    }
    const worker = new Worker(new URL('./writer-worker.ts', import.meta.url), {
      workerData: { target: this.#target },
      // Its garbage is one batch at a time: a small young generation collects it as well, and V8's
      // default (up to 128 MB) cost ~20 MB of RSS and, measured, more GC work.
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
    });
    worker.on('message', (reply: WriterReply) => {
      if (reply.type === 'closed') return;
      const pending = this.#pending.get(reply.id);
      if (!pending) return;
      this.#pending.delete(reply.id);
      pending.resolve({ groupFailure: reply.groupFailure, failures: reply.failures });
    });
    // A crashed writer fails what it held (those requests get a 5xx and the SDKs retry); the next
    // write starts a new one.
    const fail = (error: Error) => {
      if (this.#worker === worker) this.#worker = undefined;
      for (const pending of this.#pending.values()) pending.reject(error);
      this.#pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (code !== 0) fail(new Error(`writer thread exited with code ${code}`));
      else if (this.#worker === worker) this.#worker = undefined;
    });
    this.#worker = worker;
    return worker;
  }
}
