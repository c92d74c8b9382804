import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { observationFromReport, observationsFromReports, parseReportsText } from './observation.ts';

const chromium = readFileSync(new URL('./testdata/chromium-156-reports.jsonl', import.meta.url), 'utf8');

describe('reading violation reports', () => {
  it('reads every report Chromium 156 sent, report-uri bodies and Reporting API batches alike', () => {
    const observations = observationsFromReports(parseReportsText(chromium));
    expect(observations).toHaveLength(13);
    expect(observations.map((o) => o.effectiveDirective)).toContain('script-src-attr');
    expect(observations.at(-1)).toMatchObject({
      effectiveDirective: 'script-src-elem',
      blockedURL: 'inline',
      sample: 'console.log(1)',
      documentURL: 'https://127.0.0.1:9110/',
      sourceFile: 'https://127.0.0.1:9110/',
    });
  });

  it('keeps the file that called eval, so the decision can say where eval happens', () => {
    const observations = observationsFromReports(parseReportsText(chromium));
    const evals = observations.filter((o) => o.blockedURL === 'eval');
    expect(evals.map((o) => o.sourceFile)).toEqual([
      'http://localhost:9107/widget.js',
      'http://127.0.0.1:9107/app.js',
    ]);
  });

  it('skips Reporting API reports of other types', () => {
    const deprecation = {
      type: 'deprecation',
      url: 'https://example.com/',
      body: { id: 'X', message: 'old' },
    };
    expect(observationFromReport(deprecation)).toBeUndefined();
    expect(observationsFromReports([deprecation, 'text', 42])).toEqual([]);
  });

  it('reads a JSON array as well as JSON Lines, and names the line that is not JSON', () => {
    expect(parseReportsText('[{"a":1},{"b":2}]')).toHaveLength(2);
    expect(parseReportsText('{"a":1}\n\n{"b":2}\n')).toHaveLength(2);
    expect(() => parseReportsText('{"a":1}\n{oops\n')).toThrow(/Line 2 is not JSON/);
  });
});
