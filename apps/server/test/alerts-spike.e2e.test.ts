// End to end: the real @sentry/node SDK sends a steady trickle, then a burst, then the trickle again;
// PagerDuty's stand-in gets one trigger for the burst, none while it lasts, and the resolve once it is
// over. The SDK's events carry a simulated clock and the jobs run at that clock, so two hours of traffic
// take seconds. On PostgreSQL two Vigie instances share the database and run the jobs side by side: each
// alert is still delivered exactly once.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import type { App } from '../src/http.ts';
import { type StandIns, startStandIns } from './alert-standins.ts';
import { issueKit } from './issue-kit.ts';
import { eventually, type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';

const spikeClient = fileURLToPath(new URL('./clients/sentry-node-spike.ts', import.meta.url));
const MINUTE = 60_000;

function runClient(dsn: string, baseMs: number, plan: [number, number][]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [spikeClient], {
      env: {
        ...process.env,
        SENTRY_DSN: dsn,
        SPIKE_BASE_MS: String(baseMs),
        SPIKE_PLAN: JSON.stringify(plan),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`client exited ${code}: ${stderr}`)),
    );
  });
}

describe.each(testDialects)('a burst pages once and resolves, on %s', (dialect) => {
  let vigie: RunningVigie;
  let stand: StandIns;
  /** The instances running the jobs: one on SQLite, two sharing the database on PostgreSQL. */
  const instances: App[] = [];
  const kit = issueKit(() => vigie);
  // Two hours ago, on a minute: the simulated traffic's minute 0.
  const t0 = Math.floor(Date.now() / MINUTE) * MINUTE - 3 * 60 * MINUTE;
  /** A few seconds after the simulated minute ends: when the detector may evaluate it. */
  const at = (minute: number) => t0 + (minute + 1) * MINUTE + 5_000;

  /** Both jobs at the simulated minute's end, on every instance at once. */
  const tick = async (minute: number) => {
    await Promise.all(instances.map((app) => app.vigie.jobs.runNow('spike-detection', at(minute))));
    await Promise.all(instances.map((app) => app.vigie.jobs.runNow('alert-delivery', at(minute) + 1_000)));
  };

  beforeAll(async () => {
    stand = await startStandIns();
    const env = {
      VIGIE_ALLOW_PRIVATE_WEBHOOKS: 'true',
      ...(dialect === 'postgres' ? { VIGIE_SECRET_KEY: randomBytes(32).toString('hex') } : {}),
    };
    vigie = await startVigie(dialect, env, { listen: true });
    instances.push(vigie.app);
    if (dialect === 'postgres') instances.push(await buildApp(vigie.config, { logger: false }));
    const channel = await kit.call('POST', `/api/v1/projects/${vigie.projectId}/alert-channels`, {
      kind: 'pagerduty',
      name: 'On-call',
      url: stand.pagerDutyUrl,
      routingKey: 'R0UT1NGKEY0000000000000000000002',
    });
    expect(channel.status).toBe(201);
  });
  afterAll(async () => {
    for (const app of instances.slice(1)) await app.close();
    await vigie?.stop();
    await stand?.close();
  });

  it('sends one trigger for the burst, none while it lasts, and the resolve when it is over', async () => {
    const plan: [number, number][] = [];
    for (let m = 0; m < 100; m++) plan.push([m, 2]);
    plan.push([100, 60]);
    for (let m = 101; m <= 130; m++) plan.push([m, 2]);
    await runClient(vigie.dsn, t0, plan);
    const total = plan.reduce((sum, [, n]) => sum + n, 0);
    await eventually(async () => {
      const row = await kit.db().selectFrom('issues').select('times_seen').executeTakeFirst();
      return row?.times_seen === total ? row : undefined;
    });

    await tick(0); // the detector meets the project: it starts at minute 0
    await tick(99); // catches up on minutes 1 to 99: a steady trickle, no page
    expect(stand.to('pagerduty')).toEqual([]);

    await tick(100); // the burst
    const triggers = stand.to('pagerduty');
    expect(triggers).toHaveLength(1);
    expect(triggers[0]!.problems).toEqual([]);
    expect(triggers[0]!.body).toMatchObject({
      event_action: 'trigger',
      payload: {
        severity: 'error',
        summary: expect.stringMatching(/^\[Default\] Error: Card processor timed out for order \d+$/),
      },
    });
    const why = triggers[0]!.body.payload.custom_details.why as string;
    expect(why).toMatch(/^The event rate spiked: 60 events in 1 min vs 2\.\d expected \(threshold \d+, p=/);

    for (let minute = 101; minute <= 110; minute++) await tick(minute);
    expect(stand.to('pagerduty')).toHaveLength(1);

    await tick(130); // catches up: the spike resolved after 15 quiet minutes
    const sent = stand.to('pagerduty');
    expect(sent.map((r) => r.body.event_action)).toEqual(['trigger', 'resolve']);
    expect(sent[1]!.problems).toEqual([]);
    expect(sent[1]!.body.dedup_key).toBe(sent[0]!.body.dedup_key);

    // The alert history says why, with the numbers; the decisions were each made once.
    const history = await kit.call('GET', `/api/v1/projects/${vigie.projectId}/alerts?kind=trigger`);
    const spike = (
      history.body.alerts as {
        condition: string;
        details: { decision: { windows: { observed: number }[] } };
      }[]
    ).find((a) => a.condition === 'escalation')!;
    expect(spike.details.decision.windows[0]!.observed).toBe(60);
    const decisions = await kit.db().selectFrom('spike_decisions').select(['issue_id', 'minute']).execute();
    const keys = decisions.map((d) => `${d.issue_id}:${d.minute}`);
    expect(new Set(keys).size).toBe(keys.length);
    const cursor = await kit.db().selectFrom('spike_cursors').select('next_minute').executeTakeFirstOrThrow();
    expect(cursor.next_minute).toBe(t0 / MINUTE + 131);
  });
});
