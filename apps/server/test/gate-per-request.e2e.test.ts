// The per-request gate with the real SDK: a web app instrumented with the real @sentry/node, tracing on (half of
// its requests traced) and release health off, ships three releases against a listening Vigie — the baseline,
// a healthy one, one that throws on 30% of its requests. Vigie counts their transactions (not stored), and the
// gate, finding no sessions, passes the healthy release and fails the bad one on errors per request. The app
// reports what Vigie acknowledged once the SDK has flushed, so nothing waits on time. Both databases.

import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GateAnswer } from '../src/deploys/gate.ts';
import { type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';
import { runNode } from './support/run-process.ts';

const app = fileURLToPath(new URL('./clients/sentry-node-traced.ts', import.meta.url));
const REQUESTS = 400;

interface Acknowledged {
  transactions: number;
  errors: number;
}

async function ship(dsn: string, release: string, failPercent: number): Promise<Acknowledged> {
  const { code, stdout, stderr } = await runNode([app], {
    SENTRY_DSN: dsn,
    SHOP_RELEASE: release,
    FAIL_PERCENT: String(failPercent),
    TRACES_SAMPLE_RATE: '0.5',
    REQUESTS: String(REQUESTS),
  });
  if (code !== 0) throw new Error(`the app exited with ${code}: ${stderr}`);
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Acknowledged;
}

describe.each(testDialects)('the per-request gate with @sentry/node tracing on %s', (dialect) => {
  let vigie: RunningVigie;
  const shipped = new Map<string, Acknowledged>();
  const gate = (release: string, baseline = 'api@1') =>
    vigie.api<GateAnswer>(
      `/api/v1/projects/${vigie.projectId}/gate?release=${release}&baseline=${baseline}&environment=production&window=1h`,
    );

  beforeAll(async () => {
    vigie = await startVigie(dialect, {}, { listen: true });
    shipped.set('api@1', await ship(vigie.dsn, 'api@1', 1));
    shipped.set('api@2', await ship(vigie.dsn, 'api@2', 1));
    shipped.set('api@3', await ship(vigie.dsn, 'api@3', 30));
  }, 240_000);
  afterAll(async () => {
    await vigie?.stop();
  });

  it('counts every transaction Vigie acknowledged, weighted by the SDK’s sample rate, and stores none as an event', async () => {
    for (const [release, acknowledged] of shipped) {
      // About half of the requests were traced; the SDK sent each one's error whatever the sampling.
      expect(acknowledged.transactions).toBeGreaterThan(REQUESTS * 0.4);
      expect(acknowledged.transactions).toBeLessThan(REQUESTS * 0.6);
      const { metrics } = await gate(release, release === 'api@1' ? 'api@2' : 'api@1');
      expect(metrics.candidate).toMatchObject({
        release,
        sessions: 0,
        transactions: acknowledged.transactions,
        requests: acknowledged.transactions * 2,
        sampleRate: 0.5,
        errorEvents: acknowledged.errors,
      });
    }
    expect(shipped.get('api@3')!.errors).toBe(REQUESTS * 0.3);
    const { issues } = await vigie.api<{ issues: Array<{ title: string }> }>(
      `/api/v1/projects/${vigie.projectId}/issues?query=`,
    );
    // One issue, titled after its latest event: the errors, not the transactions.
    expect(issues).toEqual([
      expect.objectContaining({
        title: expect.stringMatching(
          /^TypeError: Cannot read properties of undefined \(reading 'discount'\) in order \d+$/,
        ),
      }),
    ]);
  });

  it('passes the healthy release per request', async () => {
    const answer = await gate('api@2');
    expect(answer.metrics.denominator).toBe('requests');
    expect(answer.metrics.comparisons).toEqual([
      expect.objectContaining({ metric: 'errors_per_request', classification: 'pass' }),
    ]);
    expect(answer.reasons[0]).toMatch(
      /^Neither side sent sessions in the window, so errors are judged per request: the candidate from \d+ sampled transactions at sample rate 0\.5 \(≈\d+ requests\)/,
    );
    expect(answer.verdict).toBe('pass');
  });

  it('fails the release that throws on 30% of its requests, on errors per request', async () => {
    const answer = await gate('api@3');
    expect(answer.metrics.comparisons).toEqual([
      expect.objectContaining({ metric: 'errors_per_request', classification: 'fail' }),
    ]);
    expect(answer.reasons.join('\n')).toMatch(/Errors per request: 0\.\d{3} against 0\.0\d\d .*Fail\./);
    expect(answer.verdict).toBe('fail');
  });
});
