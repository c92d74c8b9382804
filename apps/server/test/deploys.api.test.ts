// Deploy markers, release health and the deploy gate through the HTTP API, on data ingested the way SDKs send
// it (session aggregates, session updates, error events in envelopes). The gate's contracts as the tools
// document them: Argo Rollouts' web metric provider (the AnalysisTemplate in docs/deploy-gate.md, its
// jsonPath and conditions), Flagger's webhook payload (2xx advances, anything else halts). Both databases.

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../src/auth/token.repository.ts';
import { createProject } from '../src/projects/project.repository.ts';
import { type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';
import { envelopeOf, errorEvent, postEnvelope } from './support/events.ts';

const MINUTE = 60_000;

interface GateAnswer {
  id: number;
  verdict: 'pass' | 'fail' | 'inconclusive';
  reasons: string[];
  metrics: {
    candidate: { release: string; sessions: number; errorEvents: number; crashFreeSessions: number | null };
    baseline: { release: string; sessions: number; errorEvents: number };
    comparisons: Array<{ metric: string; classification: string; ratio: number | null }>;
    newIssues: Array<{ issueId: number; title: string; events: number }>;
  };
  askedBy: string;
  askedVia: string;
}

describe.each(testDialects)('deploys and the gate on %s', (dialect) => {
  let vigie: RunningVigie;
  const now = Date.now();
  const auth = () => ({ authorization: `Bearer ${vigie.token}` });
  const project = () => `/api/v1/projects/${vigie.projectId}`;

  const envelope = (body: string) => postEnvelope(vigie, body);
  /** Aggregated sessions as @sentry/node sends them in server mode: counts per minute. */
  const aggregates = (release: string, environment: string, exited: number, errored: number, crashed = 0) =>
    envelope(
      `${JSON.stringify({ sent_at: new Date().toISOString() })}\n${JSON.stringify({ type: 'sessions' })}\n${JSON.stringify(
        {
          aggregates: [{ started: new Date(now - 10 * MINUTE).toISOString(), exited, errored, crashed }],
          attrs: { release, environment },
        },
      )}\n`,
    );
  const session = (release: string, did: string, status: string) =>
    envelope(
      `${JSON.stringify({ sent_at: new Date().toISOString() })}\n${JSON.stringify({ type: 'session' })}\n${JSON.stringify(
        {
          sid: randomUUID(),
          did,
          init: true,
          started: new Date(now - 9 * MINUTE).toISOString(),
          timestamp: new Date(now - 8 * MINUTE).toISOString(),
          status,
          errors: status === 'crashed' ? 1 : 0,
          attrs: { release, environment: 'production' },
        },
      )}\n`,
    );
  const errors = async (release: string, environment: string, count: number, type = 'TypeError') => {
    for (let i = 0; i < count; i++) {
      await envelope(
        envelopeOf(
          errorEvent({ release, environment, type, value: 'x is undefined', timestamp: now - 5 * MINUTE }),
        ),
      );
    }
  };
  const gate = async (query: string, headers: Record<string, string> = auth()) => {
    const response = await vigie.fetch(`${project()}/gate?${query}`, { headers });
    return { status: response.status, body: (await response.json()) as GateAnswer };
  };

  beforeAll(async () => {
    vigie = await startVigie(dialect);
    // The baseline, shop@1: 5% of sessions see an error.
    await aggregates('shop@1', 'production', 950, 50);
    await errors('shop@1', 'production', 50);
    // shop@2, healthy: as many errors of the same kind, and a few users' own sessions (one crashed).
    await aggregates('shop@2', 'production', 950, 50);
    await errors('shop@2', 'production', 50);
    for (let i = 0; i < 9; i++) await session('shop@2', `user-${i}`, 'exited');
    await session('shop@2', 'user-9', 'crashed');
    // shop@3, bad: 30% of its sessions throw a new error.
    await aggregates('shop@3', 'production', 700, 300);
    await errors('shop@3', 'production', 300, 'CheckoutTotalError');
    // shop@4 on the idle blue/green side: staging traffic only, a little.
    await aggregates('shop@4', 'staging', 20, 0);
    // shop@5 on the idle side with its smoke traffic: a third of its sessions see an error.
    await aggregates('shop@5', 'staging', 400, 200);
  }, 120_000);
  afterAll(async () => {
    await vigie?.stop();
  });

  it('passes the healthy release against its baseline and says why', async () => {
    const { status, body } = await gate('release=shop@2&baseline=shop@1&environment=production&window=1h');
    expect(status).toBe(200);
    expect(body.verdict).toBe('pass');
    expect(body.metrics.candidate).toMatchObject({ release: 'shop@2', sessions: 1010, errorEvents: 50 });
    expect(body.metrics.baseline).toMatchObject({ release: 'shop@1', sessions: 1000, errorEvents: 50 });
    expect(body.metrics.comparisons.map((c) => c.classification)).toEqual(['pass', 'pass', 'pass']);
    expect(body.reasons.join(' ')).toMatch(/Errors per session: 0\.050 against 0\.050/);
  });

  it('fails the release that throws on 30% of requests, naming the new issue', async () => {
    const { status, body } = await gate('release=shop@3&baseline=shop@1&environment=production&window=1h');
    expect(status).toBe(200);
    expect(body.verdict).toBe('fail');
    expect(body.metrics.comparisons.find((c) => c.metric === 'errors_per_session')).toMatchObject({
      classification: 'fail',
      ratio: 6,
    });
    expect(body.metrics.newIssues).toEqual([expect.objectContaining({ events: 300 })]);
    expect(body.reasons.join(' ')).toMatch(/new issue #\d+ "CheckoutTotalError: x is undefined": 300 events/);
  });

  it('is inconclusive while the candidate has too few sessions (blue/green: the idle staging side)', async () => {
    const { body } = await gate(
      'release=shop@4&baseline=shop@1&environment=staging&baselineEnvironment=production&window=30m',
    );
    expect(body.verdict).toBe('inconclusive');
    expect(body.reasons[0]).toMatch(/Not enough sessions yet: the candidate has 20 and the baseline 1000/);
  });

  it('fails a candidate on the idle (staging) side against production before any user is switched', async () => {
    const { body } = await gate(
      'release=shop@5&baseline=shop@1&environment=staging&baselineEnvironment=production&window=30m',
    );
    expect(body.verdict).toBe('fail');
    expect(body.metrics.candidate).toMatchObject({
      release: 'shop@5',
      environment: 'staging',
      sessions: 600,
    });
    expect(body.metrics.baseline).toMatchObject({
      release: 'shop@1',
      environment: 'production',
      sessions: 1000,
    });
    expect(body.reasons.join(' ')).toMatch(/Sessions with errors: 33\.33% against 5\.00%/);
  });

  it('judges against the baseline window before a blue/green switch (baselineEnd)', async () => {
    // After the switch the old release gets no traffic: its window ends at the switch.
    const { body } = await gate(
      `release=shop@2&baseline=shop@1&environment=production&window=1h&baselineEnd=${new Date(now).toISOString()}`,
    );
    expect(body.verdict).toBe('pass');
    expect(body.metrics.baseline.sessions).toBe(1000);
  });

  it('answers 400 for a window it cannot read and 404 for a project it cannot show', async () => {
    const bad = await vigie.fetch(`${project()}/gate?release=shop@2&baseline=shop@1&window=10y`, {
      headers: auth(),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      error: { code: 'invalid_gate_query', message: /window must be/ },
    });
    const missing = await vigie.fetch('/api/v1/projects/999/gate?release=a&baseline=b', { headers: auth() });
    expect(missing.status).toBe(404);
    const unnamed = await vigie.fetch(`${project()}/gate?baseline=shop@1`, { headers: auth() });
    expect(unnamed.status).toBe(400);
  });

  it('keeps every verdict with who asked, through what, and the numbers', async () => {
    await gate('release=shop@3&baseline=shop@1&environment=production&source=cli');
    const response = await vigie.fetch(`${project()}/gate/verdicts?release=shop@3&limit=1`, {
      headers: auth(),
    });
    const { verdicts, next } = (await response.json()) as {
      verdicts: Array<{
        verdict: string;
        askedVia: string;
        askedBy: string;
        window: string;
        metrics: GateAnswer['metrics'];
      }>;
      next: string | null;
    };
    expect(verdicts[0]).toMatchObject({ verdict: 'fail', askedVia: 'cli', window: '1h' });
    expect(verdicts[0]!.askedBy).toMatch(/^token #\d+$/);
    expect(verdicts[0]!.metrics.candidate.errorEvents).toBe(300);
    expect(next).not.toBeNull();
  });

  it('reads the verdict as the AnalysisTemplate in docs/deploy-gate.md tells Argo Rollouts to', async () => {
    const doc = readFileSync(new URL('../../../docs/deploy-gate.md', import.meta.url), 'utf8');
    const template = /```yaml\n(apiVersion: argoproj\.io\/v1alpha1\nkind: AnalysisTemplate[\s\S]*?)```/.exec(
      doc,
    )?.[1];
    expect(template).toBeDefined();
    const field = (name: string) => new RegExp(`${name}: "?(.+?)"?\\n`).exec(template!)?.[1]?.trim();
    const args: Record<string, string> = {
      'vigie-url': vigie.baseUrl,
      project: String(vigie.projectId),
      'vigie-token': vigie.token,
      release: 'shop@3',
      baseline: 'shop@1',
      environment: 'production',
    };
    const fill = (text: string) =>
      text.replace(/\{\{\s*args\.([\w-]+)\s*\}\}/g, (_m, name: string) => args[name]!);
    const url = new URL(fill(field('url')!));
    const header = fill(/- key: Authorization\n\s+value: "(.+)"/.exec(template!)![1]!);
    const response = await vigie.fetch(`${url.pathname}${url.search}`, {
      headers: { authorization: header },
    });
    expect(response.status).toBe(200);
    // jsonPath {$.verdict}, then successCondition / failureCondition as Argo's expr would evaluate them.
    expect(field('jsonPath')).toBe('{$.verdict}');
    const result = ((await response.json()) as GateAnswer).verdict;
    const holds = (condition: string) => {
      const m = /^result == '(\w+)'$/.exec(condition);
      if (!m) throw new Error(`unexpected condition ${condition}`);
      return result === m[1];
    };
    expect(holds(field('successCondition')!)).toBe(false);
    expect(holds(field('failureCondition')!)).toBe(true);
    // A bad token is an error to Argo (non-2xx), not a failed measurement.
    const refused = await vigie.fetch(`${url.pathname}${url.search}`, {
      headers: { authorization: 'Bearer nope' },
    });
    expect(refused.status).toBe(401);
  });

  it("answers Flagger's webhook 200 to advance a healthy canary and 412 to halt a bad one", async () => {
    const hook = (metadata: Record<string, string>, headers: Record<string, string> = {}) =>
      vigie.fetch(`${project()}/gate/flagger`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({
          name: 'shop',
          namespace: 'prod',
          phase: 'Progressing',
          checksum: '6f7c3b8d',
          metadata,
        }),
      });
    const healthy = await hook({
      token: vigie.token,
      release: 'shop@2',
      baseline: 'shop@1',
      environment: 'production',
    });
    expect(healthy.status).toBe(200);
    expect(await healthy.json()).toMatchObject({ verdict: 'pass', askedVia: 'flagger' });
    const bad = await hook({
      token: vigie.token,
      release: 'shop@3',
      baseline: 'shop@1',
      environment: 'production',
    });
    expect(bad.status).toBe(412);
    const badBody = (await bad.json()) as { error: { code: string; message: string; details: GateAnswer } };
    expect(badBody.error).toMatchObject({ code: 'gate_not_passed', details: { verdict: 'fail' } });
    expect(badBody.error.message).toMatch(
      /^Vigie's gate: fail for shop@3\. .*Sessions with errors: 30\.00% against 5\.00%/,
    );
    const { verdicts } = await vigie.api<{ verdicts: Array<{ askedBy: string; askedVia: string }> }>(
      `${project()}/gate/verdicts?release=shop@3&limit=1`,
    );
    expect(verdicts[0]).toMatchObject({
      askedVia: 'flagger',
      askedBy: expect.stringMatching(/Flagger prod\/shop, Progressing/),
    });
    const thin = await hook({
      token: vigie.token,
      release: 'shop@4',
      baseline: 'shop@1',
      environment: 'staging',
    });
    expect(thin.status).toBe(412);
    const anonymous = await hook({ release: 'shop@2', baseline: 'shop@1' });
    expect(anonymous.status).toBe(401);
    const byHeader = await hook({ release: 'shop@2', baseline: 'shop@1', environment: 'production' }, auth());
    expect(byHeader.status).toBe(200);
    // A token limited to another project does not learn that this one exists.
    const { db } = vigie.app.vigie.database;
    const other = await createProject(db, 'Other shop');
    const elsewhere = await createToken(db, { name: 'flagger', scopes: ['read'], projectIds: [other.id] });
    const hidden = await hook({ token: elsewhere.token, release: 'shop@2', baseline: 'shop@1' });
    expect(hidden.status).toBe(404);
  });

  it('records deploy markers and lists them newest first; refuses a deploy that finished before it started', async () => {
    const post = (body: unknown) =>
      vigie.fetch(`${project()}/deploys`, {
        method: 'POST',
        headers: { ...auth(), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const first = await post({ release: 'shop@2', environment: 'production', strategy: 'rolling' });
    expect(first.status).toBe(201);
    const second = await post({
      release: 'shop@3',
      environment: 'production',
      strategy: 'blue-green',
      url: 'https://ci.example.com/runs/7',
      startedAt: new Date(now - 2 * MINUTE).toISOString(),
    });
    expect(await second.json()).toMatchObject({
      release: 'shop@3',
      strategy: 'blue-green',
      createdBy: expect.any(String),
    });
    const wrong = await post({ release: 'shop@3', environment: 'production', strategy: 'big-bang' });
    expect(wrong.status).toBe(400);
    const backwards = await post({
      release: 'shop@3',
      environment: 'production',
      startedAt: new Date(now).toISOString(),
      finishedAt: new Date(now - MINUTE).toISOString(),
    });
    expect(backwards.status).toBe(400);
    expect(await backwards.json()).toMatchObject({ error: { code: 'invalid_deploy' } });
    const { deploys } = await vigie.api<{ deploys: Array<{ release: string; strategy: string }> }>(
      `${project()}/deploys?environment=production`,
    );
    expect(deploys.map((d) => d.release)).toEqual(['shop@3', 'shop@2']);
  });

  it('lists release health: adoption, crash-free sessions and users, errors per session, new issues', async () => {
    const { releases } = await vigie.api<{
      releases: Array<{
        version: string;
        adoption: number;
        sessions: number;
        crashFreeSessions: number;
        users: number | null;
        crashFreeUsers: number | null;
        errorsPerSession: number;
        newIssues: number;
      }>;
    }>(`${project()}/release-health?period=24h`);
    const byVersion = new Map(releases.map((r) => [r.version, r]));
    expect(byVersion.get('shop@2')).toMatchObject({
      sessions: 1010,
      users: 10,
      crashFreeUsers: 0.9,
      errorsPerSession: 50 / 1010,
    });
    expect(byVersion.get('shop@2')!.adoption).toBeCloseTo(1010 / 3630, 5);
    expect(byVersion.get('shop@3')).toMatchObject({ newIssues: 1, errorsPerSession: 0.3 });
    expect(byVersion.get('shop@2')!.crashFreeSessions).toBeCloseTo(1 - 1 / 1010, 6);
  });

  it("shows a release beside the one before it, with its issues, deploys and the gate's verdicts", async () => {
    const page = await vigie.api<{
      release: { version: string; errorsPerSession: number };
      previous: { version: string } | null;
      newIssues: Array<{ events: number }>;
      deploys: Array<{ release: string }>;
      verdicts: Array<{ verdict: string }>;
    }>(`${project()}/releases/${encodeURIComponent('shop@3')}/health?period=24h`);
    expect(page.release.version).toBe('shop@3');
    expect(page.previous?.version).toBe('shop@2');
    expect(page.newIssues[0]?.events).toBe(300);
    expect(page.deploys.map((d) => d.release)).toEqual(['shop@3']);
    expect(page.verdicts.length).toBeGreaterThan(0);
    expect(page.verdicts.every((v) => v.verdict === 'fail')).toBe(true);
    const unknown = await vigie.fetch(`${project()}/releases/nope/health`, { headers: auth() });
    expect(unknown.status).toBe(404);
  });

  it('keeps per-project thresholds; managers change them, the others stay at their defaults', async () => {
    const put = await vigie.fetch(`${project()}/gate/settings`, {
      method: 'PUT',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ minSessions: 5000 }),
    });
    expect(put.status).toBe(200);
    const { body } = await gate('release=shop@3&baseline=shop@1&environment=production');
    // The new issue still fails it; the rates wait for 5000 sessions.
    expect(body.verdict).toBe('fail');
    expect(body.metrics.comparisons.every((c) => c.classification === 'inconclusive')).toBe(true);
    const healthy = await gate('release=shop@2&baseline=shop@1&environment=production');
    expect(healthy.body.verdict).toBe('inconclusive');
    const invalid = await vigie.fetch(`${project()}/gate/settings`, {
      method: 'PUT',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ tolerance: 0.5 }),
    });
    expect(invalid.status).toBe(400);
    await vigie.fetch(`${project()}/gate/settings`, {
      method: 'PUT',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ minSessions: 50 }),
    });
    expect((await gate('release=shop@2&baseline=shop@1&environment=production')).body.verdict).toBe('pass');
  });
});
