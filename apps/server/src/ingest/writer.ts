// Group commit: requests hand their parsed events to the writer thread and wait; the writer thread
// commits everything that reached it while its previous transaction ran in one transaction, and
// only then do the requests answer 200. Durable acknowledgements at the cost of one fsync per batch.

import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config/config.ts';
import { VigieError } from '../errors.ts';
import { batchSize, type IngestBatch, takeUpTo } from './batch.ts';
import { type WriteFailure, WriterThread } from './writer-thread.ts';

interface Waiting {
  /** Dropped once sent to the writer thread, which keeps what a retry needs. */
  batch: IngestBatch | null;
  size: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export interface EventWriterOptions {
  commitIntervalMs: number;
  /** Items waiting for commit beyond which submit() answers 429. */
  queueLimit: number;
  /** Items per transaction at most, to bound how long one commit holds the writer. */
  maxBatchItems?: number;
}

export class EventWriter {
  readonly #thread: WriterThread;
  readonly #options: Required<EventWriterOptions>;
  readonly #log: FastifyBaseLogger;
  /** Submitted, not yet sent to the writer thread. */
  #queue: Waiting[] = [];
  /** Items submitted and not yet committed. */
  #queued = 0;
  #timer: NodeJS.Timeout | undefined;
  #immediate: NodeJS.Immediate | undefined;
  /** Writes sent to the writer thread and not yet answered. */
  #inFlight = new Set<Promise<void>>();
  #closed = false;

  constructor(target: Config['database'], options: EventWriterOptions, log: FastifyBaseLogger) {
    this.#options = { maxBatchItems: 2000, ...options };
    this.#thread = new WriterThread({ target, maxBatchItems: this.#options.maxBatchItems }, log);
    this.#log = log;
  }

  /** Items accepted and not yet committed. */
  get pending(): number {
    return this.#queued;
  }

  /** Resolves once the batch is committed; rejects with 429 when the queue is full. */
  submit(batch: IngestBatch): Promise<void> {
    const size = batchSize(batch);
    if (size === 0) return Promise.resolve();
    if (this.#closed) {
      return Promise.reject(new VigieError('shutting_down'));
    }
    if (this.#queued + size > this.#options.queueLimit) {
      return Promise.reject(
        new VigieError('over_capacity', { retryAfterSeconds: 1, rateLimitScope: 'organization' }),
      );
    }
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ batch, size, resolve, reject });
      this.#queued += size;
      this.#schedule();
    });
  }

  /** Commit everything pending and refuse new work. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    clearImmediate(this.#immediate);
    this.#timer = undefined;
    this.#immediate = undefined;
    this.#send();
    while (this.#inFlight.size > 0) await Promise.all(this.#inFlight);
    await this.#thread.close();
  }

  #schedule(): void {
    if (this.#timer || this.#immediate) return;
    const send = () => {
      this.#timer = undefined;
      this.#immediate = undefined;
      this.#send();
    };
    // With no interval, what this turn of the event loop received goes to the writer thread at
    // once; the writer thread's transactions grow by themselves under load (writer-worker.ts).
    if (this.#options.commitIntervalMs === 0) this.#immediate = setImmediate(send);
    else this.#timer = setTimeout(send, this.#options.commitIntervalMs);
  }

  /** Sends what is queued, in writes of at most maxBatchItems items unless one request alone has more. */
  #send(): void {
    while (this.#queue.length > 0) {
      const taken = takeUpTo(this.#queue, this.#options.maxBatchItems, (w) => w.size);
      const write = this.#commit(taken).finally(() => this.#inFlight.delete(write));
      this.#inFlight.add(write);
    }
  }

  async #commit(taken: Waiting[]): Promise<void> {
    const batches = taken.map((w) => w.batch!);
    for (const w of taken) w.batch = null;
    try {
      const failures = await this.#thread.write(batches);
      taken.forEach((w, i) => {
        const failed = failures[i];
        if (failed) this.#log.error({ err: failed }, 'could not store an ingest request');
        this.#settle(w, failed ? () => w.reject(asError(failed)) : () => w.resolve());
      });
    } catch (error) {
      this.#log.error({ err: error, requests: taken.length }, 'the writer thread failed');
      for (const w of taken) this.#settle(w, () => w.reject(error));
    }
  }

  #settle(w: Waiting, settle: () => void): void {
    this.#queued -= w.size;
    settle();
  }
}

/** Not a VigieError: the HTTP layer answers it 500 internal_error, and the log keeps the driver's code. */
function asError(failure: WriteFailure): Error {
  return Object.assign(new Error(failure.message), { code: failure.code });
}
