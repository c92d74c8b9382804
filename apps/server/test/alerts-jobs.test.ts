// The alerting jobs' guarantees without the scheduler's lease in the way: two instances (two connections
// to one database) evaluate, dispatch and deliver at the same moment, and still each project-minute is
// evaluated once, each outbox row becomes one notification, and each delivery is sent once. Minutes missed
// while no instance ran are caught up; a backlog older than a day is skipped.

import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryDepsOf } from '../src/alerts/alert-deps.ts';
import { deliverDue } from '../src/alerts/delivery.ts';
import { dispatchOutbox } from '../src/alerts/dispatch.ts';
import { evaluateSpikes, MAX_BACKLOG_MINUTES } from '../src/alerts/spike-evaluation.ts';
import type { Database } from '../src/storage/database.ts';
import { type StandIns, startStandIns } from './alert-standins.ts';
import { issueKit } from './issue-kit.ts';
import { type RunningVigie, startVigie } from './support/app.ts';
import { insertCounts } from './support/counts.ts';
import { testDialects } from './support/databases.ts';
import { errorEvent } from './support/events.ts';

const MINUTE = 60_000;

describe.each(testDialects)('alert jobs on %s', (dialect) => {
  let vigie: RunningVigie;
  let stand: StandIns;
  let other: Database;
  const kit = issueKit(() => vigie);
  const m0 = Math.floor(Date.now() / MINUTE) - 600;
  const end = (minute: number) => (minute + 1) * MINUTE + 5_000;

  beforeAll(async () => {
    stand = await startStandIns();
    vigie = await startVigie(dialect, {
      VIGIE_ALLOW_PRIVATE_WEBHOOKS: 'true',
      ...(dialect === 'postgres' ? { VIGIE_SECRET_KEY: randomBytes(32).toString('hex') } : {}),
    });
    other = vigie.testDatabase.open();
    const key = new URL(vigie.dsn).username;
    await kit.send(vigie.projectId, key, [
      errorEvent({ value: 'steady then burst', timestamp: m0 * MINUTE }),
    ]);
    await kit.call('POST', `/api/v1/projects/${vigie.projectId}/alert-channels`, {
      kind: 'pagerduty',
      name: 'On-call',
      url: stand.pagerDutyUrl,
      routingKey: 'R0UT1NGKEY0000000000000000000003',
    });
  });
  afterAll(async () => {
    await other?.close();
    await vigie?.stop();
    await stand?.close();
  });

  it('evaluates each minute once when two instances run at the same moment, and catches up on missed minutes', async () => {
    const issue = await kit.issueNamed('steady then burst');
    const rows = [];
    for (let m = m0 + 1; m < m0 + 200; m++) rows.push({ issue_id: issue.id, minute: m, count: 3 });
    rows.push({ issue_id: issue.id, minute: m0 + 200, count: 80 });
    await insertCounts(vigie.app.vigie.database.db, rows);

    const dbs = [vigie.app.vigie.database.db, other.db];
    // The detector meets the project at minute m0 + 100, then nothing runs until m0 + 205 (a restart).
    await evaluateSpikes(dbs[0]!, end(m0 + 100));
    const reports = await Promise.all(dbs.map((db) => evaluateSpikes(db, end(m0 + 205))));
    expect(reports[0]!.evaluated + reports[1]!.evaluated).toBe(105);
    const decisions = await kit
      .db()
      .selectFrom('spike_decisions')
      .selectAll()
      .where('issue_id', '=', issue.id)
      .execute();
    const minutes = decisions.map((d) => d.minute);
    expect(new Set(minutes).size).toBe(minutes.length);
    const fired = decisions.filter((d) => d.outcome === 'fired');
    expect(fired.map((d) => d.minute)).toEqual([m0 + 200]);
    const numbers = JSON.parse(fired[0]!.numbers);
    expect(numbers.windows[0]).toMatchObject({ window: 1, observed: 80, expected: expect.closeTo(3, 0) });
    expect(numbers.windows[0].pValue).toBeLessThan(numbers.alpha);
    const outbox = await kit
      .db()
      .selectFrom('outbox')
      .selectAll()
      .where('topic', '=', 'issue.spike')
      .execute();
    expect(outbox).toHaveLength(1);
  });

  it('turns each outbox row into one notification and sends each delivery once, with two instances at once', async () => {
    const depsOf = (database: Database) => deliveryDepsOf(database, vigie.config);
    const now = end(m0 + 206);
    await Promise.all(
      [vigie.app.vigie.database, other].map((d) => dispatchOutbox(d.db, vigie.config.publicUrl, now)),
    );
    const triggers = await kit
      .db()
      .selectFrom('alert_notifications')
      .selectAll()
      .where('condition', '=', 'escalation')
      .execute();
    expect(triggers).toHaveLength(1);
    const signal = AbortSignal.timeout(10_000);
    await Promise.all([vigie.app.vigie.database, other].map((d) => deliverDue(depsOf(d), now, signal)));
    expect(stand.to('pagerduty').map((r) => r.body.event_action)).toEqual(['trigger']);
  });

  it('skips a backlog older than a day rather than paging about it late', async () => {
    const last = m0 + 206 + MAX_BACKLOG_MINUTES + 500;
    const report = await evaluateSpikes(vigie.app.vigie.database.db, end(last));
    // At most one run's worth of the last day, never the 500 minutes before it.
    expect(report.evaluated).toBe(120);
    const cursor = await kit.db().selectFrom('spike_cursors').select('next_minute').executeTakeFirstOrThrow();
    expect(cursor.next_minute).toBe(last - MAX_BACKLOG_MINUTES + 120);
  });
});
