// The deploy gate without sessions: an SDK that only traces sends transactions, which ingest counts per release
// (weighted by 1 / the trace's sample rate), and the gate judges error events per request. Through the HTTP
// API, on data sent as envelopes. On SQLite and PostgreSQL.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GateAnswer } from '../src/deploys/gate.ts';
import { type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';
import {
  envelopeOf,
  errorEvent,
  postEnvelope,
  transactionEnvelope,
  transactionEvent,
} from './support/events.ts';

const MINUTE = 60_000;

describe.each(testDialects)('the gate per request on %s', (dialect) => {
  let vigie: RunningVigie;
  const now = Date.now();
  const auth = () => ({ authorization: `Bearer ${vigie.token}` });
  const project = () => `/api/v1/projects/${vigie.projectId}`;

  const envelope = (body: string) => postEnvelope(vigie, body);
  /** `count` traced requests of a release, sampled at `rate`, in envelopes of 50. */
  const transactions = async (release: string, count: number, rate: string) => {
    for (let sent = 0; sent < count; sent += 50) {
      const batch = Array.from({ length: Math.min(50, count - sent) }, () =>
        transactionEvent({ release, timestamp: now - 10 * MINUTE }),
      );
      await envelope(transactionEnvelope(batch, rate));
    }
  };
  const errors = async (release: string, count: number, type = 'TypeError') => {
    for (let i = 0; i < count; i += 20) {
      await Promise.all(
        Array.from({ length: Math.min(20, count - i) }, () =>
          envelope(
            envelopeOf(errorEvent({ release, type, value: 'x is undefined', timestamp: now - 5 * MINUTE })),
          ),
        ),
      );
    }
  };
  const gate = async (query: string) => {
    const response = await vigie.fetch(`${project()}/gate?${query}`, { headers: auth() });
    expect(response.status, await response.clone().text()).toBe(200);
    return (await response.json()) as GateAnswer;
  };

  beforeAll(async () => {
    vigie = await startVigie(dialect);
    // Traced at 50%: 400 transactions stand for 800 requests. The baseline errs on 1% of them.
    await transactions('api@1', 400, '0.5');
    await errors('api@1', 8);
    // api@2, healthy: the same.
    await transactions('api@2', 400, '0.5');
    await errors('api@2', 8);
    // api@3 throws on 30% of its requests.
    await transactions('api@3', 400, '0.5');
    await errors('api@3', 240, 'CheckoutTotalError');
    // api@4 has just started: 60 transactions.
    await transactions('api@4', 60, '0.5');
  }, 180_000);
  afterAll(async () => {
    await vigie?.stop();
  });

  it('passes the healthy release per request, and says which denominator it used', async () => {
    const body = await gate('release=api@2&baseline=api@1&environment=production&window=1h');
    expect(body.verdict).toBe('pass');
    expect(body.metrics.denominator).toBe('requests');
    expect(body.metrics.candidate).toMatchObject({
      release: 'api@2',
      sessions: 0,
      errorEvents: 8,
      transactions: 400,
      requests: 800,
      errorsPerRequest: 0.01,
      sampleRate: 0.5,
    });
    expect(body.metrics.comparisons).toEqual([
      expect.objectContaining({ metric: 'errors_per_request', classification: 'pass', ratio: 1 }),
    ]);
    expect(body.reasons[0]).toBe(
      'Neither side sent sessions in the window, so errors are judged per request: the candidate from 400 sampled ' +
        'transactions at sample rate 0.5 (≈800 requests), the baseline from 400 sampled transactions at sample rate ' +
        '0.5 (≈800 requests).',
    );
    expect(body.reasons[1]).toMatch(/^Errors per request: 0\.010 against 0\.010 .*Pass\.$/);
  });

  it('fails the release that throws on 30% of its requests, on the per-request metric', async () => {
    const body = await gate('release=api@3&baseline=api@1&environment=production&window=1h');
    expect(body.verdict).toBe('fail');
    expect(body.metrics.candidate).toMatchObject({ errorEvents: 240, requests: 800, errorsPerRequest: 0.3 });
    expect(body.metrics.comparisons).toEqual([
      expect.objectContaining({ metric: 'errors_per_request', classification: 'fail', ratio: 30 }),
    ]);
    expect(body.reasons.join('\n')).toMatch(
      /Errors per request: 0\.300 against 0\.010 \(ratio 30\.00×.*Fail\./,
    );
    // 240 events in 800 requests: the new issue is notable too.
    expect(body.reasons.join('\n')).toMatch(
      /new issue #\d+ "CheckoutTotalError: x is undefined": 240 events/,
    );
  });

  it('is inconclusive under minRequests sampled transactions, and follows the project’s minRequests', async () => {
    const early = await gate('release=api@4&baseline=api@1&environment=production');
    expect(early.verdict).toBe('inconclusive');
    expect(early.reasons).toContain(
      'Not enough requests yet: the candidate has 60 sampled transactions and the baseline 400 in the window; each needs 100.',
    );
    const put = await vigie.fetch(`${project()}/gate/settings`, {
      method: 'PUT',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ minRequests: 50 }),
    });
    expect(put.status).toBe(200);
    expect(((await put.json()) as { thresholds: { minRequests: number } }).thresholds.minRequests).toBe(50);
    const later = await gate('release=api@4&baseline=api@1&environment=production');
    expect(later.metrics.thresholds.minRequests).toBe(50);
    // No error in 120 requests against 1%: not enough to tell it is no worse, yet nothing fails it.
    expect(later.verdict).not.toBe('fail');
    expect(later.reasons.join('\n')).toMatch(/Errors per request: 0\.000 against 0\.010/);
    const invalid = await vigie.fetch(`${project()}/gate/settings`, {
      method: 'PUT',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ minRequests: 0 }),
    });
    expect(invalid.status).toBe(400);
    expect(await invalid.text()).toMatch(/minRequests/);
    await vigie.fetch(`${project()}/gate/settings`, {
      method: 'PUT',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ minRequests: 100 }),
    });
  });

  it('shows requests and errors per request in release health', async () => {
    const { releases } = await vigie.api<{
      releases: Array<{
        version: string;
        sessions: number;
        requests: number;
        errorsPerRequest: number | null;
      }>;
    }>(`${project()}/release-health?period=24h`);
    const byVersion = new Map(releases.map((r) => [r.version, r]));
    expect(byVersion.get('api@3')).toMatchObject({ sessions: 0, requests: 800, errorsPerRequest: 0.3 });
    expect(byVersion.get('api@4')).toMatchObject({ requests: 120, errorsPerRequest: 0 });
  });

  it('still lists verdicts kept before requests were counted, as judged per session with no transaction', async () => {
    const old = (release: string) => ({
      release,
      environment: 'production',
      from: new Date(now - 3600_000).toISOString(),
      to: new Date(now).toISOString(),
      sessions: 1000,
      crashedSessions: 0,
      erroredSessions: 50,
      errorEvents: 50,
      users: null,
      crashedUsers: null,
      crashFreeSessions: 1,
      crashFreeUsers: null,
      errorsPerSession: 0.05,
    });
    const { minRequests: _, ...thresholdsBefore } = (
      await vigie.api<{ defaults: Record<string, number> }>(`${project()}/gate/settings`)
    ).defaults;
    await vigie.app.vigie.database.db
      .insertInto('gate_verdicts')
      .values({
        project_id: vigie.projectId,
        release: 'api@0',
        baseline: 'api@-1',
        environment: 'production',
        baseline_environment: 'production',
        window_ms: 3600_000,
        verdict: 'pass',
        reasons: '[]',
        metrics: JSON.stringify({
          candidate: old('api@0'),
          baseline: old('api@-1'),
          comparisons: [],
          newIssues: [],
          regressions: [],
          thresholds: thresholdsBefore,
        }),
        asked_by: 'argo',
        asked_via: 'api',
        created_at: now - 7 * MINUTE,
      })
      .execute();
    const { verdicts } = await vigie.api<{
      verdicts: Array<{ release: string; metrics: GateAnswer['metrics'] }>;
    }>(`${project()}/gate/verdicts?release=api@0`);
    expect(verdicts).toHaveLength(1);
    expect(verdicts[0]!.metrics.denominator).toBe('sessions');
    expect(verdicts[0]!.metrics.candidate).toMatchObject({ sessions: 1000, transactions: 0, requests: 0 });
    expect(verdicts[0]!.metrics.thresholds.minRequests).toBe(100);
  });
});
