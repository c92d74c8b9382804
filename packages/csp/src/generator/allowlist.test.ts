import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hashSource } from '../hash/digest.ts';
import { isAllowed } from '../policy/match.ts';
import { serializePolicy } from '../policy/serialize.ts';
import { generatePolicy } from './allowlist.ts';
import type { Observation } from './observation.ts';
import { observationsFromReports, parseReportsText } from './observation.ts';
import { generateStrictPolicy } from './strict.ts';

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

// The captures come from one page, one report per resource: accept single sightings for them.
const ANY_EVIDENCE = { minReports: 1, minPages: 1 } as const;

describe('generatePolicy from real Chromium reports', () => {
  const result = generatePolicy(chromium, ANY_EVIDENCE);

  it('builds an allowlist that allows every reported URL, under the general directives', () => {
    expect(result.pageOrigin).toBe('http://127.0.0.1:9107');
    expect(serializePolicy(result.policy)).toBe(
      "default-src 'self'; connect-src 'self' http://localhost:9107; img-src 'self' http://localhost:9107; " +
        "script-src 'self' http://localhost:9107; style-src 'self' http://localhost:9107; " +
        'report-uri http://127.0.0.1:9104/csp',
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
      {
        base: "default-src 'self'; img-src 'self' https://images.example.com; report-uri /csp",
        ...ANY_EVIDENCE,
      },
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
      ...ANY_EVIDENCE,
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
    const result = generatePolicy(
      [
        report('img-src', 'data'),
        report('img-src', 'data', { documentURL: 'https://shop.example.com/cart' }),
      ],
      {
        pageOrigin: 'https://shop.example.com',
      },
    );
    expect(serializePolicy(result.policy)).toBe("default-src 'self'; img-src 'self' data:");
  });
});

describe('generatePolicy only follows evidence from the site itself', () => {
  const page = (path: string) => `https://shop.example.com${path}`;
  const seen = (directive: string, blocked: string, paths: string[], extra: Partial<Observation> = {}) =>
    paths.map((path) => report(directive, blocked, { documentURL: page(path), ...extra }));

  it('never adds data: to a script directive, even when reported often: it becomes a decision', () => {
    // An extension's content script loading a data: script, reported from every page a visitor opened.
    const reports = seen('script-src-elem', 'data', ['/', '/cart', '/checkout'], {
      sourceFile: 'https://shop.example.com/',
    });
    const result = generatePolicy(reports);
    expect(serializePolicy(result.policy)).toBe("default-src 'self'");
    const decision = result.decisions.find((d) => d.kind === 'scheme');
    expect(decision).toMatchObject({
      directive: 'script-src',
      source: 'data:',
      count: 3,
      options: ['allow-scheme'],
    });
    expect(decision?.advice).toContain('allowInScripts');
    // …while data: images are fine to add from the same evidence.
    expect(serializePolicy(generatePolicy(seen('img-src', 'data', ['/', '/cart'])).policy)).toBe(
      "default-src 'self'; img-src 'self' data:",
    );
  });

  it('adds blob: to worker-src or script-src only when the user decided to', () => {
    const reports = seen('worker-src', 'blob', ['/', '/cart']);
    expect(serializePolicy(generatePolicy(reports).policy)).toBe("default-src 'self'");
    expect(serializePolicy(generatePolicy(reports, { allowInScripts: ['blob:'] }).policy)).toBe(
      "default-src 'self'; worker-src 'self' blob:",
    );
  });

  it('sets aside reports from an extension script, a translation proxy and a page opened from disk', () => {
    const reports = [
      ...seen('script-src-elem', 'https://own-cdn.example.net/app.js', ['/', '/cart']),
      ...seen('img-src', 'https://ads.adware.example/pixel.gif', ['/', '/cart', '/help'], {
        sourceFile: 'chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/content.js',
      }),
      ...['/', '/cart'].map((path) =>
        report('script-src-elem', 'https://translate.googleapis.com/element.js', {
          documentURL: `https://shop-example-com.translate.goog${path}?_x_tr_sl=fr`,
        }),
      ),
      ...['/a', '/b'].map((path) =>
        report('img-src', 'https://cdn.example.org/saved.png', {
          documentURL: `file:///home/me/shop${path}.html`,
        }),
      ),
    ];
    const result = generatePolicy(reports, { pageOrigin: 'https://shop.example.com' });
    expect(serializePolicy(result.policy)).toBe(
      "default-src 'self'; script-src 'self' https://own-cdn.example.net",
    );
    const reasons = result.ignored.map((i) => `${i.blockedUri} ${i.count} ${i.reason}`);
    expect(reasons).toEqual([
      expect.stringMatching(/^https:\/\/ads\.adware\.example\/pixel\.gif 3 a browser extension's own script/),
      expect.stringMatching(/^https:\/\/translate\.googleapis\.com\/element\.js 2 .*translation proxy/),
      expect.stringMatching(/^https:\/\/cdn\.example\.org\/saved\.png 2 the page was opened from a file/),
    ]);
  });

  it('takes the page origin from most reports, so a proxy copy never becomes the site', () => {
    const reports = [
      ...seen('img-src', 'https://images.example.com/a.png', ['/', '/cart', '/help']),
      report('img-src', 'https://evil.example/x.png', {
        documentURL: 'https://shop-example-com.translate.goog/',
      }),
    ];
    expect(generatePolicy(reports).pageOrigin).toBe('https://shop.example.com');
  });

  it("leaves out a host reported once, as an ISP's injected http:// script is, and says why", () => {
    const reports = [
      ...seen('script-src-elem', 'https://cdn.example.net/lib.js', ['/', '/cart']),
      report('script-src-elem', 'http://isp-injector.example.net:8080/inject.js'),
    ];
    const result = generatePolicy(reports);
    expect(serializePolicy(result.policy)).toBe(
      "default-src 'self'; script-src 'self' https://cdn.example.net",
    );
    expect(result.ignored).toEqual([
      {
        blockedUri: 'http://isp-injector.example.net:8080/inject.js',
        reason: expect.stringContaining(
          'only 1 report from 1 page; a source needs 2 reports from 2 pages or on 2 days',
        ),
        count: 1,
      },
    ]);
  });

  it('needs several pages or several days: many reports from one page on one day are not enough', () => {
    const onePage = Array.from({ length: 5 }, () => report('img-src', 'https://tracker.example.org/p.gif'));
    expect(generatePolicy(onePage).sources).toEqual([]);
    const twoDays = onePage.map((o, i) => ({ ...o, receivedAt: `2026-12-0${1 + (i % 2)}T10:00:00Z` }));
    expect(generatePolicy(twoDays).sources).toEqual([
      { directive: 'img-src', source: 'https://tracker.example.org', count: 5 },
    ]);
    expect(generatePolicy(onePage, { minReports: 5, minPages: 1 }).sources).toHaveLength(1);
  });

  it("keeps the report-only policy's reporting directives, so the enforced policy still reports", () => {
    const originalPolicy =
      "default-src 'self'; report-uri https://vigie.example.com/api/3/csp; report-to csp";
    const reports = seen('img-src', 'https://images.example.com/a.png', ['/', '/cart'], { originalPolicy });
    expect(serializePolicy(generatePolicy(reports).policy)).toBe(
      "default-src 'self'; img-src 'self' https://images.example.com; report-uri https://vigie.example.com/api/3/csp; report-to csp",
    );
    // A base that names its own reporting keeps it.
    expect(
      serializePolicy(generatePolicy(reports, { base: "default-src 'self'; report-uri /mine" }).policy),
    ).toBe("default-src 'self'; img-src 'self' https://images.example.com; report-uri /mine");
  });
});

describe('generatePolicy on reports naming Object.prototype properties', () => {
  it('treats constructor and __proto__ as unknown directives instead of crashing', () => {
    const reports = ['constructor', '__proto__', 'toString'].flatMap((name) =>
      ['/', '/cart'].map((path) =>
        report(name, 'https://cdn.example.net/x.js', {
          documentURL: `https://shop.example.com${path}`,
          originalPolicy: `default-src 'self'; ${name} 'none'`,
        }),
      ),
    );
    const result = generatePolicy(reports);
    expect(serializePolicy(result.policy)).toBe("default-src 'self'");
    expect(generateStrictPolicy(reports).policy.directives.map((d) => d.name)).toEqual([
      'script-src',
      'object-src',
      'base-uri',
    ]);
  });
});
