import { once } from 'node:events';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { hashSource } from '../hash/digest.ts';
import { cspNode } from './node.ts';
import type { CspOptions } from './options.ts';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function serve(
  options: CspOptions,
  handler: (req: IncomingMessage, res: ServerResponse, nonce: string) => void,
): Promise<string> {
  const csp = cspNode(options);
  const server = createServer((req, res) => handler(req, res, csp(req, res).nonce));
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const STRICT =
  "script-src 'nonce-{nonce}' 'strict-dynamic'; style-src 'self' 'nonce-{nonce}'; object-src 'none'; base-uri 'none'";

describe('cspNode', () => {
  it('sends a fresh 128-bit nonce in the header of every response and hands it to the handler', async () => {
    const seen: string[] = [];
    const base = await serve({ policy: STRICT }, (_req, res, nonce) => {
      seen.push(nonce);
      res.end('ok');
    });
    const first = await fetch(base);
    const second = await fetch(base);
    expect(seen).toHaveLength(2);
    expect(seen[0]).not.toBe(seen[1]);
    for (const nonce of seen) expect(Buffer.from(nonce, 'base64')).toHaveLength(16);
    expect(first.headers.get('content-security-policy')).toBe(STRICT.replaceAll('{nonce}', seen[0]!));
    expect(second.headers.get('content-security-policy')).toContain(`'nonce-${seen[1]}'`);
  });

  it('inserts the nonce into streamed HTML and fixes the length of HTML sent in one piece', async () => {
    const base = await serve({ policy: STRICT, autoNonce: true }, (req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.setHeader('etag', '"v1"');
      if (req.url === '/stream') {
        res.write('<html><head><sty');
        res.write('le>h1{color:red}</style><scr');
        res.end('ipt>start()</script></head></html>');
        return;
      }
      const body = '<script>start()</script>';
      res.setHeader('content-length', Buffer.byteLength(body));
      res.end(body);
    });
    const streamed = await fetch(`${base}/stream`);
    const nonce = /'nonce-([^']+)'/.exec(streamed.headers.get('content-security-policy') ?? '')?.[1];
    expect(await streamed.text()).toBe(
      `<html><head><style nonce="${nonce}">h1{color:red}</style><script nonce="${nonce}">start()</script></head></html>`,
    );
    const whole = await fetch(base);
    const body = await whole.text();
    expect(Number(whole.headers.get('content-length'))).toBe(Buffer.byteLength(body));
    expect(body).toMatch(/^<script nonce="[A-Za-z0-9+/]{22}==">start\(\)<\/script>$/);
    expect(whole.headers.get('etag')).toBeNull();
  });

  it('leaves other responses byte for byte as they were', async () => {
    const json = JSON.stringify({ html: '<script>x()</script>' });
    const base = await serve({ policy: STRICT, autoNonce: true }, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
      res.end(json);
    });
    const response = await fetch(base);
    expect(await response.text()).toBe(json);
    expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength(json)));
  });

  it('hashes the inline blocks of a small page at run time', async () => {
    const base = await serve(
      { policy: "default-src 'self'; script-src 'self'", runtimeHashes: true },
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<style>p{margin:0}</style><script>boot()</script>');
      },
    );
    const response = await fetch(base);
    expect(response.headers.get('content-security-policy')).toBe(
      `default-src 'self'; script-src 'self' ${hashSource('boot()')}; style-src 'self' ${hashSource('p{margin:0}')}`,
    );
  });

  it('applies route overrides and appends chosen by the handler, and refuses changes after the headers left', async () => {
    const csp = cspNode({
      policy: "default-src 'self'; frame-ancestors 'none'",
      reportOnly: "default-src 'self'; script-src 'self'",
      overrides: { embed: { frameAncestors: 'https://partner.example.com' } },
      appends: { maps: { imgSrc: 'https://maps.gstatic.com' } },
      routes: [{ path: '/embed', override: 'embed' }],
    });
    const errors: string[] = [];
    const server = createServer((req, res) => {
      const controls = csp(req, res);
      if (req.url === '/map') controls.append('maps');
      res.end('ok');
      try {
        controls.append('maps');
      } catch (error) {
        errors.push((error as Error).message);
      }
    });
    servers.push(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const embed = await fetch(`${base}/embed/widget?id=3`);
    expect(embed.headers.get('content-security-policy')).toBe(
      "default-src 'self'; frame-ancestors https://partner.example.com",
    );
    // Overrides apply to the report-only policy too: the route needs the same exception in the next policy.
    expect(embed.headers.get('content-security-policy-report-only')).toBe(
      "default-src 'self'; script-src 'self'; frame-ancestors https://partner.example.com",
    );
    const map = await fetch(`${base}/map`);
    expect(map.headers.get('content-security-policy')).toBe(
      "default-src 'self'; frame-ancestors 'none'; img-src 'self' https://maps.gstatic.com",
    );
    const plain = await fetch(`${base}/embedded`);
    expect(plain.headers.get('content-security-policy')).toBe("default-src 'self'; frame-ancestors 'none'");
    expect(errors[0]).toMatch(/after the response headers were sent/);
  });
});
