import { describe, expect, it } from 'vitest';
import { gradeHeaders } from './grade.ts';

const STRICT_CSP =
  "script-src 'nonce-r4nd0mR4nd0m' 'strict-dynamic'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
const FULL = {
  'Content-Security-Policy': STRICT_CSP,
  'Strict-Transport-Security': 'max-age=63072000; includeSubDomains; preload',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};
const https = { url: 'https://shop.example.com/' };

function statusOf(result: ReturnType<typeof gradeHeaders>, header: string) {
  return result.checks.find((c) => c.header === header)?.status;
}

describe('gradeHeaders', () => {
  it('gives A+ to an https page with every header done well', () => {
    const result = gradeHeaders(FULL, https);
    expect(result.grade).toBe('A+');
    expect(result.score).toBe(100);
    expect(statusOf(result, 'X-Frame-Options / frame-ancestors')).toBe('good');
  });

  it('gives F to a page without security headers, and says what each missing one is for', () => {
    const result = gradeHeaders({ 'content-type': 'text/html' }, https);
    expect(result.grade).toBe('F');
    expect(result.score).toBe(0);
    expect(result.checks.find((c) => c.header === 'X-Content-Type-Options')?.reason).toMatch(/sniff/);
  });

  it('loses A+ but keeps A when only Permissions-Policy is missing', () => {
    const { 'Permissions-Policy': _omitted, ...rest } = FULL;
    const result = gradeHeaders(rest, https);
    expect(result.grade).toBe('A');
    expect(result.score).toBe(90);
  });

  it("marks an enforced CSP with 'unsafe-inline' as a warning and lists the evaluator's findings", () => {
    const result = gradeHeaders(
      { ...FULL, 'Content-Security-Policy': "default-src 'self'; script-src 'self' 'unsafe-inline'" },
      https,
    );
    const csp = result.checks.find((c) => c.header === 'Content-Security-Policy');
    expect(csp?.status).toBe('warning');
    expect(csp?.reason).toContain('script-unsafe-inline');
    expect(result.findings.map((f) => f.type)).toContain('script-unsafe-inline');
    expect(result.grade).toBe('B');
  });

  it('counts a report-only CSP as no protection, but still evaluates it', () => {
    const { 'Content-Security-Policy': policy, ...rest } = FULL;
    const result = gradeHeaders({ ...rest, 'Content-Security-Policy-Report-Only': policy }, https);
    expect(statusOf(result, 'Content-Security-Policy')).toBe('bad');
    expect(result.findings.some((f) => f.severity === 'high')).toBe(false);
    // Its frame-ancestors does not protect either: report-only never blocks.
    expect(statusOf(result, 'X-Frame-Options / frame-ancestors')).toBe('missing');
    expect(result.grade).toBe('C');
  });

  it('falls back to X-Frame-Options, and calls ALLOW-FROM obsolete', () => {
    const noAncestors = {
      ...FULL,
      'Content-Security-Policy':
        "script-src 'nonce-r4nd0mR4nd0m' 'strict-dynamic'; object-src 'none'; base-uri 'none'",
    };
    expect(
      statusOf(
        gradeHeaders({ ...noAncestors, 'X-Frame-Options': 'SAMEORIGIN' }, https),
        'X-Frame-Options / frame-ancestors',
      ),
    ).toBe('good');
    expect(
      statusOf(
        gradeHeaders({ ...noAncestors, 'X-Frame-Options': 'ALLOW-FROM https://a.example' }, https),
        'X-Frame-Options / frame-ancestors',
      ),
    ).toBe('bad');
  });

  it('judges HSTS age and referrer policies', () => {
    expect(
      statusOf(
        gradeHeaders({ ...FULL, 'Strict-Transport-Security': 'max-age=0' }, https),
        'Strict-Transport-Security',
      ),
    ).toBe('bad');
    expect(
      statusOf(
        gradeHeaders({ ...FULL, 'Strict-Transport-Security': 'max-age=86400' }, https),
        'Strict-Transport-Security',
      ),
    ).toBe('warning');
    expect(
      statusOf(gradeHeaders({ ...FULL, 'Referrer-Policy': 'unsafe-url' }, https), 'Referrer-Policy'),
    ).toBe('bad');
    // The last policy the browser knows wins.
    expect(
      statusOf(
        gradeHeaders({ ...FULL, 'Referrer-Policy': 'no-referrer, unsafe-url' }, https),
        'Referrer-Policy',
      ),
    ).toBe('bad');
    expect(
      statusOf(
        gradeHeaders({ ...FULL, 'Referrer-Policy': 'unsafe-url, strict-origin' }, https),
        'Referrer-Policy',
      ),
    ).toBe('good');
  });

  it('does not grade HSTS over http, and keeps A+ for https', () => {
    const result = gradeHeaders(FULL, { url: 'http://127.0.0.1:8080/' });
    expect(statusOf(result, 'Strict-Transport-Security')).toBe('info');
    expect(result.score).toBe(100);
    expect(result.grade).toBe('A');
  });

  it('shows COOP, COEP, CORP and software disclosure without grading them', () => {
    const result = gradeHeaders(
      {
        ...FULL,
        'Cross-Origin-Opener-Policy': 'same-origin',
        'X-Powered-By': 'Express',
        Server: 'nginx/1.25.3',
      },
      https,
    );
    expect(result.grade).toBe('A+');
    const info = result.checks.filter((c) => c.status === 'info').map((c) => `${c.header}: ${c.reason}`);
    expect(info).toContain('Cross-Origin-Opener-Policy: same-origin: isolated.');
    expect(info.some((line) => line.startsWith('Server: Reveals'))).toBe(true);
    expect(info.some((line) => line.startsWith('X-Powered-By: Reveals'))).toBe(true);
  });

  it('reads fetch Headers and repeated CSP headers, graded by the strongest policy', () => {
    const headers = new Headers(FULL);
    headers.append('Content-Security-Policy', "img-src 'self'");
    const result = gradeHeaders(headers, https);
    expect(result.checks[0]?.value).toBe(`${STRICT_CSP}, img-src 'self'`);
    expect(result.findings.map((f) => f.type)).toContain('missing-object-src');
    expect(result.grade).toBe('A+');
  });
});
