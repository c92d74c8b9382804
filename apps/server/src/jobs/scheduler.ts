// Periodic background work (snooze expiry, escalation checks, later alert delivery and retention).
// A job never runs twice at once: in one process a tick that finds the last run still going skips,
// and across instances each run first claims the job's lease in the database (lease.repository.ts).

import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../storage/database.ts';
import { claimLease, holdLeaseUntil, recordRun, releaseLeases } from './lease.repository.ts';

export interface JobRun {
  /** When the run was claimed, in epoch ms: the job's notion of now. */
  readonly nowMs: number;
  /** Aborted when the scheduler stops or the lease was lost: a long run should stop soon after. */
  readonly signal: AbortSignal;
}

export interface PeriodicJob {
  /** Unique per scheduler; also the job's lease name, shared by every instance. */
  readonly name: string;
  readonly intervalMs: number;
  run(run: JobRun): Promise<void>;
}

/**
 * What one call of runNow did. `lease-held`: another instance is running the job, or this
 * interval's run already happened (on this instance or another).
 */
export type RunOutcome = 'ran' | 'failed' | 'still-running' | 'lease-held' | 'stopped';

interface RunInProgress {
  readonly abort: AbortController;
  /** The claim, then the extensions ticks asked for, one after another. */
  leaseWrites: Promise<void>;
  /** From a successful claim to the run's end: only then may a tick extend the lease. */
  holdsLease: boolean;
}

export class JobScheduler {
  readonly #database: Database;
  readonly #log: FastifyBaseLogger;
  readonly #holder = randomBytes(8).toString('hex');
  readonly #jobs = new Map<string, PeriodicJob>();
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #inProgress = new Map<string, RunInProgress>();
  readonly #settling = new Set<Promise<RunOutcome>>();
  #stopped = false;

  constructor(database: Database, log: FastifyBaseLogger) {
    this.#database = database;
    this.#log = log;
  }

  add(job: PeriodicJob): void {
    if (this.#jobs.has(job.name)) throw new Error(`a job named ${job.name} was already added`);
    this.#jobs.set(job.name, job);
  }

  /** The jobs added, with their intervals. */
  list(): Array<Pick<PeriodicJob, 'name' | 'intervalMs'>> {
    return [...this.#jobs.values()].map(({ name, intervalMs }) => ({ name, intervalMs }));
  }

  /**
   * Tick every job now and then at its interval until stop(). The first tick is at start: an instance
   * restarted more often than a job's interval (a rolling deploy) would otherwise never run it. The
   * lease keeps it to once per interval across instances all the same.
   */
  start(): void {
    if (this.#timers.length > 0 || this.#stopped) return;
    for (const job of this.#jobs.values()) {
      const timer = setInterval(() => void this.runNow(job.name), job.intervalMs);
      timer.unref();
      this.#timers.push(timer);
      void this.runNow(job.name);
    }
  }

  /**
   * One tick of a job: run it unless it is running here already or its lease is taken. Resolves
   * when the run is over, or as soon as it is skipped. A tick that finds the job still running here
   * extends the run's lease, so a run longer than its interval keeps it.
   */
  runNow(name: string, nowMs = Date.now()): Promise<RunOutcome> {
    const job = this.#jobs.get(name);
    if (!job) return Promise.reject(new Error(`no job named ${name}`));
    if (this.#stopped) return Promise.resolve('stopped');
    const running = this.#inProgress.get(name);
    if (running) {
      running.leaseWrites = running.leaseWrites.then(() => this.#extend(job, running, nowMs));
      return running.leaseWrites.then((): RunOutcome => 'still-running');
    }
    const run: RunInProgress = {
      abort: new AbortController(),
      leaseWrites: Promise.resolve(),
      holdsLease: false,
    };
    // Registered before the claim's first await: a second tick meanwhile finds the run in progress.
    this.#inProgress.set(name, run);
    const done = this.#claimAndRun(job, nowMs, run).finally(() => {
      this.#inProgress.delete(name);
      this.#settling.delete(done);
    });
    this.#settling.add(done);
    return done;
  }

  /** Stop ticking, ask runs in progress to stop and wait for them, then release their leases. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers.length = 0;
    const interrupted = [...this.#inProgress.keys()];
    for (const run of this.#inProgress.values()) run.abort.abort(new Error('the job scheduler is stopping'));
    await Promise.allSettled([...this.#settling]);
    // Another instance may take over the interrupted runs at once rather than after their leases lapse.
    // Finished runs keep theirs to the end of the interval, or the job would run twice in it.
    await releaseLeases(this.#database.db, this.#holder, interrupted).catch((error: unknown) =>
      this.#log.warn({ err: error }, 'could not release job leases'),
    );
  }

  async #claimAndRun(job: PeriodicJob, nowMs: number, run: RunInProgress): Promise<RunOutcome> {
    const { db } = this.#database;
    const claim = claimLease(db, job.name, this.#holder, nowMs, nowMs + holdMs(job)).then((claimed) => {
      // Set before any extension queued behind the claim looks at it.
      run.holdsLease = claimed;
      return claimed;
    });
    run.leaseWrites = claim.then(
      () => {},
      () => {},
    );
    try {
      if (!(await claim)) return 'lease-held';
    } catch (error) {
      this.#log.error({ err: error, job: job.name }, 'could not claim a periodic job lease');
      return 'failed';
    }
    let outcome: RunOutcome = 'ran';
    try {
      await job.run({ nowMs, signal: run.abort.signal });
    } catch (error) {
      this.#log.error({ err: error, job: job.name }, 'periodic job failed');
      outcome = 'failed';
    }
    run.holdsLease = false;
    await run.leaseWrites;
    // Keep the lease for the rest of the interval: across instances the job runs about once per interval.
    await holdLeaseUntil(db, job.name, this.#holder, nowMs + turnMs(job)).catch((error: unknown) =>
      this.#log.warn({ err: error, job: job.name }, 'could not shorten a periodic job lease'),
    );
    const recorded = run.abort.signal.aborted ? 'aborted' : outcome;
    await recordRun(db, {
      name: job.name,
      holder: this.#holder,
      started_at: nowMs,
      finished_at: Date.now(),
      outcome: recorded,
    }).catch((error: unknown) => this.#log.warn({ err: error, job: job.name }, 'could not record a job run'));
    return outcome;
  }

  async #extend(job: PeriodicJob, run: RunInProgress, nowMs: number): Promise<void> {
    if (!run.holdsLease) return;
    try {
      if (await holdLeaseUntil(this.#database.db, job.name, this.#holder, nowMs + holdMs(job))) return;
      // The lease lapsed (this process stalled past it) and another instance claimed it.
      this.#log.warn({ job: job.name }, 'a periodic job lost its lease while running; asking it to stop');
      run.abort.abort(new Error(`another instance took over the lease of ${job.name}`));
    } catch (error) {
      this.#log.warn({ err: error, job: job.name }, 'could not extend a periodic job lease');
    }
  }
}

/**
 * How long a claim holds the lease while the job runs. Each tick of the interval that finds the run
 * still going holds it this long again, so it must outlast an interval and a late timer; if the
 * instance dies mid-run, another one takes over once it lapses.
 */
function holdMs(job: PeriodicJob): number {
  return 2 * job.intervalMs;
}

/**
 * How long after its claim the holder keeps a finished run's lease. A little under the interval:
 * timers may fire early against the wall clock, and the holder's own next tick must find it free.
 */
function turnMs(job: PeriodicJob): number {
  return job.intervalMs - Math.min(1_000, job.intervalMs / 10);
}
