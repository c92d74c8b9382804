// @vigie/csp's livePolicy option against Vigie's own GET /api/v1/projects/{id}/csp/policy, over real HTTP
// with a read-only token: the middleware sends its fallback until a version is published, then each version
// published in Vigie without a redeploy (nonces filled per response), and keeps the last one when Vigie is
// gone. SQLite and PostgreSQL.

import { once } from 'node:events';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cspNode } from '@vigie/csp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';

const FALLBACK = "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic'; object-src 'none'";

describe.each(testDialects)('the livePolicy middleware option against Vigie on %s', (dialect) => {
  let vigie: RunningVigie;
  let site: Server;
  let siteUrl: string;
  let middleware: ReturnType<typeof cspNode>;
  let stopped = false;
  const errors: string[] = [];

  async function publish(body: { enforce: string | null; reportOnly: string | null }): Promise<number> {
    const response = await fetch(`${vigie.baseUrl}/api/v1/projects/${vigie.projectId}/csp/versions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${vigie.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { version: number }).version;
  }

  async function page(): Promise<{ csp: string | null; reportOnly: string | null; body: string }> {
    const response = await fetch(siteUrl);
    return {
      csp: response.headers.get('content-security-policy'),
      reportOnly: response.headers.get('content-security-policy-report-only'),
      body: await response.text(),
    };
  }

  beforeAll(async () => {
    vigie = await startVigie(dialect, {}, { listen: true });
    const created = await fetch(`${vigie.baseUrl}/api/v1/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${vigie.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'shop middleware', scopes: ['read'] }),
    });
    const readToken = ((await created.json()) as { token: string }).token;
    middleware = cspNode({
      policy: FALLBACK,
      autoNonce: true,
      livePolicy: {
        url: vigie.baseUrl,
        project: vigie.projectId,
        token: readToken,
        onError: (error) => errors.push(error.message),
      },
    });
    site = createServer((req, res) => {
      middleware(req, res);
      res.setHeader('content-type', 'text/html');
      res.end('<script src="/app.js"></script>');
    });
    site.listen(0, '127.0.0.1');
    await once(site, 'listening');
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    middleware.core.live?.close();
    await new Promise((resolve) => site.close(resolve));
    if (!stopped) await vigie.stop();
  });

  it('sends the fallback, then every version published in Vigie, then keeps the last one when Vigie is gone', async () => {
    const live = middleware.core.live!;
    await live.ready();
    const before = await page();
    const nonce0 = /'nonce-([^']+)'/.exec(before.csp ?? '')?.[1];
    expect(before.csp).toBe(FALLBACK.replace('{nonce}', nonce0 ?? 'missing'));
    expect(live.status()).toMatchObject({ source: 'fallback' });
    expect(errors).toEqual([]);

    const reportOnly = "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic'; report-uri /csp";
    expect(await publish({ enforce: null, reportOnly })).toBe(1);
    await live.refresh();
    const v1 = await page();
    const nonce1 = /'nonce-([^']+)'/.exec(v1.reportOnly ?? '')?.[1] ?? 'missing';
    expect(v1.csp).toBeNull();
    expect(v1.reportOnly).toBe(reportOnly.replace('{nonce}', nonce1));
    expect(v1.body).toBe(`<script nonce="${nonce1}" src="/app.js"></script>`);
    await live.refresh(); // unchanged: a 304
    expect(live.status()).toMatchObject({ source: 'vigie', version: 1 });

    // Rolling forward: enforce the last good policy, report on the candidate.
    const enforce = "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic'; object-src 'none'";
    const candidate = `${enforce}; base-uri 'none'; report-uri /csp`;
    expect(await publish({ enforce, reportOnly: candidate })).toBe(2);
    await live.refresh();
    const v2 = await page();
    const nonce2 = /'nonce-([^']+)'/.exec(v2.csp ?? '')?.[1] ?? 'missing';
    expect(v2.csp).toBe(enforce.replace('{nonce}', nonce2));
    expect(v2.reportOnly).toBe(candidate.replace('{nonce}', nonce2));

    await vigie.stop();
    stopped = true;
    await live.refresh();
    expect((await page()).csp).toMatch(
      /^default-src 'self'; script-src 'nonce-[^']+' 'strict-dynamic'; object-src 'none'$/,
    );
    expect(live.status()).toMatchObject({ source: 'vigie', version: 2 });
    expect(errors.at(-1)).toMatch(/could not refresh the live policy .*; version 2 stays\.$/);
  });
});
