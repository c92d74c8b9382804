// The CSP builder's API as the dashboard and the middleware use it: the live policy's exact contract (404
// before a version, ETag and 304, a read-only token), publishing versions (both headers to roll forward,
// bad policies refused, managers only), the reports summary with the version in force, the proposal with
// per-source evidence and decisions, a draft's findings and 7-day replay, and exports. SQLite and PostgreSQL.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';

const SITE = 'https://shop.example';
const REPORT_ONLY = "default-src 'self'; script-src 'self' 'report-sample'; report-uri /csp";

describe.each(testDialects)('CSP policy builder API on %s', (dialect) => {
  let vigie: RunningVigie;
  let key: string;
  let readToken: string;

  beforeAll(async () => {
    vigie = await startVigie(dialect);
    key = new URL(vigie.dsn).username;
    const created = await call('POST', '/api/v1/tokens', { name: 'middleware', scopes: ['read'] });
    readToken = (created.body as { token: string }).token;
  });
  afterAll(async () => {
    await vigie.stop();
  });

  const path = (rest: string) => `/api/v1/projects/${vigie.projectId}/csp/${rest}`;
  async function call(method: string, url: string, body?: unknown, token = vigie.token, headers = {}) {
    const response = await vigie.fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text === '' ? null : (JSON.parse(text) as unknown),
    };
  }
  const report = (
    document: string,
    directive: string,
    blocked: string,
    extra: Record<string, unknown> = {},
  ) =>
    vigie.fetch(`/api/${vigie.projectId}/csp-report/?sentry_key=${key}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/csp-report',
        'user-agent':
          extra.ua === 'firefox'
            ? 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0'
            : 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
      },
      body: JSON.stringify({
        'csp-report': {
          'document-uri': `${SITE}${document}`,
          'effective-directive': directive,
          'blocked-uri': blocked,
          'original-policy': REPORT_ONLY,
          disposition: 'report',
          ...extra,
        },
      }),
    });

  it('answers 404 with an error before any policy is published', async () => {
    const answer = await call('GET', path('policy'), undefined, readToken);
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ error: { code: 'csp_policy_not_published' } });
  });

  it('publishes a report-only version and serves it to a read-only token with the exact contract, ETag and 304', async () => {
    const published = await call('POST', path('versions'), {
      enforce: null,
      reportOnly: REPORT_ONLY,
      reportingEndpoints: `csp="${vigie.baseUrl}/api/${vigie.projectId}/csp-report/?sentry_key=${key}"`,
      note: 'first',
    });
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({
      version: 1,
      reportOnly: REPORT_ONLY,
      enforce: null,
      publishedBy: 'token "bootstrap admin"',
    });

    const live = await call('GET', path('policy'), undefined, readToken);
    expect(live.status).toBe(200);
    expect(live.body).toEqual({
      project: vigie.projectId,
      version: 1,
      publishedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      publishedBy: 'token "bootstrap admin"',
      enforce: null,
      reportOnly: REPORT_ONLY,
      reportingEndpoints: `csp="${vigie.baseUrl}/api/${vigie.projectId}/csp-report/?sentry_key=${key}"`,
    });
    const etag = live.headers.get('etag')!;
    expect(etag).toMatch(/^"csp-\d+-1"$/);
    const again = await call('GET', path('policy'), undefined, readToken, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body).toBeNull();
  });

  it('refuses to publish a policy browsers would misread, nothing at all, or for a read-only token', async () => {
    const bad = await call('POST', path('versions'), { enforce: "default-src 'sel'", reportOnly: null });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      error: { code: 'invalid_csp_policy', message: expect.stringContaining("'sel'") },
    });
    const none = await call('POST', path('versions'), { enforce: null, reportOnly: null });
    expect(none.status).toBe(400);
    const reader = await call(
      'POST',
      path('versions'),
      { enforce: null, reportOnly: REPORT_ONLY },
      readToken,
    );
    expect(reader.status).toBe(403);
  });

  it('groups reports with the version in force, browsers and samples, and lists noise by reason', async () => {
    for (const page of ['/', '/products/1', '/products/2', '/cart']) {
      await report(page, 'script-src-elem', 'https://cdn.vendor.example/lib.js');
    }
    await report('/products/3', 'script-src-elem', 'https://cdn.vendor.example/lib.js', { ua: 'firefox' });
    await report('/checkout', 'script-src-elem', 'http://ads.isp.example/inject.js');
    await report('/', 'script-src-elem', 'inline', { 'script-sample': 'console.log(1)' });
    await report('/', 'script-src-elem', 'chrome-extension://abc/x.js');
    const summary = (await call('GET', path('reports'))).body as {
      groups: {
        directive: string;
        blocked: string;
        page: string;
        count: number;
        policyVersion: number | null;
        browsers: { browser: string }[];
        hourly: number[];
        samples: { sample: string | null }[];
      }[];
      noise: { reason: string; count: number }[];
      current: { version: number };
      hourlyStart: string;
    };
    expect(summary.current.version).toBe(1);
    const products = summary.groups.find(
      (g) => g.blocked === 'https://cdn.vendor.example' && g.page === '/products/:id',
    )!;
    expect(products).toMatchObject({ directive: 'script-src-elem', count: 3, policyVersion: 1 });
    expect(products.browsers.map((b) => b.browser).sort()).toEqual(['Chrome 156', 'Firefox 140']);
    expect(products.hourly.reduce((a, b) => a + b, 0)).toBe(3);
    // The hourly counts say when they start (the sparkline draws deploys at their time): the last is this hour.
    const lastHourStart = Date.parse(summary.hourlyStart) + (products.hourly.length - 1) * 3_600_000;
    expect(Date.now()).toBeGreaterThanOrEqual(lastHourStart);
    expect(Date.now()).toBeLessThan(lastHourStart + 3_600_000);
    const inline = summary.groups.find((g) => g.blocked === 'inline')!;
    expect(inline.samples[0]!.sample).toBe('console.log(1)');
    expect(summary.noise).toEqual([expect.objectContaining({ reason: 'extension', count: 1 })]);
  });

  it('proposes the sources with enough evidence, holds back a lone injected host, and applies decisions', async () => {
    type Proposal = {
      policy: string;
      sources: {
        directive: string;
        source: string;
        status: string;
        evidence: { reports: number; pageCount: number; browsers: string[] };
      }[];
      decisions: { kind: string; hashes: string[] }[];
    };
    const first = (await call('POST', path('proposal'), { mode: 'allowlist' })).body as Proposal;
    const cdn = first.sources.find((s) => s.source === 'https://cdn.vendor.example')!;
    expect(cdn).toMatchObject({
      directive: 'script-src',
      status: 'proposed',
      evidence: { reports: 5, pageCount: 3 },
    });
    expect(cdn.evidence.browsers).toEqual(['Chrome 156', 'Firefox 140']);
    expect(first.sources.find((s) => s.source === 'http://ads.isp.example')).toMatchObject({
      status: 'weak',
    });
    expect(first.policy).toContain('https://cdn.vendor.example');
    expect(first.policy).not.toContain('ads.isp.example');
    expect(first.policy).toContain('report-uri /csp');
    expect(first.decisions).toContainEqual(
      expect.objectContaining({ kind: 'inline', hashes: [expect.stringMatching(/^'sha256-/)] }),
    );

    const rejected = await call('PUT', path('decisions'), {
      directive: 'script-src',
      source: 'https://cdn.vendor.example',
      decision: 'rejected',
    });
    expect(rejected.status).toBe(200);
    const second = (await call('POST', path('proposal'), {})).body as Proposal;
    expect(second.sources.find((s) => s.source === 'https://cdn.vendor.example')!.status).toBe('rejected');
    expect(second.policy).not.toContain('cdn.vendor.example');
    await call('PUT', path('decisions'), {
      directive: 'script-src',
      source: 'https://cdn.vendor.example',
      decision: null,
    });
    await call('PUT', path('decisions'), {
      directive: 'script-src',
      source: 'http://ads.isp.example',
      decision: 'ignored',
    });
    const third = (await call('POST', path('proposal'), {})).body as Proposal;
    expect(third.sources.find((s) => s.source === 'http://ads.isp.example')!.status).toBe('ignored');
    expect(third.policy).toContain('https://cdn.vendor.example');

    const strict = (await call('POST', path('proposal'), { mode: 'strict' })).body as Proposal;
    expect(strict.policy).toMatch(/script-src 'nonce-\{nonce\}' 'strict-dynamic' 'sha256-/);
  });

  it("replays the last 7 days against a draft: what it would block by page and source, with the evaluator's findings", async () => {
    type Check = {
      findings: { severity: string; type: string }[];
      problems: string[];
      replay: {
        replayed: number;
        blocked: number;
        groups: { page: string; blocked: string; reports: number }[];
      };
    };
    const strictest = (await call('POST', path('check'), { policy: "default-src 'self'" })).body as Check;
    expect(strictest.replay.replayed).toBe(7);
    expect(strictest.replay.groups).toContainEqual(
      expect.objectContaining({ page: '/products/:id', blocked: 'https://cdn.vendor.example', reports: 3 }),
    );
    expect(strictest.findings.length).toBeGreaterThan(0);

    const wider = (
      await call('POST', path('check'), {
        policy:
          "default-src 'self'; script-src 'self' https://cdn.vendor.example http://ads.isp.example 'sha256-CihokcEcBW4atb/CW/XWsvWwbTjqwQlE9nj9ii5ww5M='",
      })
    ).body as Check;
    expect(wider.replay.groups).toEqual([]);
    expect(wider.replay.blocked).toBe(0);
    expect(wider.problems).toEqual([]);
  });

  it('rolls forward with both headers and keeps every version with who published it', async () => {
    const rolled = await call('POST', path('versions'), {
      enforce: REPORT_ONLY,
      reportOnly: `${REPORT_ONLY.replace("'report-sample'", "'report-sample' https://cdn.vendor.example")}`,
    });
    expect(rolled.status).toBe(201);
    const versions = (await call('GET', path('versions'))).body as {
      versions: { version: number; enforce: string | null; reportOnly: string | null }[];
    };
    expect(versions.versions.map((v) => [v.version, v.enforce !== null, v.reportOnly !== null])).toEqual([
      [2, true, true],
      [1, false, true],
    ]);
    const live = (await call('GET', path('policy'), undefined, readToken)).body as {
      version: number;
      enforce: string;
    };
    expect(live).toMatchObject({ version: 2, enforce: REPORT_ONLY });
  });

  it("exports a draft in the generator's formats", async () => {
    const nginx = await call('POST', path('export'), {
      policy: "default-src 'self'",
      format: 'nginx',
      reportOnly: true,
    });
    expect(nginx.body).toEqual({
      format: 'nginx',
      text: expect.stringContaining('Content-Security-Policy-Report-Only'),
    });
    const unknown = await call('POST', path('export'), { policy: "default-src 'self'", format: 'apache' });
    expect(unknown.status).toBe(400);
  });
});
