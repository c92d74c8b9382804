// The request thread's handle on the writer thread: send the batches of some requests as soon as
// they arrive, get a promise of their commit, with what failed for each request. The writer thread
// commits whatever reached it while its previous transaction ran in one transaction (group commit),
// so it never waits on a round trip through the request thread between two commits.

import { Worker } from 'node:worker_threads';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config/config.ts';
import { DEFAULT_CHECKPOINTS, WalCheckpointer } from '../storage/wal-checkpointer.ts';
import { type IngestBatch, toWire, type WireBatches } from './batch.ts';

export interface WriteFailure {
  message: string;
  /** The database driver's error code (node:sqlite's, a PostgreSQL SQLSTATE), for the log; never an ErrorCode. */
  code: string | undefined;
}

/** Per request of one write(), in order: null when committed. */
export type WriteOutcome = Array<WriteFailure | null>;

export interface WriterData {
  target: Config['database'];
  /** Items (events, sessions, client reports) per transaction at most, to bound how long one commit holds the writer. */
  maxBatchItems: number;
}

export type WriterRequest = ({ type: 'write'; id: number } & WireBatches) | { type: 'close' };

export type WriterReply =
  | {
      type: 'done';
      /** The writes committed together, and per write the outcome of each of its requests. */
      ids: number[];
      outcomes: WriteOutcome[];
      /** Why the group's single transaction failed, when it did and requests were retried one by one. */
      groupFailure: WriteFailure | null;
    }
  | { type: 'closed' };

interface Pending {
  resolve: (outcome: WriteOutcome) => void;
  reject: (error: Error) => void;
}

export class WriterThread {
  readonly #data: WriterData;
  readonly #log: FastifyBaseLogger;
  #worker: Worker | undefined;
  #checkpointer: WalCheckpointer | undefined;
  #pending = new Map<number, Pending>();
  #nextId = 1;

  constructor(data: WriterData, log: FastifyBaseLogger) {
    this.#data = data;
    this.#log = log;
  }

  /**
   * Commit the requests' batches, in one transaction with whatever else reached the writer thread
   * meanwhile if they all can. Rejects only when the writer thread itself fails.
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
    const target = this.#data.target;
    if (target.kind === 'sqlite' && !this.#checkpointer) {
      this.#checkpointer = new WalCheckpointer(target.file, DEFAULT_CHECKPOINTS, (message) =>
        this.#log.error({ err: new Error(message) }, 'WAL checkpoint failed; retrying at the next interval'),
      );
    }
    const worker = new Worker(new URL('./writer-worker.ts', import.meta.url), {
      workerData: this.#data satisfies WriterData,
      // Its garbage is one batch at a time: a small young generation collects it as well, and V8's
      // default (up to 128 MB) cost ~20 MB of RSS and, measured, more GC work.
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
    });
    worker.on('message', (reply: WriterReply) => {
      if (reply.type === 'closed') return;
      if (reply.groupFailure) {
        this.#log.warn(
          { err: reply.groupFailure, requests: reply.outcomes.reduce((n, o) => n + o.length, 0) },
          'group commit failed; retried requests one by one',
        );
      }
      reply.ids.forEach((id, i) => {
        const pending = this.#pending.get(id);
        if (!pending) return;
        this.#pending.delete(id);
        pending.resolve(reply.outcomes[i]!);
      });
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
