// From report-only to an enforced policy that breaks nothing, in real Chromium: a small shop served under
// @vigie/csp's middleware (node:https, with the livePolicy option reading Vigie) publishes a report-only
// policy; Chromium's reports land in Vigie in both formats (report-to on most pages, report-uri on the page
// whose route removes report-to); the builder proposes a policy from them; it is published as enforced and
// the middleware picks it up without a restart; Chromium loads every page with zero violations; and a
// script injected through a reflected search term is blocked and its report appears in Vigie.
//
// Chromium switches: --short-reporting-delay (Reporting API batches go out at once instead of about once a
// minute) and --ignore-certificate-errors (Chromium sends Reporting API reports only to https:// endpoints,
// even on 127.0.0.1: the site and Vigie's endpoint are served over TLS with a self-signed certificate,
// test/fixtures/tls/). Vigie itself listens on plain HTTP behind a small TLS proxy, which also records the
// Content-Type of every report request, to tell the two formats apart.

import { readFileSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { cspNode, type NodeCspHandler } from '@vigie/csp';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type RunningVigie, startVigie } from './support/app.ts';
import { launchChromium, watchPage } from './support/browser.ts';
import { testDialects } from './support/databases.ts';

const TLS = {
  cert: readFileSync(new URL('./fixtures/tls/localhost-cert.pem', import.meta.url)),
  key: readFileSync(new URL('./fixtures/tls/localhost-key.pem', import.meta.url)),
};
const PAGES = ['/', '/products/1', '/products/2', '/legacy', '/search?q=shoes'];
const INJECTED = '<script>window.__pwned = 1</script>';

const listen = (server: http.Server | https.Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
const close = (server: http.Server | https.Server | undefined) =>
  new Promise<void>((resolve) => {
    if (!server) return resolve();
    server.closeAllConnections();
    server.close(() => resolve());
  });

/** Vigie's endpoints over TLS: forwards every request and remembers the report requests' Content-Types. */
function tlsProxy(target: number, seen: string[]): https.Server {
  return https.createServer(TLS, (req, res) => {
    if (req.method === 'POST') seen.push(String(req.headers['content-type']));
    const upstream = http.request(
      { host: '127.0.0.1', port: target, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
}

/** The shop: pages that load the site's own script, a vendor's script and image from another origin. */
function shop(csp: NodeCspHandler, vendorOrigin: () => string): https.Server {
  return https.createServer(TLS, (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    if (url.pathname === '/app.js') {
      res
        .writeHead(200, { 'content-type': 'text/javascript' })
        .end('document.documentElement.dataset.app = "ready";');
      return;
    }
    if (url.pathname === '/vendor/widget.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end('window.widget = true;');
      return;
    }
    if (url.pathname === '/vendor/logo.png') {
      // A 1×1 transparent PNG.
      const png = Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
        'base64',
      );
      res.writeHead(200, { 'content-type': 'image/png' }).end(png);
      return;
    }
    if (!['/', '/products/1', '/products/2', '/legacy', '/search'].includes(url.pathname)) {
      res.writeHead(404).end();
      return;
    }
    const { nonce } = csp(req, res);
    // The search page reflects its query unescaped: the XSS hole the enforced policy has to contain.
    const query = url.pathname === '/search' ? `<p>Results for ${url.searchParams.get('q') ?? ''}</p>` : '';
    const vendor = vendorOrigin();
    const html = `<!doctype html><html><head><title>Shop</title>
<script nonce="${nonce}" src="/app.js"></script>
<script nonce="${nonce}">window.cart = [];</script>
<script src="${vendor}/vendor/widget.js"></script>
</head><body><h1>Shop ${url.pathname}</h1>${query}<img alt="" src="${vendor}/vendor/logo.png"></body></html>`;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
}

describe.each(testDialects)('rolling out a CSP with Vigie on %s', (dialect) => {
  let vigie: RunningVigie;
  let browser: Browser;
  let proxy: https.Server;
  let site: https.Server;
  let csp: NodeCspHandler;
  let readToken: string;
  let key: string;
  let endpoint: string;
  let siteOrigin: string;
  let vendorOrigin: string;
  const seen: string[] = [];

  const api = async (method: string, path: string, body?: unknown) => {
    const response = await vigie.fetch(path, {
      method,
      headers: { authorization: `Bearer ${vigie.token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await response.json()) as Record<string, unknown>;
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
  const groups = () =>
    vigie.app.vigie.database.db
      .selectFrom('csp_groups')
      .select(['directive', 'blocked', 'page_pattern', 'count', 'enforced_count'])
      .where('project_id', '=', vigie.projectId)
      .execute();

  beforeAll(async () => {
    vigie = await startVigie(dialect, {}, { listen: true });
    key = new URL(vigie.dsn).username;
    readToken = (
      (await api('POST', '/api/v1/tokens', { name: 'shop csp', scopes: ['read'] })) as { token: string }
    ).token;
    proxy = tlsProxy(Number(new URL(vigie.baseUrl).port), seen);
    const proxyPort = await listen(proxy);
    endpoint = `https://127.0.0.1:${proxyPort}/api/${vigie.projectId}/csp-report/?sentry_key=${key}`;
    // The team's first step: a report-only policy, published in Vigie and served by the middleware.
    await api('POST', `/api/v1/projects/${vigie.projectId}/csp/versions`, {
      enforce: null,
      reportOnly: `default-src 'self'; script-src 'self' 'nonce-{nonce}' 'report-sample'; object-src 'none'; base-uri 'self'; report-uri ${endpoint}; report-to vigie`,
      reportingEndpoints: `vigie="${endpoint}"`,
      note: 'report-only first',
    });
    csp = cspNode({
      livePolicy: { url: vigie.baseUrl, project: vigie.projectId, token: readToken, refreshSeconds: 3600 },
      // An old page whose route leaves report-to out, so Chromium reports there with report-uri.
      overrides: { legacy: { reportTo: false } },
      routes: [{ path: '/legacy', override: 'legacy' }],
    });
    await csp.core.live?.ready();
    site = shop(csp, () => vendorOrigin);
    const sitePort = await listen(site);
    siteOrigin = `https://127.0.0.1:${sitePort}`;
    vendorOrigin = `https://localhost:${sitePort}`;
    browser = await launchChromium(['--short-reporting-delay', '--ignore-certificate-errors']);
  });
  afterAll(async () => {
    await browser?.close();
    csp?.core.live?.close();
    await close(site);
    await close(proxy);
    await vigie?.stop();
  });

  it('collects report-only reports in both formats, proposes a policy, enforces it with zero violations, and blocks an injected script', async () => {
    // 1. Report-only: every page loads (nothing is blocked) and Chromium reports what would be.
    const first = await browser.newContext();
    const page = await first.newPage();
    for (const path of PAGES) {
      await page.goto(`${siteOrigin}${path}`);
      expect(await page.evaluate('document.documentElement.dataset.app')).toBe('ready');
      expect(await page.evaluate('window.widget')).toBe(true);
    }
    await eventually(async () => {
      const stored = await groups();
      const has = (directive: string, page: string) =>
        stored.some(
          (g) => g.directive === directive && g.blocked === vendorOrigin && g.page_pattern === page,
        );
      const both = seen.includes('application/reports+json') && seen.includes('application/csp-report');
      return both && has('script-src-elem', '/products/:id') && has('img-src', '/legacy') ? true : undefined;
    }, 60_000);
    await first.close();

    // 2. The builder proposes the next policy from the evidence: the vendor's origin for scripts and images.
    const proposal = (await api('POST', `/api/v1/projects/${vigie.projectId}/csp/proposal`, {
      mode: 'allowlist',
    })) as {
      policy: string;
      sources: { directive: string; source: string; status: string }[];
    };
    expect(proposal.sources).toContainEqual(
      expect.objectContaining({ directive: 'script-src', source: vendorOrigin, status: 'proposed' }),
    );
    expect(proposal.sources).toContainEqual(
      expect.objectContaining({ directive: 'img-src', source: vendorOrigin, status: 'proposed' }),
    );
    const replay = (await api('POST', `/api/v1/projects/${vigie.projectId}/csp/check`, {
      policy: proposal.policy,
    })) as {
      replay: { blocked: number };
    };
    expect(replay.replay.blocked).toBe(0);

    // 3. Published as enforced; the middleware takes it from Vigie without a restart.
    await api('POST', `/api/v1/projects/${vigie.projectId}/csp/versions`, {
      enforce: proposal.policy,
      reportOnly: null,
      reportingEndpoints: `vigie="${endpoint}"`,
      note: 'enforce the proposal',
    });
    await csp.core.live?.refresh();
    expect(csp.core.live?.status()).toMatchObject({ source: 'vigie', version: 2 });

    // 4. Every page loads under the enforced policy with zero violations.
    const second = await browser.newContext();
    const enforced = await second.newPage();
    const watch = await watchPage(enforced, siteOrigin);
    for (const path of PAGES) {
      const response = await enforced.goto(`${siteOrigin}${path}`);
      expect(response?.headers()['content-security-policy']).toContain(vendorOrigin);
      expect(response?.headers()['content-security-policy-report-only']).toBeUndefined();
      expect(await enforced.evaluate('document.documentElement.dataset.app')).toBe('ready');
      expect(await enforced.evaluate('window.widget')).toBe(true);
      expect(await enforced.evaluate('document.images[0].naturalWidth')).toBe(1);
    }
    expect(await watch.cspViolations()).toEqual([]);

    // 5. A script injected through the search term is blocked, and its report appears in Vigie.
    await enforced.goto(`${siteOrigin}/search?q=${encodeURIComponent(INJECTED)}`);
    expect(await enforced.evaluate('window.__pwned')).toBeUndefined();
    expect((await watch.cspViolations()).some((v) => v.startsWith('script-src-elem inline'))).toBe(true);
    const blocked = await eventually(async () => {
      const stored = await groups();
      return stored.find(
        (g) => g.blocked === 'inline' && g.page_pattern === '/search' && Number(g.enforced_count) > 0,
      );
    }, 60_000);
    expect(blocked.directive).toBe('script-src-elem');
    await second.close();
  });
});
