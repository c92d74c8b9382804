import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hashSource } from '../hash/digest.ts';
import { isAllowed } from '../policy/match.ts';
import { serializePolicy } from '../policy/serialize.ts';
import { generatePolicy } from './allowlist.ts';
import type { Observation } from './observation.ts';
import { observationsFromReports, parseReportsText } from './observation.ts';

const chromium = observationsFromReports(
  parseReportsText(readFileSync(new URL('./testdata/chromium-156-reports.jsonl', import.meta.url), 'utf8')),
).filter((o) => o.documentURL === 'http://127.0.0.1:9107/');

function report(
  effectiveDirective: string,
  blockedURL: string,
  extra: Partial<Observation> = {},
): Observation {
  return { effectiveDirective, blockedURL, documentURL: 'https://shop.example.com/checkout', ...extra };
}

describe('generatePolicy from real Chromium reports', () => {
  const result = generatePolicy(chromium);

  it('builds an allowlist that allows every reported URL, under the general directives', () => {
    expect(result.pageOrigin).toBe('http://127.0.0.1:9107');
    expect(serializePolicy(result.policy)).toBe(
      "default-src 'self'; connect-src 'self' http://localhost:9107; img-src 'self' http://localhost:9107; " +
        "script-src 'self' http://localhost:9107; style-src 'self' http://localhost:9107",
    );
    for (const o of chromium.filter((x) => x.blockedURL.startsWith('http'))) {
      expect(isAllowed(result.policy, o.effectiveDirective, o.blockedURL, o.documentURL)).toBe(true);
    }
  });

  it('never adds unsafe-inline or unsafe-eval, and returns them as decisions instead', () => {
    expect(serializePolicy(result.policy)).not.toMatch(/unsafe/);
    const summary = result.decisions.map((d) => `${d.directive} ${d.kind} ${d.options.join('|')}`);
    expect(summary.sort()).toEqual([
      'script-src eval unsafe-eval',
      'script-src inline nonce|hash|unsafe-inline',
      'script-src inline-attribute unsafe-hashes|unsafe-inline',
      'style-src inline nonce|hash|unsafe-inline',
      'style-src inline-attribute unsafe-hashes|unsafe-inline',
    ]);
  });

  it('hashes only samples the browser did not cut off at 40 characters', () => {
    const scripts = result.decisions.find((d) => d.directive === 'script-src' && d.kind === 'inline');
    expect(scripts?.samples).toEqual(['window.analytics = { page: function(){} ']);
    expect(scripts?.hashes).toEqual([]);
    expect(scripts?.truncatedSamples).toBe(1);
    const styles = result.decisions.find((d) => d.directive === 'style-src' && d.kind === 'inline');
    expect(styles?.hashes).toEqual([hashSource('body{color:#333}')]);
  });

  it('says which scripts call eval', () => {
    const evals = result.decisions.find((d) => d.kind === 'eval');
    expect(evals?.count).toBe(2);
    expect(evals?.locations).toEqual(['http://127.0.0.1:9107/app.js', 'http://localhost:9107/widget.js']);
  });
});

describe('generatePolicy', () => {
  it('extends a base policy and skips what it already allows', () => {
    const result = generatePolicy(
      [
        report('img-src', 'https://images.example.com/a.png'),
        report('img-src', 'https://images.example.com/b.png'),
        report('script-src-elem', 'https://cdn.example.net/lib.js'),
        report('font-src', 'https://fonts.gstatic.com/s/inter.woff2'),
      ],
      { base: "default-src 'self'; img-src 'self' https://images.example.com; report-uri /csp" },
    );
    expect(serializePolicy(result.policy)).toBe(
      "default-src 'self'; img-src 'self' https://images.example.com; font-src 'self' https://fonts.gstatic.com; " +
        "script-src 'self' https://cdn.example.net; report-uri /csp",
    );
    expect(result.sources).toEqual([
      { directive: 'font-src', source: 'https://fonts.gstatic.com', count: 1 },
      { directive: 'script-src', source: 'https://cdn.example.net', count: 1 },
    ]);
  });

  it("widens the base's own specific directive rather than creating a general one it would not consult", () => {
    const result = generatePolicy([report('script-src-elem', 'https://cdn.example.net/x.js')], {
      base: "default-src 'self'; script-src-elem 'self'",
    });
    expect(serializePolicy(result.policy)).toBe(
      "default-src 'self'; script-src-elem 'self' https://cdn.example.net",
    );
  });

  it('sets aside browser-extension noise with the reason', () => {
    const result = generatePolicy([report('script-src-elem', 'chrome-extension://abc/inject.js')]);
    expect(serializePolicy(result.policy)).toBe("default-src 'self'");
    expect(result.ignored).toEqual([
      {
        blockedUri: 'chrome-extension://abc/inject.js',
        reason: 'a browser extension injected it; the site does not need it',
        count: 1,
      },
    ]);
  });

  it('adds data: images with the page origin given explicitly', () => {
    const result = generatePolicy([report('img-src', 'data')], { pageOrigin: 'https://shop.example.com' });
    expect(serializePolicy(result.policy)).toBe("default-src 'self'; img-src 'self' data:");
  });
});
