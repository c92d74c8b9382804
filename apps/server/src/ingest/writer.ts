// Group commit: requests hand their parsed events to the writer and wait; the writer commits
// everything gathered so far in one transaction on the writer thread, and only then lets the
// requests answer 200. Durable acknowledgements at the cost of one fsync per batch.

import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config/config.ts';
import { VigieError } from '../errors.ts';
import { batchSize, type IngestBatch } from './batch.ts';
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
  #queue: Waiting[] = [];
  #queued = 0;
  #timer: NodeJS.Timeout | undefined;
  #immediate: NodeJS.Immediate | undefined;
  #running: Promise<void> | undefined;
  #closed = false;

  constructor(target: Config['database'], options: EventWriterOptions, log: FastifyBaseLogger) {
    this.#thread = new WriterThread(target, (message) =>
      log.error({ err: new Error(message) }, 'WAL checkpoint failed; retrying at the next interval'),
    );
    this.#options = { maxBatchItems: 2000, ...options };
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
      return Promise.reject(new VigieError(503, 'shutting_down', 'Vigie is shutting down; retry shortly.'));
    }
    if (this.#queued + size > this.#options.queueLimit) {
      return Promise.reject(
        new VigieError(
          429,
          'over_capacity',
          'Vigie is over capacity; retry after the delay in Retry-After.',
          {
            retryAfterSeconds: 1,
            rateLimitScope: 'organization',
          },
        ),
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
    while (this.#running || this.#queue.length > 0) {
      if (this.#running) await this.#running;
      else await this.#commitNext();
    }
    await this.#thread.close();
  }

  #schedule(): void {
    if (this.#timer || this.#immediate || this.#running) return;
    const commit = () => {
      this.#timer = undefined;
      this.#immediate = undefined;
      void this.#commitNext();
    };
    // With no interval the batch is whatever arrived while the previous commit ran (and in this
    // turn of the event loop): no idle wait, and batches grow by themselves under load.
    if (this.#options.commitIntervalMs === 0) this.#immediate = setImmediate(commit);
    else this.#timer = setTimeout(commit, this.#options.commitIntervalMs);
  }

  #commitNext(): Promise<void> {
    const taken = this.#take();
    this.#running = this.#commit(taken).finally(() => {
      this.#running = undefined;
      if (this.#queue.length > 0 && !this.#closed) this.#schedule();
    });
    return this.#running;
  }

  #take(): Waiting[] {
    let items = 0;
    let count = 0;
    while (
      count < this.#queue.length &&
      (count === 0 || items + this.#queue[count]!.size <= this.#options.maxBatchItems)
    ) {
      items += this.#queue[count]!.size;
      count += 1;
    }
    const taken = this.#queue.splice(0, count);
    return taken;
  }

  async #commit(taken: Waiting[]): Promise<void> {
    if (taken.length === 0) return;
    const batches = taken.map((w) => w.batch!);
    for (const w of taken) w.batch = null;
    try {
      const { groupFailure, failures } = await this.#thread.write(batches);
      if (groupFailure) {
        this.#log.warn(
          { err: groupFailure, requests: taken.length },
          'group commit failed; retried requests one by one',
        );
      }
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

function asError(failure: WriteFailure): Error {
  return Object.assign(new Error(failure.message), { code: failure.code });
}
