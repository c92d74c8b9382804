import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluatePolicy } from './evaluate.ts';
import type { Finding } from './finding.ts';

const types = (findings: Finding[]) => findings.map((f) => f.type);
const find = (findings: Finding[], type: string) => findings.filter((f) => f.type === type);

describe('evaluatePolicy', () => {
  it('finds nothing above info in a strict, backward-compatible policy with working reporting', () => {
    const findings = evaluatePolicy(
      "script-src 'nonce-R4nd0mN0nc3V4lu3F0rT3st' 'strict-dynamic' https: 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; require-trusted-types-for 'script'; report-uri https://vigie.example.com/csp; report-to csp",
      { reportingEndpoints: 'csp="https://vigie.example.com/api/2/security/"' },
    );
    expect(findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(types(findings)).toEqual(['ignored-source', 'ignored-source', 'report-uri-ignored']);
  });

  it('reports the classic legacy policy problems with directive, value and a fix', () => {
    const findings = evaluatePolicy(
      "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval' https://www.googletagmanager.com https://cdn.jsdelivr.net; style-src 'self' 'unsafe-inline'",
    );
    expect(find(findings, 'script-unsafe-inline')[0]).toMatchObject({
      severity: 'high',
      directive: 'script-src',
      value: "'unsafe-inline'",
    });
    expect(find(findings, 'script-unsafe-eval')[0]?.severity).toBe('medium');
    const bypasses = find(findings, 'script-allowlist-bypass').map((f) => f.value);
    expect(bypasses).toEqual(['https://www.googletagmanager.com', 'https://cdn.jsdelivr.net']);
    expect(find(findings, 'style-unsafe-inline')).toHaveLength(1);
    expect(find(findings, 'missing-frame-ancestors')).toHaveLength(1);
    for (const f of findings) expect(f.description.length).toBeGreaterThan(30);
  });

  it("counts Google Tag Manager's JSONP-like endpoint as a bypass only when 'unsafe-eval' is present", () => {
    const without = evaluatePolicy("script-src 'self' https://www.googletagmanager.com; object-src 'none'");
    expect(find(without, 'script-allowlist-unverified').map((f) => f.value)).toEqual([
      'https://www.googletagmanager.com',
    ]);
  });

  it('narrows a gadget host by path: /recaptcha/ on www.google.com is not the JSONP endpoint', () => {
    const narrowed = evaluatePolicy("script-src https://www.google.com/recaptcha/; object-src 'none'");
    expect(find(narrowed, 'script-allowlist-bypass')).toEqual([]);
    const whole = evaluatePolicy("script-src https://www.google.com; object-src 'none'");
    expect(find(whole, 'script-allowlist-bypass')[0]?.description).toContain('JSONP');
  });

  it('treats wildcards over shared hosting as a bypass, but not a site-specific subdomain', () => {
    const findings = evaluatePolicy(
      "script-src https://*.cloudfront.net https://d1a2b3c4d5e6f7.cloudfront.net; object-src 'none'",
    );
    expect(find(findings, 'script-allowlist-bypass').map((f) => f.value)).toEqual([
      'https://*.cloudfront.net',
    ]);
  });

  it('flags broad sources and missing directives', () => {
    const findings = evaluatePolicy('script-src https: data: *; base-uri *');
    expect(types(findings)).toEqual(
      expect.arrayContaining(['unsafe-scheme-source', 'wildcard-source', 'missing-object-src']),
    );
    expect(find(findings, 'wildcard-source').map((f) => f.directive)).toEqual(['script-src', 'base-uri']);
    expect(types(evaluatePolicy("img-src 'self'"))).toContain('missing-script-src');
    expect(types(evaluatePolicy("script-src 'nonce-R4nd0mN0nc3V4lu3F0rT3st'"))).toContain('missing-base-uri');
  });

  it('checks nonces for length and alphabet, catching unrendered templates', () => {
    const findings = evaluatePolicy(
      "script-src 'nonce-abc' 'nonce-{{csp_nonce}}' 'nonce-2726c7f26c'; object-src 'none'; base-uri 'none'",
    );
    expect(find(findings, 'nonce-too-short').map((f) => f.value)).toEqual(["'nonce-abc'"]);
    expect(find(findings, 'nonce-charset').map((f) => f.value)).toEqual(["'nonce-{{csp_nonce}}'"]);
    expect(find(findings, 'nonce-low-entropy').map((f) => f.value)).toContain("'nonce-2726c7f26c'");
  });

  it('flags plain http, IP, localhost sources and deprecated directives', () => {
    const findings = evaluatePolicy(
      "default-src 'self'; connect-src 'self' http://localhost:3000 10.0.4.17:8443; img-src http://img.example.net; block-all-mixed-content; report-uri http://csp.example.com/r",
    );
    expect(types(findings)).toEqual(
      expect.arrayContaining([
        'localhost-source',
        'ip-source',
        'insecure-http-source',
        'insecure-report-uri',
        'deprecated-directive',
      ]),
    );
  });

  it('turns parse problems into syntax findings', () => {
    const findings = evaluatePolicy(
      "default-src 'self'; script-src self; scirpt-src 'self'; script-src 'none'",
    );
    expect(findings.filter((f) => f.severity === 'syntax').map((f) => [f.type, f.directive])).toEqual([
      ['unquoted-keyword', 'script-src'],
      ['unknown-directive', 'scirpt-src'],
      ['duplicate-directive', 'script-src'],
    ]);
  });

  it('gives strict-CSP advice on allowlists and missing fallbacks', () => {
    expect(types(evaluatePolicy("script-src 'self' https://js.stripe.com; object-src 'none'"))).toContain(
      'no-strict-dynamic',
    );
    expect(types(evaluatePolicy("script-src 'strict-dynamic'; object-src 'none'"))).toContain(
      'strict-dynamic-without-nonce',
    );
    const strict = types(
      evaluatePolicy(
        "script-src 'nonce-R4nd0mN0nc3V4lu3F0rT3st' 'strict-dynamic'; object-src 'none'; base-uri 'none'",
      ),
    );
    expect(strict).toEqual(
      expect.arrayContaining(['missing-unsafe-inline-fallback', 'missing-allowlist-fallback']),
    );
  });

  describe('reporting', () => {
    const policy = "default-src 'self'; report-uri https://vigie.example.com/csp; report-to csp";

    it('warns that a report-to group missing from Reporting-Endpoints loses every report', () => {
      const findings = evaluatePolicy(policy, {
        reportingEndpoints: 'default="https://vigie.example.com/r"',
      });
      expect(find(findings, 'report-to-endpoint-missing')[0]).toMatchObject({
        severity: 'medium',
        value: 'csp',
      });
    });

    it('warns that Chromium drops reports to a non-HTTPS endpoint', () => {
      const findings = evaluatePolicy(policy, { reportingEndpoints: 'csp="http://vigie.example.com/r"' });
      expect(types(findings)).toContain('insecure-report-endpoint');
    });

    it('trusts a relative endpoint, which browsers resolve against the (https) page', () => {
      for (const url of ['/api/3/csp-report', '//reports.example.com/csp', 'csp-report']) {
        const findings = evaluatePolicy(policy, { reportingEndpoints: `csp="${url}"` });
        expect(types(findings)).not.toContain('insecure-report-endpoint');
      }
    });

    it('asks to check the header when none is given, and notes Chromium ignores report-uri', () => {
      expect(types(evaluatePolicy(policy))).toEqual(
        expect.arrayContaining(['report-to-unverified', 'report-uri-ignored']),
      );
    });

    it('flags a policy that reports nowhere, or only through report-to', () => {
      expect(types(evaluatePolicy("default-src 'self'"))).toContain('no-reporting');
      expect(types(evaluatePolicy("default-src 'self'; report-to csp"))).toContain('report-to-only');
    });
  });

  it('evaluates a policy model the same as its text', () => {
    const model = { directives: [{ name: 'script-src', values: ["'self'", "'unsafe-inline'"] }] };
    expect(evaluatePolicy(model)).toEqual(evaluatePolicy("script-src 'self' 'unsafe-inline'"));
  });

  it('documents every finding type it can emit in FINDINGS.md', () => {
    const documented = readFileSync(new URL('./FINDINGS.md', import.meta.url), 'utf8');
    const corpus: { policy: string }[] = JSON.parse(
      readFileSync(new URL('../../test/differential/corpus/policies.json', import.meta.url), 'utf8'),
    );
    const emitted = new Set(
      corpus.flatMap((p) =>
        evaluatePolicy(p.policy, { reportingEndpoints: 'x="http://a.example/"' }).map((f) => f.type),
      ),
    );
    expect(emitted.size).toBeGreaterThan(30);
    for (const type of emitted) expect(documented, type).toMatch(new RegExp(`\\|\\s*\`${type}\`\\s*\\|`));
  });
});
