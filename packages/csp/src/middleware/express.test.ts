import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { Server } from 'node:http';
import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cspExpress } from './express.ts';

let server: Server;
let base: string;

beforeAll(async () => {
  const app = express();
  app.use(
    cspExpress({
      policy: { scriptSrc: ["'nonce-{nonce}'", "'strict-dynamic'"], objectSrc: "'none'", baseUri: "'none'" },
      reportUri: '/csp-reports',
      autoNonce: true,
      appends: { payments: { frameSrc: 'https://js.stripe.com' } },
    }),
  );
  app.get('/', (_req, res) => {
    res.send('<!doctype html><script>start()</script>');
  });
  app.get('/template', (_req, res) => {
    res.send(`<script nonce="${res.locals.cspNonce}" src="/app.js"></script>`);
  });
  app.get('/pay', (_req, res) => {
    res.locals.csp.append('payments');
    res.send('<p>pay</p>');
  });
  app.get('/api/items', (_req, res) => {
    res.json([{ id: 1 }]);
  });
  server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

function conditionalGet(
  url: string,
  etag: string,
  accept: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { accept, 'if-none-match': etag } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

function nonceOf(response: Response): string | undefined {
  return /'nonce-([^']+)'/.exec(response.headers.get('content-security-policy') ?? '')?.[1];
}

describe('cspExpress', () => {
  it('nonces the scripts of res.send HTML and reports to report-uri', async () => {
    const response = await fetch(base);
    const nonce = nonceOf(response);
    expect(response.headers.get('content-security-policy')).toBe(
      `script-src 'nonce-${nonce}' 'strict-dynamic'; object-src 'none'; base-uri 'none'; report-uri /csp-reports`,
    );
    expect(await response.text()).toBe(`<!doctype html><script nonce="${nonce}">start()</script>`);
  });

  it('exposes the nonce to templates as res.locals.cspNonce', async () => {
    const response = await fetch(`${base}/template`);
    expect(await response.text()).toBe(`<script nonce="${nonceOf(response)}" src="/app.js"></script>`);
  });

  it('lets a handler add a named append through res.locals.csp', async () => {
    const response = await fetch(`${base}/pay`);
    expect(response.headers.get('content-security-policy')).toContain('frame-src https://js.stripe.com');
    expect((await fetch(base)).headers.get('content-security-policy')).not.toContain('frame-src');
  });

  it('never answers an HTML navigation with 304, whose cached body would carry a stale nonce', async () => {
    const first = await fetch(base, { headers: { accept: 'text/html' } });
    expect(first.headers.get('etag')).toBeNull();
    // The weak ETag Express computes for the page before the nonce goes in (what a cache would hold).
    const page = '<!doctype html><script>start()</script>';
    const etag = `W/"${Buffer.byteLength(page).toString(16)}-${createHash('sha1').update(page).digest('base64').slice(0, 27)}"`;
    // node:http, not fetch: fetch adds cache-control: no-cache to conditional requests, so never gets a 304.
    const again = await conditionalGet(base, etag, 'text/html');
    expect(again.status).toBe(200);
    expect(again.body).toMatch(/<script nonce="[^"]+">start\(\)<\/script>/);
    const api = await fetch(`${base}/api/items`);
    expect(
      (await conditionalGet(`${base}/api/items`, api.headers.get('etag') ?? '', 'application/json')).status,
    ).toBe(304);
  });

  it('keeps JSON responses untouched', async () => {
    const response = await fetch(`${base}/api/items`);
    expect(await response.json()).toEqual([{ id: 1 }]);
  });
});
