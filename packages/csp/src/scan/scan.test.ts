import { once } from 'node:events';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatScanReport } from './report.ts';
import { scanHeaders } from './scan.ts';

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/old') {
      res.writeHead(301, { location: '/' });
      res.end();
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/html',
      'content-security-policy':
        "default-src 'self'; script-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-powered-by': 'Express',
    });
    res.end('<h1>shop</h1>'.repeat(10_000));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('scanHeaders', () => {
  it('fetches the page after redirects and grades its headers', async () => {
    const result = await scanHeaders(`${base}/old`);
    expect(result.finalUrl).toBe(`${base}/`);
    expect(result.status).toBe(200);
    // 63 of the 80 points available over http (HSTS is not graded there).
    expect(result.grade).toBe('B');
    expect(result.score).toBe(79);
    expect(result.findings.map((f) => f.type)).toContain('script-unsafe-inline');
    const report = formatScanReport(result);
    expect(report).toContain(`Security headers of ${base}/old → ${base}/ (200): grade B, score 79/100`);
    expect(report).toMatch(/✗ Permissions-Policy\s+Missing/);
    expect(report).toMatch(/high\s+script-unsafe-inline \(script-src 'unsafe-inline'\)/);
  });

  it('fails with the cause when nothing listens', async () => {
    await expect(scanHeaders('http://127.0.0.1:9/', { timeoutMs: 2000 })).rejects.toThrow(/fetch failed/);
  });
});
