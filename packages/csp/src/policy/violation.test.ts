import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_POLICY_LENGTH, PolicyTooLargeError } from './parse.ts';
import { readViolation, wouldAllow } from './violation.ts';

const FIXTURES = new URL('../../test/fixtures/real-clients/', import.meta.url);

/** Every report in a captured Chromium request file (report-uri bodies are objects, Reporting API ones arrays). */
function reportsIn(file: string): unknown[] {
  return readFileSync(new URL(file, FIXTURES), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .flatMap((line) => {
      const body = JSON.parse(Buffer.from(JSON.parse(line).body, 'base64').toString('utf8'));
      return Array.isArray(body) ? body : [body];
    });
}

describe('real Chromium 156 reports replayed against their own policy', () => {
  const reportUri = reportsIn('chromium-156-csp-report-uri.jsonl');
  const reportingApi = reportsIn('chromium-156-reporting-api.jsonl');

  it('reads every report-uri (kebab-case) and Reporting API (camelCase) report', () => {
    expect(reportUri).toHaveLength(11);
    expect(reportingApi).toHaveLength(2);
    for (const report of [...reportUri, ...reportingApi]) expect(readViolation(report)).toBeDefined();
  });

  it('finds each reported resource disallowed by the original policy (no report is impossible)', () => {
    for (const report of [...reportUri, ...reportingApi]) {
      const violation = readViolation(report)!;
      expect(violation.originalPolicy).toBeDefined();
      expect(wouldAllow(undefined, violation), JSON.stringify(violation)).toBe(false);
    }
  });

  it('covers elements, attributes, eval, URLs and the -elem/-attr directives Chromium reports', () => {
    const seen = [...reportUri, ...reportingApi].map((r) => {
      const v = readViolation(r)!;
      return `${v.effectiveDirective} ${['inline', 'eval'].includes(v.blockedURL) ? v.blockedURL : 'url'}`;
    });
    expect(new Set(seen)).toEqual(
      new Set([
        'script-src-elem inline',
        'script-src-attr inline',
        'style-src-elem inline',
        'style-src-attr inline',
        'script-src-elem url',
        'style-src-elem url',
        'img-src url',
        'connect-src url',
        'script-src eval',
      ]),
    );
  });

  it('recognises the same reports as impossible once the policy allows them (extension noise)', () => {
    const lenient =
      "default-src 'self' http://localhost:9107 https://localhost:9110; script-src * 'unsafe-inline' 'unsafe-eval'; style-src * 'unsafe-inline'";
    for (const report of [...reportUri, ...reportingApi]) {
      expect(wouldAllow(lenient, readViolation(report)!)).toBe(true);
    }
  });
});

describe('readViolation', () => {
  it('reads the fields of a report-uri body', () => {
    const violation = readViolation({
      'csp-report': {
        'document-uri': 'https://shop.example.com/',
        'violated-directive': 'script-src-elem',
        'effective-directive': 'script-src-elem',
        'original-policy': "script-src 'self'; report-uri /csp",
        'blocked-uri': 'chrome-extension',
        'script-sample': '',
        disposition: 'enforce',
      },
    });
    expect(violation).toEqual({
      effectiveDirective: 'script-src-elem',
      blockedURL: 'chrome-extension',
      documentURL: 'https://shop.example.com/',
      originalPolicy: "script-src 'self'; report-uri /csp",
      disposition: 'enforce',
    });
  });

  it("falls back to an old browser's violated-directive, dropping its values", () => {
    const violation = readViolation({
      'csp-report': {
        'document-uri': 'https://a.example/',
        'violated-directive': "img-src 'self'",
        'blocked-uri': 'data',
      },
    });
    expect(violation?.effectiveDirective).toBe('img-src');
  });

  it('returns undefined for bodies that are not CSP reports', () => {
    expect(readViolation({ type: 'deprecation', body: { id: 'x' } })).toBeUndefined();
    expect(readViolation('csp')).toBeUndefined();
    expect(readViolation(null)).toBeUndefined();
  });
});

describe('wouldAllow', () => {
  const base = { documentURL: 'https://shop.example.com/checkout' };

  it('calls a blocked image that the policy allows impossible', () => {
    const policy = "default-src 'self'; img-src 'self' https://images.example-cdn.com";
    const violation = {
      ...base,
      effectiveDirective: 'img-src',
      blockedURL: 'https://images.example-cdn.com/p/1.jpg',
    };
    expect(wouldAllow(policy, violation)).toBe(true);
  });

  it('treats bare schemes from older browsers as URLs of that scheme', () => {
    expect(
      wouldAllow("img-src 'self' data:", { ...base, effectiveDirective: 'img-src', blockedURL: 'data' }),
    ).toBe(true);
    expect(wouldAllow("img-src 'self'", { ...base, effectiveDirective: 'img-src', blockedURL: 'data' })).toBe(
      false,
    );
  });

  it('never claims to replay Trusted Types or unreadable reports', () => {
    const tt = { ...base, effectiveDirective: 'require-trusted-types-for', blockedURL: 'trusted-types-sink' };
    expect(wouldAllow("require-trusted-types-for 'script'", tt)).toBe(false);
    expect(wouldAllow('img-src *', { ...base, effectiveDirective: 'img-src', blockedURL: '' })).toBe(false);
    expect(
      wouldAllow(undefined, {
        ...base,
        effectiveDirective: 'img-src',
        blockedURL: 'https://a.example/x.png',
      }),
    ).toBe(false);
  });

  it('takes a parsed policy as well as text', () => {
    const policy = { directives: [{ name: 'connect-src', values: ["'self'", 'https://api.example.com'] }] };
    const violation = {
      ...base,
      effectiveDirective: 'connect-src',
      blockedURL: 'https://api.example.com/v2/cart',
    };
    expect(wouldAllow(policy, violation)).toBe(true);
  });
});

describe('wouldAllow on hostile reports', () => {
  it('replays reports naming constructor or __proto__ without crashing', () => {
    // constructor is a well-formed (unknown) directive name that can be violated; __proto__ is not a valid
    // name, so browsers drop that directive and nothing restricts it: the report is impossible.
    for (const [name, allowed] of [
      ['constructor', false],
      ['__proto__', true],
    ] as const) {
      const violation = {
        effectiveDirective: name,
        blockedURL: 'https://evil.example/x.js',
        documentURL: 'https://shop.example.com/',
        originalPolicy: `default-src 'self'; ${name} 'none'`,
      };
      expect(wouldAllow(undefined, violation)).toBe(allowed);
      expect(wouldAllow(undefined, { ...violation, effectiveDirective: 'script-src-elem' })).toBe(false);
    }
  });

  it('refuses an original-policy past the size cap with an error that says so', () => {
    const huge = `default-src 'self'; ${Array.from({ length: 9_000 }, (_, i) => `x-${i} 'self' https://cdn.example.com`).join('; ')}`;
    expect(huge.length).toBeGreaterThan(MAX_POLICY_LENGTH);
    const violation = {
      effectiveDirective: 'img-src',
      blockedURL: 'https://a.example/x.png',
      documentURL: 'https://shop.example.com/',
      originalPolicy: huge,
    };
    expect(() => wouldAllow(undefined, violation)).toThrow(PolicyTooLargeError);
    expect(() => wouldAllow(undefined, violation)).toThrow(/reads policies up to 65,536 characters/);
  });
});
