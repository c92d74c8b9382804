import { describe, expect, it } from 'vitest';
import * as csp from './index.ts';

describe('@vigie/csp public entry', () => {
  it('takes a report to an evaluated, emitted strict policy through the package entry alone', () => {
    const observations = csp.observationsFromReports([
      {
        'csp-report': {
          'document-uri': 'https://shop.example.com/',
          'effective-directive': 'script-src-elem',
          'blocked-uri': 'inline',
          'script-sample': 'boot()',
          'original-policy': "default-src 'self'; report-uri /csp",
        },
      },
    ]);
    const { policy } = csp.generateStrictPolicy(observations, { backwardCompatible: false });
    const header = csp.cspHeaders(csp.compileCspOptions({ policy }), { nonce: 'bm9uY2U=', appends: [] });
    const enforced = header['Content-Security-Policy']!;
    expect(enforced).toBe(
      `script-src 'nonce-bm9uY2U=' 'strict-dynamic' ${csp.hashSource('boot()')}; object-src 'none'; base-uri 'none'; report-uri /csp`,
    );
    expect(csp.evaluatePolicy(enforced).filter((f) => f.severity === 'high')).toEqual([]);
    expect(
      csp.isAllowed(
        csp.parsePolicy(enforced).policy,
        'script-src-elem',
        { kind: 'nonce', value: 'bm9uY2U=' },
        null,
      ),
    ).toBe(true);
  });
});
