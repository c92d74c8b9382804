// Group commit, the request side. A request hands its parsed events to the writer thread
// (writer-worker.ts) and waits; the writer thread commits whatever reached it while its previous
// transaction ran in one transaction, and only then does the request answer 200. Durable
// acknowledgements at the cost of one fsync per batch, and the request thread never blocks on
// compression, SQL or fsync.

import { Worker } from 'node:worker_threads';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config/config.ts';
import { VigieError } from '../errors.ts';
import { batchSize, type IngestBatch } from './batch.ts';

export interface EventWriterOptions {
  /** How long the writer thread gathers requests before a transaction; 0: what arrived meanwhile. */
  commitIntervalMs: number;
  /** Items waiting for commit beyond which submit() answers 429. */
  queueLimit: number;
  /**
   * Bytes of event JSON waiting for commit beyond which submit() answers 429: what bounds the
   * memory held by waiting requests, whose events may each weigh a byte or a megabyte.
   */
  queueBytes: number;
  /** Items per transaction at most, to bound how long one commit holds the database. */
  maxBatchItems?: number;
}

/** What the writer thread starts with. */
export interface WriterData {
  target: Config['database'];
  commitIntervalMs: number;
  maxBatchItems: number;
}

export interface WriteFailure {
  message: string;
  /** The database driver's error code (node:sqlite's, a PostgreSQL SQLSTATE), for the log; never an ErrorCode. */
  code: string | undefined;
}

/** One request waiting for its commit. */
export interface Write {
  id: number;
  batch: IngestBatch;
}

export type WriterRequest = { type: 'write'; writes: Write[] } | { type: 'close' };

export type WriterReply =
  | {
      type: 'done';
      /** The requests committed (or failed) together, and each one's failure or null. */
      ids: number[];
      failures: Array<WriteFailure | null>;
      /** Why the group's single transaction failed, when it did and requests were retried one by one. */
      groupFailure: WriteFailure | null;
    }
  | { type: 'closed' };

interface Waiting {
  size: number;
  bytes: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class EventWriter {
  readonly #data: WriterData;
  readonly #queueLimit: number;
  readonly #queueBytes: number;
  readonly #log: FastifyBaseLogger;
  #worker: Worker | undefined;
  /** Requests sent to the writer thread and not yet answered, by id. */
  readonly #waiting = new Map<number, Waiting>();
  /** Requests of this turn of the event loop, posted to the writer thread together once it ends. */
  #outbox: Write[] = [];
  #posting: NodeJS.Immediate | undefined;
  /** Items submitted and not yet committed. */
  #pending = 0;
  /** Bytes of event JSON submitted and not yet committed. */
  #pendingBytes = 0;
  #nextId = 1;
  #closed = false;

  constructor(target: Config['database'], options: EventWriterOptions, log: FastifyBaseLogger) {
    this.#data = {
      target,
      commitIntervalMs: options.commitIntervalMs,
      maxBatchItems: options.maxBatchItems ?? 2000,
    };
    this.#queueLimit = options.queueLimit;
    this.#queueBytes = options.queueBytes;
    this.#log = log;
  }

  /** Items accepted and not yet committed. */
  get pending(): number {
    return this.#pending;
  }

  /** Bytes of event JSON accepted and not yet committed. */
  get pendingBytes(): number {
    return this.#pendingBytes;
  }

  /** The bound on `pendingBytes` (VIGIE_INGEST_QUEUE_BYTES). */
  get queueBytes(): number {
    return this.#queueBytes;
  }

  /** Whether the queue is full, in items or in bytes: a request that comes now will be refused. */
  get full(): boolean {
    return this.#pending >= this.#queueLimit || this.#pendingBytes >= this.#queueBytes;
  }

  /**
   * Resolves once the batch is committed; rejects with 429 when the queue is full, in items or in
   * bytes. An empty queue takes any one batch, so a request larger than the byte bound still goes.
   */
  submit(batch: IngestBatch): Promise<void> {
    const size = batchSize(batch);
    if (size === 0) return Promise.resolve();
    if (this.#closed) {
      return Promise.reject(new VigieError('shutting_down'));
    }
    // Counted now: the buffers are transferred to the writer thread, and read 0 bytes after.
    const bytes = batch.events.reduce((sum, event) => sum + event.json.byteLength, 0);
    const overBytes = this.#pending > 0 && this.#pendingBytes + bytes > this.#queueBytes;
    if (this.#pending + size > this.#queueLimit || overBytes) {
      return Promise.reject(overCapacity());
    }
    const id = this.#nextId++;
    return new Promise<void>((resolve, reject) => {
      this.#waiting.set(id, { size, bytes, resolve, reject });
      this.#pending += size;
      this.#pendingBytes += bytes;
      this.#outbox.push({ id, batch });
      // One message a turn rather than one a request: each message costs both threads a wake-up.
      this.#posting ??= setImmediate(() => this.#post());
    });
  }

  /** Commits everything submitted, refuses new work, and stops the writer thread. */
  async close(): Promise<void> {
    this.#closed = true;
    clearImmediate(this.#posting);
    this.#post();
    const worker = this.#worker;
    if (!worker) return;
    await new Promise<void>((resolve) => {
      worker.once('exit', () => resolve());
      // The writer thread answers every write it holds, then 'closed'.
      worker.on('message', (reply: WriterReply) => {
        if (reply.type === 'closed') void worker.terminate();
      });
      worker.postMessage({ type: 'close' } satisfies WriterRequest);
    });
  }

  #post(): void {
    this.#posting = undefined;
    if (this.#outbox.length === 0) return;
    const writes = this.#outbox;
    this.#outbox = [];
    const transfer = writes.flatMap((w) => w.batch.events.map((e) => e.json.buffer));
    this.#ensureWorker().postMessage({ type: 'write', writes } satisfies WriterRequest, transfer);
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(new URL('./writer-worker.ts', import.meta.url), {
      workerData: this.#data satisfies WriterData,
      // Its garbage is one batch at a time: a small young generation collects it as well as V8's
      // default one, which grows to tens of megabytes.
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
    });
    worker.on('message', (reply: WriterReply) => {
      if (reply.type === 'done') this.#answer(reply);
    });
    // A crashed writer fails what it held (those requests get a 5xx and the SDKs retry); the next
    // write starts a new one.
    const fail = (error: Error) => {
      if (this.#worker === worker) this.#worker = undefined;
      for (const waiting of this.#waiting.values()) this.#settle(waiting, () => waiting.reject(error));
      this.#waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (code !== 0 && !this.#closed) fail(new Error(`writer thread exited with code ${code}`));
      else if (this.#worker === worker) this.#worker = undefined;
    });
    this.#worker = worker;
    return worker;
  }

  #answer(reply: Extract<WriterReply, { type: 'done' }>): void {
    if (reply.groupFailure) {
      this.#log.warn(
        { err: reply.groupFailure, requests: reply.ids.length },
        'group commit failed; retried requests one by one',
      );
    }
    reply.ids.forEach((id, i) => {
      const waiting = this.#waiting.get(id);
      if (!waiting) return;
      this.#waiting.delete(id);
      const failed = reply.failures[i];
      if (failed) this.#log.error({ err: failed }, 'could not store an ingest request');
      this.#settle(waiting, failed ? () => waiting.reject(asError(failed)) : () => waiting.resolve());
    });
  }

  #settle(waiting: Waiting, settle: () => void): void {
    this.#pending -= waiting.size;
    this.#pendingBytes -= waiting.bytes;
    settle();
  }
}

/** 429 with Retry-After, and X-Sentry-Rate-Limits for every category, which SDKs back off on. */
export function overCapacity(): VigieError {
  return new VigieError('over_capacity', { retryAfterSeconds: 1, rateLimitScope: 'organization' });
}

/** Not a VigieError: the HTTP layer answers it 500 internal_error, and the log keeps the driver's code. */
function asError(failure: WriteFailure): Error {
  return Object.assign(new Error(failure.message), { code: failure.code });
}
