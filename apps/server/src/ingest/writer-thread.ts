// The request thread's handle on the writer thread: send a batch, get a promise of its commit.

import { Worker } from 'node:worker_threads';
import type { Config } from '../config/config.ts';
import type { BatchResult } from './batch.repository.ts';
import type { IngestBatch } from './batch.ts';

export type WriterRequest = { type: 'write'; id: number; batch: IngestBatch } | { type: 'close' };

export type WriterReply =
  | { type: 'done'; id: number; result: BatchResult }
  | { type: 'failed'; id: number; error: { message: string; code: string | undefined } }
  | { type: 'closed' };

interface Pending {
  resolve: (result: BatchResult) => void;
  reject: (error: Error) => void;
}

export class WriterThread {
  readonly #target: Config['database'];
  #worker: Worker | undefined;
  #pending = new Map<number, Pending>();
  #nextId = 1;

  constructor(target: Config['database']) {
    this.#target = target;
  }

  write(batch: IngestBatch): Promise<BatchResult> {
    const worker = this.#ensureWorker();
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ type: 'write', id, batch } satisfies WriterRequest);
    });
  }

  async close(): Promise<void> {
    const worker = this.#worker;
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
    const worker = new Worker(new URL('./writer-worker.ts', import.meta.url), {
      workerData: { target: this.#target },
    });
    worker.on('message', (reply: WriterReply) => {
      if (reply.type === 'closed') return;
      const pending = this.#pending.get(reply.id);
      if (!pending) return;
      this.#pending.delete(reply.id);
      if (reply.type === 'done') pending.resolve(reply.result);
      else pending.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
    });
    // A crashed writer fails what it held; the next write starts a new one.
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
