// The CSP report endpoints as browsers use them: Chromium 156's captured report-uri and Reporting API
// requests replayed as sent, CORS preflight, Sentry's /security/ endpoint, other Reporting API types
// skipped and counted, bad bodies refused with a message, the ingest limits, and a CSP report posted to
// /store/ going to the collector instead of becoming an "<unlabeled event>" issue. SQLite and PostgreSQL.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectReports } from '../src/csp/collector.ts';
import { parseReportBody } from '../src/csp/report-body.ts';
import { createKey, setKeyRateLimit } from '../src/projects/project.repository.ts';
import { type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';
import { loadFixture } from './support/fixtures.ts';

const REPORT_URI = 'chromium-156-csp-report-uri';
const REPORTING_API = 'chromium-156-reporting-api';

const cspReport = (fields: Record<string, unknown>) =>
  JSON.stringify({
    'csp-report': {
      'document-uri': 'https://shop.example.com/orders/1234',
      'effective-directive': 'script-src-elem',
      'original-policy': "default-src 'self'; report-uri /csp",
      disposition: 'report',
      'blocked-uri': 'https://cdn.example.net/widget.js',
      ...fields,
    },
  });

describe.each(testDialects)('CSP report collector on %s', (dialect) => {
  let vigie: RunningVigie;
  let key: string;
  let endpoint: string;

  beforeAll(async () => {
    vigie = await startVigie(dialect);
    key = new URL(vigie.dsn).username;
    endpoint = `/api/${vigie.projectId}/csp-report/?sentry_key=${key}`;
  });
  afterAll(async () => {
    await vigie.stop();
  });

  const db = () => vigie.app.vigie.database.db;
  const post = (
    path: string,
    body: string | Buffer,
    contentType: string,
    headers: Record<string, string> = {},
  ) => vigie.fetch(path, { method: 'POST', body, headers: { 'content-type': contentType, ...headers } });
  const groups = () =>
    db()
      .selectFrom('csp_groups')
      .select(['directive', 'blocked', 'page_pattern', 'count'])
      .where('project_id', '=', vigie.projectId)
      .orderBy('group_key')
      .execute();
  const noise = async () =>
    Object.fromEntries(
      (
        await db()
          .selectFrom('csp_noise')
          .select(['reason', 'count'])
          .where('project_id', '=', vigie.projectId)
          .execute()
      ).map((r) => [r.reason, Number(r.count)]),
    );

  it("stores every violation of Chromium's report-uri and Reporting API requests, grouped", async () => {
    for (const name of [REPORT_URI, REPORTING_API]) {
      for (const request of loadFixture(name)) {
        const response = await post(endpoint, request.body, request.headers['content-type']!, {
          'user-agent': request.headers['user-agent']!,
          origin: request.headers.origin!,
        });
        expect(response.status, await response.clone().text()).toBe(200);
        expect(response.headers.get('access-control-allow-origin')).toBe('*');
      }
    }
    const stored = await groups();
    expect(stored).toContainEqual({
      directive: 'script-src-elem',
      blocked: 'inline',
      page_pattern: '/',
      count: expect.any(Number),
    });
    expect(stored).toContainEqual(
      expect.objectContaining({
        directive: 'style-src-elem',
        blocked: 'http://localhost:9107',
        page_pattern: '/',
      }),
    );
    expect(stored).toContainEqual(
      expect.objectContaining({ directive: 'img-src', blocked: 'https://localhost:9110' }),
    );
    expect(stored.some((g) => g.blocked === 'eval')).toBe(true);
    // Nothing of a real site's own reports is noise.
    expect(await noise()).toEqual({});
    const browsers = await db().selectFrom('csp_group_browsers').select('browser').distinct().execute();
    expect(browsers.map((b) => b.browser)).toEqual(['Chrome 156']);
  });

  it('answers the CORS preflight Chromium sends before a cross-origin Reporting API POST', async () => {
    const response = await vigie.fetch(endpoint, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')).toContain('content-type');
  });

  it("takes reports on Sentry's /security/ endpoint, so a team moving from Sentry changes nothing", async () => {
    const response = await post(
      `/api/${vigie.projectId}/security/?sentry_key=${key}`,
      cspReport({ 'blocked-uri': 'https://fonts.example.org/a.woff2', 'effective-directive': 'font-src' }),
      'application/csp-report',
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ accepted: 1, noise: {} });
    expect(await groups()).toContainEqual(
      expect.objectContaining({
        directive: 'font-src',
        blocked: 'https://fonts.example.org',
        page_pattern: '/orders/:id',
      }),
    );
  });

  it('skips deprecation and intervention reports of a Reporting API batch and counts them', async () => {
    const batch = [
      {
        type: 'deprecation',
        age: 1,
        url: 'https://shop.example.com/',
        body: { id: 'X', message: 'old API' },
      },
      {
        type: 'intervention',
        age: 1,
        url: 'https://shop.example.com/',
        body: { id: 'Y', message: 'blocked' },
      },
      {
        type: 'csp-violation',
        age: 2,
        url: 'https://shop.example.com/cart',
        user_agent: 'Mozilla/5.0 (Windows NT 10.0) Gecko/20100101 Firefox/140.0',
        body: {
          documentURL: 'https://shop.example.com/cart',
          effectiveDirective: 'connect-src',
          blockedURL: 'https://api.stripe.com/v1/tokens',
          originalPolicy: "default-src 'self'",
          disposition: 'report',
          statusCode: 200,
        },
      },
    ];
    const response = await post(endpoint, JSON.stringify(batch), 'application/reports+json');
    expect(await response.json()).toEqual({ accepted: 1, noise: { 'other-report-type': 2 } });
    expect((await noise())['other-report-type']).toBe(2);
  });

  it('counts extension and injected noise by reason instead of storing it', async () => {
    const response = await post(
      endpoint,
      cspReport({ 'blocked-uri': 'chrome-extension://abcdefgh/inject.js' }),
      'application/csp-report',
    );
    expect(await response.json()).toEqual({ accepted: 0, noise: { extension: 1 } });
    await post(
      endpoint,
      cspReport({ 'blocked-uri': 'https://static.image2play.com/x.js' }),
      'application/csp-report',
    );
    expect(await noise()).toMatchObject({ extension: 1, 'injected-host': 1 });
  });

  it('refuses bodies no browser sends, with a message saying what is wrong', async () => {
    const cases: [string, string, number, string, RegExp][] = [
      ['{"csp-report": ', 'application/csp-report', 400, 'invalid_json', /not JSON/],
      ['[{"csp-report": {}}]', 'application/csp-report', 400, 'invalid_csp_report', /not an array/],
      ['{"report": {}}', 'application/csp-report', 400, 'invalid_csp_report', /no "csp-report"/],
      [
        cspReport({ 'document-uri': '' }),
        'application/csp-report',
        400,
        'invalid_csp_report',
        /no document URL/,
      ],
      ['[]', 'application/reports+json', 400, 'invalid_csp_report', /empty/],
      ['[{"type": "csp-violation"}]', 'application/reports+json', 400, 'invalid_csp_report', /no "body"/],
      ['<xml/>', 'application/xml', 415, 'unsupported_report_type', /application\/csp-report/],
    ];
    for (const [body, type, status, code, message] of cases) {
      const response = await post(endpoint, body, type);
      expect(response.status, body).toBe(status);
      const error = ((await response.json()) as { error: { code: string; message: string } }).error;
      expect(error.code, body).toBe(code);
      expect(error.message, body).toMatch(message);
    }
  });

  it('needs the DSN key in the URL, as browsers cannot send headers with reports', async () => {
    const none = await post(`/api/${vigie.projectId}/csp-report/`, cspReport({}), 'application/csp-report');
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('missing_key');
    const wrong = await post(
      `/api/${vigie.projectId + 1}/csp-report/?sentry_key=${key}`,
      cspReport({}),
      'application/csp-report',
    );
    expect(wrong.status).toBe(403);
  });

  it("enforces the ingest endpoints' body size limit and the key's rate limit", async () => {
    const huge = cspReport({ 'script-sample': 'x'.repeat(1024 * 1024) });
    const tooLarge = await post(endpoint, huge, 'application/csp-report');
    expect(tooLarge.status).toBe(413);

    const limited = await createKey(db(), vigie.projectId, 'csp limited');
    await setKeyRateLimit(db(), vigie.projectId, limited.id, 2);
    const url = `/api/${vigie.projectId}/csp-report/?sentry_key=${limited.public_key}`;
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await post(url, cspReport({}), 'application/csp-report')).status);
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('routes a CSP report posted to /store/ to the collector instead of making an "<unlabeled event>" issue', async () => {
    const before = await db()
      .selectFrom('issues')
      .select('id')
      .where('project_id', '=', vigie.projectId)
      .execute();
    const response = await post(
      `/api/${vigie.projectId}/store/?sentry_key=${key}`,
      cspReport({ 'blocked-uri': 'https://tracker.example.io/p.gif', 'effective-directive': 'img-src' }),
      'application/csp-report',
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ accepted: 1, noise: {} });
    // The same body sent as JSON, as a proxy might re-label it, is recognised too.
    await post(
      `/api/${vigie.projectId}/store/?sentry_key=${key}`,
      cspReport({ 'blocked-uri': 'https://tracker.example.io/p.gif', 'effective-directive': 'img-src' }),
      'application/json',
    );
    const after = await db()
      .selectFrom('issues')
      .select('id')
      .where('project_id', '=', vigie.projectId)
      .execute();
    expect(after).toHaveLength(before.length);
    expect(await groups()).toContainEqual(
      expect.objectContaining({ directive: 'img-src', blocked: 'https://tracker.example.io', count: 2 }),
    );
  });

  it('tells alerting once when a group is first blocked under an enforced policy, never for report-only ones', async () => {
    const outbox = async () =>
      (
        await db()
          .selectFrom('outbox')
          .select('payload')
          .where('project_id', '=', vigie.projectId)
          .where('topic', '=', 'csp.new_violation_group')
          .execute()
      ).map((r) => JSON.parse(r.payload) as Record<string, unknown>);
    const blockedFrame = {
      'blocked-uri': 'https://evil.example/x.js',
      'document-uri': 'https://shop.example/pay',
    };
    await post(endpoint, cspReport({ ...blockedFrame }), 'application/csp-report');
    expect(await outbox()).toEqual([]);
    await post(endpoint, cspReport({ ...blockedFrame, disposition: 'enforce' }), 'application/csp-report');
    await post(endpoint, cspReport({ ...blockedFrame, disposition: 'enforce' }), 'application/csp-report');
    expect(await outbox()).toEqual([
      expect.objectContaining({
        directive: 'script-src-elem',
        blocked: 'https://evil.example',
        pagePattern: '/pay',
        enforced: true,
      }),
    ]);
  });

  it('counts reports of new groups as noise once the project has as many groups as Vigie keeps', async () => {
    const parsed = (blocked: string) =>
      parseReportBody(Buffer.from(cspReport({ 'blocked-uri': blocked })), 'report-uri', null);
    const { database } = vigie.app.vigie;
    const existing = (await groups()).length;
    const known = await collectReports(
      database,
      vigie.projectId,
      parsed('https://cdn.example.net/a.js'),
      Date.now(),
      existing,
    );
    expect(known).toEqual({ accepted: 1, noise: {} });
    const fresh = await collectReports(
      database,
      vigie.projectId,
      parsed('https://new-host.example/a.js'),
      Date.now(),
      existing,
    );
    expect(fresh).toEqual({ accepted: 0, noise: { 'group-limit': 1 } });
    expect((await groups()).length).toBe(existing);
  });
});
