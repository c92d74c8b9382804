// A periodic job never runs twice at once, in one process or across instances, and runs about once per
// interval: a lease in the database decides which instance runs it. Two schedulers over one database
// play two instances; runs wait on gates the tests open, so nothing here depends on timing.

import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobScheduler, type PeriodicJob } from '../src/jobs/scheduler.ts';
import type { Database } from '../src/storage/database.ts';
import { createTestDatabase, type TestDatabase, testDialects } from './support/databases.ts';

const INTERVAL_MS = 60_000;
const t0 = Date.UTC(2026, 10, 25, 9, 0);

/** Runs of one job, across instances: who ran it, and how many runs were ever in progress at once. */
class RunLog {
  readonly runs: string[] = [];
  readonly signals: AbortSignal[] = [];
  mostAtOnce = 0;
  #active = 0;
  readonly #started = Promise.withResolvers<void>();
  readonly #gate = Promise.withResolvers<void>();

  /** Resolves once a run has started. */
  readonly started = this.#started.promise;

  /** Lets every run waiting on the gate finish. */
  open(): void {
    this.#gate.resolve();
  }

  /** The job as one instance runs it; gated runs wait for open() or for their signal to abort. */
  job(name: string, instance: string, gated = true): PeriodicJob {
    return {
      name,
      intervalMs: INTERVAL_MS,
      run: async ({ signal }) => {
        this.runs.push(instance);
        this.signals.push(signal);
        this.#active += 1;
        this.mostAtOnce = Math.max(this.mostAtOnce, this.#active);
        this.#started.resolve();
        // An overlapping run (the bug these tests look for) does not wait, so a test fails at once.
        if (gated && this.#active === 1) await Promise.race([this.#gate.promise, aborted(signal)]);
        this.#active -= 1;
      },
    };
  }
}

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

describe.each(testDialects)('job scheduler on %s', (dialect) => {
  let testDatabase: TestDatabase;
  const open: Database[] = [];
  beforeAll(async () => {
    testDatabase = await createTestDatabase(dialect);
  });
  afterAll(async () => {
    for (const database of open) await database.close();
    await testDatabase.drop();
  });

  /** A scheduler on its own connection to the test database: one instance of Vigie. */
  function instance(job: PeriodicJob): JobScheduler {
    const database = testDatabase.open();
    open.push(database);
    const scheduler = new JobScheduler(database, pino({ level: 'silent' }));
    scheduler.add(job);
    return scheduler;
  }

  it('runs a job on one of two instances once per interval, also when the holder stops (a rolling restart)', async () => {
    const log = new RunLog();
    const a = instance(log.job('snooze-expiry', 'a', false));
    const b = instance(log.job('snooze-expiry', 'b', false));
    const tick = (nowMs: number) =>
      Promise.all([a.runNow('snooze-expiry', nowMs), b.runNow('snooze-expiry', nowMs)]);

    expect((await tick(t0)).sort()).toEqual(['lease-held', 'ran']);
    expect(log.runs).toHaveLength(1);
    // Within the interval neither instance runs it again, not even the one that ran it.
    expect(await tick(t0 + 30_000)).toEqual(['lease-held', 'lease-held']);
    expect(log.runs).toHaveLength(1);
    expect((await tick(t0 + INTERVAL_MS)).sort()).toEqual(['lease-held', 'ran']);
    expect(log.runs).toHaveLength(2);

    const [holder, other, otherName] = log.runs[1] === 'a' ? [a, b, 'b'] : [b, a, 'a'];
    await holder.stop();
    // This interval's run happened: the instance that stopped keeps its lease to the interval's end.
    expect(await other.runNow('snooze-expiry', t0 + INTERVAL_MS + 1_000)).toBe('lease-held');
    expect(await other.runNow('snooze-expiry', t0 + 2 * INTERVAL_MS)).toBe('ran');
    expect(log.runs.at(-1)).toBe(otherName);
    expect(await holder.runNow('snooze-expiry', t0 + 10 * INTERVAL_MS)).toBe('stopped');
    // Each run is on record, once per interval.
    const runs = await open[0]!.db
      .selectFrom('job_runs')
      .select(['started_at', 'outcome'])
      .where('name', '=', 'snooze-expiry')
      .orderBy('started_at')
      .execute();
    expect(runs).toEqual(
      [t0, t0 + INTERVAL_MS, t0 + 2 * INTERVAL_MS].map((started_at) => ({ started_at, outcome: 'ran' })),
    );
  });

  it('never runs a job on two instances at once, however they race and however long the run', async () => {
    const log = new RunLog();
    const schedulers = new Map(['a', 'b'].map((name) => [name, instance(log.job('race', name))]));
    const outcomes = [...schedulers.values()].map((s) => s.runNow('race', t0));
    await log.started;
    // The instance that lost the race gives up while the winner's run is still going.
    expect(await Promise.race(outcomes)).toBe('lease-held');
    const winner = schedulers.get(log.runs[0] ?? '')!;
    const loser = [...schedulers.values()].find((s) => s !== winner)!;

    // The run outlasts its interval: the loser's ticks find the lease held for the run.
    expect(await loser.runNow('race', t0 + INTERVAL_MS)).toBe('lease-held');
    expect(await winner.runNow('race', t0 + 100_000)).toBe('still-running'); // extends the run's lease
    expect(await loser.runNow('race', t0 + 150_000)).toBe('lease-held');

    log.open();
    expect((await Promise.all(outcomes)).sort()).toEqual(['lease-held', 'ran']);
    expect(log.runs).toHaveLength(1);
    expect(log.mostAtOnce).toBe(1);
  });

  it('skips a tick while the run it started is still going, then runs at the next one', async () => {
    const log = new RunLog();
    const scheduler = instance(log.job('slow-tick', 'a'));
    const first = scheduler.runNow('slow-tick', t0);
    await log.started;
    expect(await scheduler.runNow('slow-tick', t0 + INTERVAL_MS)).toBe('still-running');
    expect(await scheduler.runNow('slow-tick', t0 + INTERVAL_MS)).toBe('still-running');
    log.open();
    expect(await first).toBe('ran');
    expect(log.runs).toHaveLength(1);
    expect(log.mostAtOnce).toBe(1);
    expect(await scheduler.runNow('slow-tick', t0 + 2 * INTERVAL_MS)).toBe('ran');
    expect(log.runs).toHaveLength(2);
  });

  it('lets another instance take over once a dead holder’s lease lapses, and stops the run that lost it', async () => {
    const hung = new RunLog();
    const healthy = new RunLog();
    const a = instance(hung.job('takeover', 'a'));
    const b = instance(healthy.job('takeover', 'b', false));
    // a's run hangs and a never ticks again, so nothing extends its lease.
    const stuck = a.runNow('takeover', t0);
    await hung.started;
    expect(await b.runNow('takeover', t0 + 2 * INTERVAL_MS - 1)).toBe('lease-held');
    expect(await b.runNow('takeover', t0 + 2 * INTERVAL_MS)).toBe('ran');

    // When a wakes up, its next tick finds the lease gone and aborts its run.
    expect(await a.runNow('takeover', t0 + 2 * INTERVAL_MS + 1_000)).toBe('still-running');
    expect(hung.signals[0]?.aborted).toBe(true);
    expect(await stuck).toBe('ran');
    // The end of a's run did not shorten b's lease.
    expect(await a.runNow('takeover', t0 + 2 * INTERVAL_MS + 30_000)).toBe('lease-held');
  });

  it('stops a run in progress when the scheduler stops, and releases its lease', async () => {
    const log = new RunLog();
    const a = instance(log.job('shutdown', 'a'));
    const b = instance(log.job('shutdown', 'b', false));
    const running = a.runNow('shutdown', t0);
    await log.started;
    await a.stop();
    expect(log.signals[0]?.aborted).toBe(true);
    expect(await running).toBe('ran');
    expect(await b.runNow('shutdown', t0 + 1_000)).toBe('ran');
    expect(log.runs).toEqual(['a', 'b']);
    const runs = await open[0]!.db
      .selectFrom('job_runs')
      .select(['started_at', 'outcome'])
      .where('name', '=', 'shutdown')
      .orderBy('started_at')
      .execute();
    expect(runs).toEqual([
      { started_at: t0, outcome: 'aborted' },
      { started_at: t0 + 1_000, outcome: 'ran' },
    ]);
  });
});
