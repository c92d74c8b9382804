// The noise filter's precision, measured on Chromium 156's captured reports (every one a real violation of
// the captured site) and on a corpus of noise (extensions, injected ads, proxies, impossible reports):
// at least 95% of the noise filtered, no real violation filtered. The figures are printed.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { noiseReason } from './noise.ts';
import { type CspReport, parseReportBody, reportFormatOf } from './report-body.ts';
import { NOISE_CORPUS, REAL_REPORTS } from './testdata/noise-corpus.ts';

const FIXTURES = new URL('../../test/fixtures/real-clients/', import.meta.url);

function chromiumReports(): CspReport[] {
  return ['chromium-156-csp-report-uri', 'chromium-156-reporting-api'].flatMap((name) =>
    readFileSync(new URL(`${name}.jsonl`, FIXTURES), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .flatMap((line) => {
        const request = JSON.parse(line) as { headers: Record<string, string>; body: string };
        const body = Buffer.from(request.body, 'base64');
        const format = reportFormatOf(request.headers['content-type']);
        return parseReportBody(body, format, request.headers['user-agent'] ?? null).violations;
      }),
  );
}

const asReport = (fields: Record<string, string>): CspReport => {
  const parsed = parseReportBody(Buffer.from(JSON.stringify({ 'csp-report': fields })), 'report-uri', null);
  return parsed.violations[0]!;
};

describe('the CSP noise filter', () => {
  it('filters at least 95% of the noise corpus and none of the real violations, and says why', () => {
    const real = [...chromiumReports(), ...REAL_REPORTS.map(asReport)];
    expect(real.length).toBeGreaterThan(20);
    const realFiltered = real.filter((r) => noiseReason(r) !== null);
    const noise = NOISE_CORPUS.map(({ reason, report }) => ({
      expected: reason,
      got: noiseReason(asReport(report)),
    }));
    const caught = noise.filter((n) => n.got !== null);
    const precision = caught.length / noise.length;
    console.log(
      `CSP noise filter: ${caught.length}/${noise.length} noisy reports filtered (${(precision * 100).toFixed(1)}%), ` +
        `${realFiltered.length}/${real.length} real violations filtered (Chromium 156 captures and hand-written real reports)`,
    );
    expect(realFiltered.map((r) => `${r.effectiveDirective} ${r.blockedUrl} → ${noiseReason(r)}`)).toEqual(
      [],
    );
    expect(precision).toBeGreaterThanOrEqual(0.95);
    // Each one for the reason it is noise, so the counts the builder shows mean what they say.
    expect(noise.filter((n) => n.got !== n.expected)).toEqual([]);
  });

  it('keeps a report whose quoted policy cannot be parsed or replayed rather than guessing', () => {
    const report = asReport({
      'document-uri': 'https://shop.example/',
      'effective-directive': 'script-src-elem',
      'blocked-uri': 'https://cdn.example/a.js',
      'original-policy': 'constructor x; __proto__ y; script-src https://cdn.example',
    });
    expect(() => noiseReason(report)).not.toThrow();
  });
});
