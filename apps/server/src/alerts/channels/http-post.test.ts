import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPrivateAddress, postJson, RESPONSE_LIMIT_BYTES } from './http-post.ts';

describe('outgoing alert requests', () => {
  let url = '';
  const hits: string[] = [];
  const server = createServer((request, response) => {
    hits.push(request.url ?? '');
    if (request.url === '/redirect') {
      response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
      response.end();
    } else if (request.url === '/huge') {
      response.writeHead(500);
      response.end('x'.repeat(RESPONSE_LIMIT_BYTES * 4));
    } else {
      response.writeHead(503, { 'retry-after': '120' });
      response.end('busy');
    }
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const options = (allowPrivate: boolean) => ({
    allowPrivate,
    signal: AbortSignal.timeout(5_000),
    nowMs: Date.now(),
  });

  it('tells private, loopback and link-local addresses from public ones', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '::1',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '0.0.0.0',
    ])
      expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ['93.184.216.34', '2606:4700::1111', '8.8.8.8'])
      expect(isPrivateAddress(a), a).toBe(false);
  });

  it('refuses loopback addresses, by IP or by a name that resolves to one, before connecting', async () => {
    const before = hits.length;
    expect(await postJson(`${url}/x`, {}, options(false))).toMatchObject({
      outcome: 'permanent',
      error: '127.0.0.1 is a private or loopback address',
    });
    const port = new URL(url).port;
    expect(await postJson(`http://localhost:${port}/x`, {}, options(false))).toMatchObject({
      outcome: 'permanent',
      error: expect.stringMatching(
        /^localhost resolves to (127\.0\.0\.1|::1), a private or loopback address$/,
      ),
    });
    expect(hits.length).toBe(before);
  });

  it('does not follow redirects, retries 5xx after Retry-After, and reads at most 64 KiB of an answer', async () => {
    expect(await postJson(`${url}/redirect`, {}, options(true))).toEqual({
      outcome: 'permanent',
      status: 302,
      error: 'answered 302 (a redirect, not followed): update the URL',
    });
    expect(await postJson(`${url}/busy`, {}, options(true))).toEqual({
      outcome: 'retry',
      status: 503,
      error: 'answered 503: busy',
      retryAfterMs: 120_000,
    });
    const huge = await postJson(`${url}/huge`, {}, options(true));
    expect(huge).toMatchObject({ outcome: 'retry', status: 500 });
    expect(hits.filter((h) => h.includes('169.254'))).toEqual([]);
  });
});
