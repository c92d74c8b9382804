// How the server serves the built dashboard: index.html for / and every deep link, never cached and
// with a strict CSP whose nonce its script carries; hashed assets cached for a year, precompressed
// copies chosen by Accept-Encoding; API, ingest and
// health routes as before; and a page that says how to build the dashboard when it is not built.
// Serving files touches no database: SQLite only.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { evaluatePolicy } from '@vigie/csp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_PATHS } from '../src/web/dashboard.ts';
import { type RunningVigie, startVigie } from './support/app.ts';
import { appRoutes } from './support/browser.ts';
import { envelopeOf, errorEvent } from './support/events.ts';

const INDEX = `<!doctype html><html><head><meta name="csp-nonce" content="__CSP_NONCE__" />
<script type="module" crossorigin src="/assets/index-3f9c1a.js"></script>
<link rel="stylesheet" href="/assets/index-77ab01.css"></head><body><div id="root"></div></body></html>`;

/** The entry script, long enough that the build compresses it (apps/web/scripts/precompress.ts). */
const SCRIPT = `${'console.log("dashboard");\n'.repeat(100)}`;

function builtDashboard(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'vigie-web-'));
  mkdirSync(path.join(root, 'assets'));
  writeFileSync(path.join(root, 'index.html'), INDEX);
  writeFileSync(path.join(root, 'assets', 'index-3f9c1a.js'), SCRIPT);
  writeFileSync(path.join(root, 'assets', 'index-3f9c1a.js.br'), brotliCompressSync(SCRIPT));
  writeFileSync(path.join(root, 'assets', 'index-3f9c1a.js.gz'), gzipSync(SCRIPT));
  writeFileSync(path.join(root, 'assets', 'index-77ab01.css'), 'body { margin: 0 }');
  return root;
}

describe('the built dashboard', () => {
  let vigie: RunningVigie;
  let root: string;

  beforeAll(async () => {
    root = builtDashboard();
    vigie = await startVigie('sqlite', {}, { dashboardRoot: root });
  });
  afterAll(async () => {
    await vigie.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves index.html at / with a fresh nonce in its CSP, its script and its meta tag, never cached', async () => {
    const pages = await Promise.all([vigie.fetch('/'), vigie.fetch('/')]);
    const nonces = [];
    for (const page of pages) {
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.headers.get('cache-control')).toBe('no-store');
      const csp = page.headers.get('content-security-policy') ?? '';
      const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
      expect(nonce).toBeDefined();
      const html = await page.text();
      expect(html).toContain(`<script nonce="${nonce}" type="module"`);
      expect(html).toContain(`<meta name="csp-nonce" content="${nonce}" />`);
      nonces.push(nonce);
    }
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  it('sends a policy the CSP evaluator finds no high-severity problem in', async () => {
    const csp = (await vigie.fetch('/')).headers.get('content-security-policy') ?? '';
    const findings = evaluatePolicy(csp);
    expect(findings.filter((f) => f.severity === 'high')).toEqual([]);
    for (const directive of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"])
      expect(csp).toContain(directive);
    expect(csp).toMatch(/script-src 'nonce-[^']+' 'strict-dynamic'(;|$)/);
    expect(csp).not.toContain('unsafe-inline');
  });

  it('answers deep links with the app, which routes them itself', async () => {
    const links = ['/issues/42', '/projects/1/issues?query=is%3Aunresolved', '/setup/abc', '/login'];
    const settings = ['/projects/1/settings', '/settings', '/settings/teams', '/account', '/admin/users'];
    for (const link of [...links, ...settings]) {
      const page = await vigie.fetch(link);
      expect(page.status, link).toBe(200);
      expect(await page.text(), link).toContain('<div id="root"></div>');
    }
  });

  it("answers every page of the app's router with the app", async () => {
    const paths = appRoutes().map((route) => route.replaceAll(/\$[A-Za-z]+/g, '7'));
    expect(paths).toContain('/issues/7');
    for (const link of paths) {
      const page = await vigie.app.inject({ method: 'GET', url: link, headers: { accept: 'text/html' } });
      expect(page.statusCode, `${link}: add it to APP_PATHS (${APP_PATHS.join(' ')})`).toBe(200);
      expect(page.body, link).toContain('<div id="root"></div>');
    }
  });

  it('serves hashed assets with year-long immutable caching', async () => {
    const script = await vigie.fetch('/assets/index-3f9c1a.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^(application|text)\/javascript/);
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await script.text()).toBe(SCRIPT);
    const css = await vigie.fetch('/assets/index-77ab01.css');
    expect(css.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('sends the brotli or gzip copy the browser accepts, made at build time, and says it varies', async () => {
    const asset = (acceptEncoding?: string) =>
      vigie.app.inject({
        method: 'GET',
        url: '/assets/index-3f9c1a.js',
        headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding },
      });
    const brotli = await asset('gzip, deflate, br, zstd');
    expect(brotli.statusCode).toBe(200);
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(brotli.rawPayload).toString()).toBe(SCRIPT);
    const gzip = await asset('gzip, deflate');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.rawPayload).toString()).toBe(SCRIPT);
    const plain = await asset();
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(SCRIPT);
    for (const answer of [brotli, gzip, plain]) {
      expect(answer.headers['content-type']).toMatch(/^(application|text)\/javascript/);
      expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(String(answer.headers.vary).toLowerCase()).toContain('accept-encoding');
    }
    // An asset the build did not compress is sent as it is, whatever the browser accepts.
    const css = await vigie.app.inject({
      method: 'GET',
      url: '/assets/index-77ab01.css',
      headers: { 'accept-encoding': 'br, gzip' },
    });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-encoding']).toBeUndefined();
    expect(css.body).toBe('body { margin: 0 }');
  });

  it('answers a missing asset, an unknown API path and other methods with the JSON 404', async () => {
    for (const [method, url] of [
      ['GET', '/assets/index-0ld0ld.js'],
      // The compressed copies are encodings of the asset, not files of their own.
      ['GET', '/assets/index-3f9c1a.js.br'],
      ['GET', '/assets/index-3f9c1a.js.gz'],
      ['GET', '/api/v1/nothing-here'],
      ['GET', '/api/nothing'],
      ['GET', '/nowhere'],
      ['POST', '/issues/42'],
    ] as const) {
      const answer = await vigie.fetch(url, { method });
      expect(answer.status, `${method} ${url}`).toBe(404);
      expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
  });

  it('leaves the API, ingest and health routes as they were', async () => {
    expect((await vigie.fetch('/livez')).status).toBe(200);
    const document = await vigie.fetch('/api/openapi.json');
    expect(document.headers.get('content-type')).toMatch(/^application\/json/);
    const projects = await vigie.fetch('/api/v1/projects');
    expect(projects.status).toBe(401);
    const ingest = await vigie.fetch(
      `/api/${vigie.projectId}/envelope/?sentry_key=${new URL(vigie.dsn).username}`,
      {
        method: 'POST',
        body: envelopeOf(errorEvent()),
      },
    );
    expect(ingest.status).toBe(200);
  });
});

describe('a copy whose dashboard is not built', () => {
  let vigie: RunningVigie;
  let root: string;

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'vigie-web-missing-'));
    vigie = await startVigie('sqlite', {}, { dashboardRoot: root });
  });
  afterAll(async () => {
    await vigie.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('says how to build it, at / and at deep links, while the API works', async () => {
    for (const url of ['/', '/issues/1']) {
      const page = await vigie.fetch(url);
      expect(page.status).toBe(503);
      expect(page.headers.get('content-security-policy')).toContain("object-src 'none'");
      expect(await page.text()).toContain('npm run build -w apps/web');
    }
    expect((await vigie.fetch('/api/v1/projects')).status).toBe(401);
  });
});
