// Retention: events older than VIGIE_RETENTION_DAYS go, in small batches, through the periodic job;
// issues keep their counts and graphs. On SQLite the space they held is reused, so the file stops
// growing once it holds the retention's worth of events.

import { statSync } from 'node:fs';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { applyRetention } from '../src/retention/event-retention.ts';
import { eventually, type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';
import { envelopeOf, errorEvent } from './support/events.ts';

const DAY_MS = 86_400_000;

interface IssueList {
  issues: Array<{ id: number; count: number }>;
}

async function send(vigie: RunningVigie, events: Array<Record<string, unknown>>): Promise<void> {
  const key = new URL(vigie.dsn).username;
  // Many at once, as busy SDKs send them: group commit stores them a batch at a time.
  for (let i = 0; i < events.length; i += 100) {
    const answers = await Promise.all(
      events.slice(i, i + 100).map((event) =>
        vigie.fetch(`/api/${vigie.projectId}/envelope/?sentry_key=${key}`, {
          method: 'POST',
          body: envelopeOf(event),
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
  }
}

async function storedEvents(vigie: RunningVigie): Promise<number> {
  const row = await vigie.app.vigie.database.db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe.each(testDialects)('retention on %s', (dialect) => {
  let vigie: RunningVigie | undefined;
  afterEach(async () => {
    await vigie?.stop();
    vigie = undefined;
  });

  it('deletes the events older than VIGIE_RETENTION_DAYS and keeps the issue with its counts', async () => {
    vigie = await startVigie(dialect, { VIGIE_RETENTION_DAYS: '30' });
    const old = Array.from({ length: 7 }, () => errorEvent({ value: 'old and new' }));
    await send(vigie, old);
    const between = Date.now() + 1;
    await eventually(async () => ((await storedEvents(vigie!)) === 7 ? true : undefined));
    while (Date.now() <= between) await new Promise((r) => setTimeout(r, 1));
    await send(vigie, [errorEvent({ value: 'old and new' }), errorEvent({ value: 'old and new' })]);
    await eventually(async () => ((await storedEvents(vigie!)) === 9 ? true : undefined));

    // 30 days after the first seven arrived, and before the last two did.
    expect(await vigie.app.vigie.jobs.runNow('event-retention', between + 30 * DAY_MS)).toBe('ran');

    const { issues } = await vigie.api<IssueList>(`/api/v1/projects/${vigie.projectId}/issues`);
    expect(issues).toHaveLength(1);
    const issue = await vigie.api<{ count: number }>(`/api/v1/issues/${issues[0]!.id}`);
    expect(issue.count).toBe(9);
    const events = await vigie.api<{ events: unknown[] }>(`/api/v1/issues/${issues[0]!.id}/events`);
    expect(events.events).toHaveLength(2);
    const series = await vigie.api<{ total: number }>(`/api/v1/issues/${issues[0]!.id}/series?period=24h`);
    expect(series.total).toBe(9);
  });

  it('deletes events, raw sessions, gate verdicts and transaction counts in small batches until none is due, and nothing when none is', async () => {
    vigie = await startVigie(dialect);
    await send(
      vigie,
      Array.from({ length: 23 }, () => errorEvent()),
    );
    await eventually(async () => ((await storedEvents(vigie!)) === 23 ? true : undefined));
    const db = vigie.app.vigie.database.db;
    const session = { project_id: vigie.projectId, did: null, release: 'shop@1', environment: 'production' };
    const at = { errors: 0, duration_ms: 1000, started: Date.now(), last_seen: Date.now() };
    await db
      .insertInto('sessions')
      .values([
        { ...session, ...at, sid: 'ended', status: 'exited' },
        { ...session, ...at, sid: 'later', status: 'ok', last_seen: Date.now() + 2 * DAY_MS },
      ])
      .execute();
    // Argo Rollouts asking the gate once a minute for 12 minutes, and once two days later.
    const verdict = {
      project_id: vigie.projectId,
      release: 'shop@2',
      baseline: 'shop@1',
      environment: 'production',
      baseline_environment: 'production',
      window_ms: 600_000,
      verdict: 'pass',
      reasons: '[]',
      metrics: '{}',
      asked_by: 'token argo',
      asked_via: 'api',
    };
    await db
      .insertInto('gate_verdicts')
      .values([
        ...Array.from({ length: 12 }, (_, i) => ({ ...verdict, created_at: Date.now() + i * 60_000 })),
        { ...verdict, release: 'shop@3', created_at: Date.now() + 2 * DAY_MS },
      ])
      .execute();
    // Requests of two releases in two environments over 6 minutes, and one minute two days later.
    const minute = Math.floor(Date.now() / 60_000);
    const counts = ['shop@1', 'shop@2'].flatMap((release) =>
      ['production', 'staging'].flatMap((environment) =>
        Array.from({ length: 6 }, (_, i) => ({
          project_id: vigie!.projectId,
          release,
          environment,
          minute: minute + i,
          sampled: 10,
          estimated: 20,
        })),
      ),
    );
    const later = { ...counts[0]!, minute: minute + 2 * 1440 };
    await db
      .insertInto('transaction_counts')
      .values([...counts, later])
      .execute();
    expect(await applyRetention(db, 90, Date.now(), { batchSize: 5 })).toEqual({
      events: 0,
      sessions: 0,
      verdicts: 0,
      transactionCounts: 0,
    });
    expect(await applyRetention(db, 90, Date.now() + 91 * DAY_MS, { batchSize: 5 })).toEqual({
      events: 23,
      sessions: 1,
      verdicts: 12,
      transactionCounts: 24,
    });
    expect(await db.selectFrom('transaction_counts').select('minute').execute()).toEqual([
      { minute: later.minute },
    ]);
    expect(await db.selectFrom('sessions').select('sid').execute()).toEqual([{ sid: 'later' }]);
    expect(await db.selectFrom('gate_verdicts').select('release').execute()).toEqual([{ release: 'shop@3' }]);
    expect(await storedEvents(vigie)).toBe(0);
  });

  it.runIf(dialect === 'sqlite')('reuses the space of deleted events: the file stops growing', async () => {
    vigie = await startVigie(dialect);
    const { database } = vigie.app.vigie;
    const file = vigie.config.database.kind === 'sqlite' ? vigie.config.database.file : '';
    const roundStarts: number[] = [];
    const sizes: number[] = [];
    for (let round = 0; round < 12; round += 1) {
      roundStarts.push(Date.now());
      await send(
        vigie,
        Array.from({ length: 250 }, (_, i) =>
          errorEvent({ value: `order ${round * 1000 + i} failed`, userId: `u${i % 40}` }),
        ),
      );
      await eventually(async () => ((await storedEvents(vigie!)) >= 250 ? true : undefined));
      // Keep the last two rounds: a day after the previous round began, everything before it is due.
      if (round >= 1) await applyRetention(database.db, 1, roundStarts[round - 1]! + DAY_MS);
      await sql`pragma wal_checkpoint(truncate)`.execute(database.db);
      sizes.push(statSync(file).size);
    }
    // Twelve rounds were written; at most two are held at a time. Without retention the file grew by a
    // round's worth each time (to 4.3 MB at round 12); with it, it stays at round 3's 1.5 MB.
    const settled = Math.max(...sizes.slice(2, 5));
    expect(Math.max(...sizes.slice(5))).toBeLessThanOrEqual(settled * 1.1);
    expect(await storedEvents(vigie)).toBe(500);
  });
});
