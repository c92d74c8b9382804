// The live policy against a stand-in for Vigie over real HTTP: it serves GET /api/v1/projects/{id}/csp/policy
// as the contract says (Bearer token, ETag, 304 on If-None-Match, 404 before anything is published) and can be
// told to fail (500, a body that is not JSON, a body that is not a policy, a connection refused).

import { once } from 'node:events';
import type { IncomingHttpHeaders, Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { CspConfigError } from './config-error.ts';
import type { CspCore } from './core.ts';
import { createCspCore } from './core.ts';
import { cspExpress } from './express.ts';
import type { LivePolicyVersion } from './live-policy.ts';

const TOKEN = 'vigie_ro_3f9d2c7a1b';

interface StandIn {
  url: string;
  requests: { path: string; headers: IncomingHttpHeaders }[];
  /** What the next requests get. */
  answer:
    | { kind: 'unpublished' }
    | { kind: 'version'; body: unknown }
    | { kind: 'status'; status: number; body: string };
  close(): Promise<void>;
}

function version(n: number, fields: Partial<LivePolicyVersion> = {}): LivePolicyVersion {
  return {
    project: 3,
    version: n,
    publishedAt: '2026-12-07T10:00:00.000Z',
    publishedBy: 'lead@example.com',
    enforce: `default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic'; img-src 'self' https://v${n}.example.com`,
    reportOnly: `script-src 'nonce-{nonce}' 'strict-dynamic'; require-trusted-types-for 'script'; report-to csp`,
    reportingEndpoints: 'csp="https://vigie.example.com/api/3/csp-report/?sentry_key=abc"',
    ...fields,
  };
}

async function startStandIn(): Promise<StandIn> {
  const standIn = { requests: [], answer: { kind: 'unpublished' } } as unknown as StandIn;
  const server: Server = createServer((req, res) => {
    standIn.requests.push({ path: req.url ?? '', headers: req.headers });
    if (req.url !== '/api/v1/projects/3/csp/policy' || req.method !== 'GET') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"no such route"}');
      return;
    }
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"a token is required"}');
      return;
    }
    const answer = standIn.answer;
    if (answer.kind === 'unpublished') {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end('{"error":"no CSP policy is published yet"}');
    } else if (answer.kind === 'status') {
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    } else {
      const n = (answer.body as { version?: unknown }).version;
      const etag = `"csp-3-${String(n)}"`;
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { etag }).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', etag }).end(JSON.stringify(answer.body));
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  standIn.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  standIn.close = () => new Promise((resolve) => server.close(() => resolve()));
  return standIn;
}

const FALLBACK = "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic'; object-src 'none'";
const cores: CspCore[] = [];
const standIns: StandIn[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) core.live?.close();
  for (const s of standIns.splice(0)) await s.close().catch(() => {});
});

async function setUp(extra: { onError?: (e: Error) => void } = {}) {
  const standIn = await startStandIn();
  standIns.push(standIn);
  const errors: string[] = [];
  const core = createCspCore({
    policy: FALLBACK,
    livePolicy: {
      url: `${standIn.url}/`,
      project: 3,
      token: TOKEN,
      refreshSeconds: 3600,
      onError: extra.onError ?? ((e) => errors.push(e.message)),
    },
  });
  cores.push(core);
  const headers = (): Record<string, string> & { nonce: string } => {
    let sent: Record<string, string> = {};
    const csp = core.start('/', (h) => {
      sent = h;
    });
    return { ...sent, nonce: csp.nonce };
  };
  return { standIn, core, live: core.live!, headers, errors };
}

describe('livePolicy', () => {
  it('sends the fallback until a version is published, then the published one with a fresh nonce per response', async () => {
    const { standIn, live, headers } = await setUp();
    await live.ready();
    expect(live.status()).toMatchObject({ source: 'fallback' });
    const before = headers();
    expect(before['Content-Security-Policy']).toBe(FALLBACK.replace('{nonce}', before.nonce));
    expect(before['Content-Security-Policy-Report-Only']).toBeUndefined();

    standIn.answer = { kind: 'version', body: version(1) };
    await live.refresh();
    const first = headers();
    const second = headers();
    expect(first.nonce).not.toBe(second.nonce);
    expect(first['Content-Security-Policy']).toBe(
      `default-src 'self'; script-src 'nonce-${first.nonce}' 'strict-dynamic'; img-src 'self' https://v1.example.com`,
    );
    expect(first['Content-Security-Policy-Report-Only']).toBe(
      `script-src 'nonce-${first.nonce}' 'strict-dynamic'; require-trusted-types-for 'script'; report-to csp`,
    );
    expect(first['Reporting-Endpoints']).toBe(
      'csp="https://vigie.example.com/api/3/csp-report/?sentry_key=abc"',
    );
    expect(live.status()).toMatchObject({ source: 'vigie', version: 1 });
    expect(standIn.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(standIn.requests[0]?.path).toBe('/api/v1/projects/3/csp/policy');
  });

  it('asks with If-None-Match, keeps the version on 304 and takes the next one when it is published', async () => {
    const { standIn, live, headers } = await setUp();
    standIn.answer = { kind: 'version', body: version(1) };
    await live.ready();
    await live.refresh();
    expect(standIn.requests.at(-1)?.headers['if-none-match']).toBe('"csp-3-1"');
    expect(headers()['Content-Security-Policy']).toContain('https://v1.example.com');
    standIn.answer = { kind: 'version', body: version(2, { reportOnly: null, reportingEndpoints: null }) };
    await live.refresh();
    const now = headers();
    expect(now['Content-Security-Policy']).toContain('https://v2.example.com');
    expect(now['Content-Security-Policy-Report-Only']).toBeUndefined();
    expect(now['Reporting-Endpoints']).toBeUndefined();
  });

  it('keeps the last good version when Vigie fails, answers nonsense or cannot be reached, and says why', async () => {
    const { standIn, live, headers, errors } = await setUp();
    standIn.answer = { kind: 'version', body: version(4) };
    await live.ready();
    const failures: [StandIn['answer'], RegExp][] = [
      [{ kind: 'status', status: 500, body: '{"error":"database is locked"}' }, /Vigie answered 500/],
      [{ kind: 'status', status: 200, body: '<html>maintenance</html>' }, /not JSON/],
      [{ kind: 'version', body: { ...version(5), enforce: 42 } }, /"enforce" must be a header value/],
      [
        { kind: 'version', body: { ...version(5), enforce: "default-src 'self'\r\nSet-Cookie: x=1" } },
        /"enforce"/,
      ],
      [{ kind: 'version', body: { ...version(5), enforce: null, reportOnly: null } }, /neither an enforced/],
      [{ kind: 'version', body: { ...version(5), version: '5' } }, /"version" is not an integer/],
    ];
    for (const [answer, message] of failures) {
      standIn.answer = answer;
      await live.refresh();
      expect(headers()['Content-Security-Policy']).toContain('https://v4.example.com');
      expect(live.status()).toMatchObject({
        source: 'vigie',
        version: 4,
        lastError: expect.stringMatching(message),
      });
      expect(errors.at(-1)).toMatch(/version 4 stays\.$/);
    }
    await standIn.close();
    await live.refresh();
    expect(headers()['Content-Security-Policy']).toContain('https://v4.example.com');
    expect(live.status().lastError).toMatch(
      /^could not refresh the live policy from http:\/\/127\.0\.0\.1:\d+\/api\/v1\/projects\/3\/csp\/policy: fetch failed/,
    );
  });

  it('keeps the fallback when the first fetch fails, and takes the version once Vigie is back', async () => {
    const { standIn, live, headers, errors } = await setUp();
    standIn.answer = { kind: 'status', status: 503, body: 'starting' };
    await live.ready();
    const sent = headers();
    expect(sent['Content-Security-Policy']).toBe(FALLBACK.replace('{nonce}', sent.nonce));
    expect(errors).toEqual([
      expect.stringMatching(/Vigie answered 503 starting; the fallback policy stays\.$/),
    ]);
    standIn.answer = { kind: 'version', body: version(9) };
    await live.refresh();
    expect(headers()['Content-Security-Policy']).toContain('https://v9.example.com');
    expect(live.status().lastError).toBeUndefined();
  });

  it('refreshes in the background without a request to trigger it', async () => {
    const standIn = await startStandIn();
    standIns.push(standIn);
    standIn.answer = { kind: 'version', body: version(1) };
    const updates: number[] = [];
    let second: () => void = () => {};
    const secondUpdate = new Promise<void>((resolve) => {
      second = resolve;
    });
    const core = createCspCore({
      livePolicy: {
        url: standIn.url,
        project: 3,
        token: TOKEN,
        refreshSeconds: 1,
        onUpdate: (v) => {
          updates.push(v.version);
          if (updates.length === 1) standIn.answer = { kind: 'version', body: version(2) };
          else second();
        },
      },
    });
    cores.push(core);
    await secondUpdate;
    expect(updates).toEqual([1, 2]);
    let sent: Record<string, string> = {};
    core.start('/', (h) => {
      sent = h;
    });
    expect(sent['Content-Security-Policy']).toContain('https://v2.example.com');
  });

  it('serves the live policy from an Express app, nonce in res.locals and in the autoNonce-d page', async () => {
    const standIn = await startStandIn();
    standIns.push(standIn);
    standIn.answer = { kind: 'version', body: version(7) };
    const middleware = cspExpress({
      policy: FALLBACK,
      autoNonce: true,
      livePolicy: { url: standIn.url, project: 3, token: TOKEN },
    });
    cores.push(middleware.core);
    await middleware.core.live?.ready();
    const app = express();
    app.use(middleware);
    app.get('/', (_req, res) => {
      res.type('html').send(`<script>boot(${JSON.stringify(res.locals.cspNonce)})</script>`);
    });
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      const csp = response.headers.get('content-security-policy') ?? '';
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1] ?? '';
      expect(csp).toBe(
        `default-src 'self'; script-src 'nonce-${nonce}' 'strict-dynamic'; img-src 'self' https://v7.example.com`,
      );
      expect(await response.text()).toBe(`<script nonce="${nonce}">boot("${nonce}")</script>`);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('refuses unusable livePolicy options with what to write instead', () => {
    const problems = (livePolicy: unknown) => {
      try {
        createCspCore({ policy: FALLBACK, livePolicy: livePolicy as never });
      } catch (error) {
        if (error instanceof CspConfigError) return error.problems;
        throw error;
      }
      return [];
    };
    expect(problems({ url: 'http://vigie.example.com', project: 3, token: TOKEN })).toEqual([
      'livePolicy.url: "http://vigie.example.com" would send the token in clear text; write https://vigie.example.com.',
    ]);
    expect(problems({ url: 'vigie', project: 0, token: '' })).toEqual([
      `livePolicy.url must be Vigie's address, e.g. 'https://vigie.example.com'; got "vigie".`,
      "livePolicy.project must be the project's id, e.g. 3; got 0.",
      'livePolicy.token must be a Vigie API token that can read the project (a read-only token is enough).',
    ]);
    expect(problems(null)).toEqual([
      "livePolicy must be an object, e.g. livePolicy: { url: 'https://vigie.example.com', project: 3, token: process.env.VIGIE_CSP_TOKEN }.",
    ]);
  });
});
