// Periodic background work (snooze expiry, escalation checks, later alert delivery and
// retention). Each run of a job takes a lease in the database first, so with several
// instances one runs it at a time, and nothing besides the database is needed.

import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../storage/database.ts';
import { claimLease, releaseLease } from './lease.repository.ts';

export interface PeriodicJob {
  name: string;
  intervalMs: number;
  run(nowMs: number): Promise<void>;
}

export class JobScheduler {
  readonly #database: Database;
  readonly #log: FastifyBaseLogger;
  readonly #holder = randomBytes(8).toString('hex');
  readonly #jobs: PeriodicJob[] = [];
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #running = new Set<Promise<void>>();

  constructor(database: Database, log: FastifyBaseLogger) {
    this.#database = database;
    this.#log = log;
  }

  add(job: PeriodicJob): void {
    this.#jobs.push(job);
  }

  start(): void {
    for (const job of this.#jobs) {
      const timer = setInterval(() => void this.runNow(job.name), job.intervalMs);
      timer.unref();
      this.#timers.push(timer);
    }
  }

  /** Run a job once, if no other instance holds its lease. Resolves when done (or skipped). */
  runNow(name: string, nowMs = Date.now()): Promise<void> {
    const job = this.#jobs.find((j) => j.name === name);
    if (!job) return Promise.reject(new Error(`no job named ${name}`));
    const run = this.#runOnce(job, nowMs).finally(() => this.#running.delete(run));
    this.#running.add(run);
    return run;
  }

  async stop(): Promise<void> {
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers.length = 0;
    await Promise.allSettled([...this.#running]);
    // Let another instance take over at once rather than after the lease expires.
    for (const job of this.#jobs)
      await releaseLease(this.#database.db, job.name, this.#holder).catch(() => {});
  }

  async #runOnce(job: PeriodicJob, nowMs: number): Promise<void> {
    const { db } = this.#database;
    try {
      // The lease lasts one interval: across instances a job runs about once per interval.
      if (!(await claimLease(db, job.name, this.#holder, job.intervalMs, nowMs))) return;
      await job.run(nowMs);
    } catch (error) {
      this.#log.error({ err: error, job: job.name }, 'periodic job failed');
    }
  }
}
