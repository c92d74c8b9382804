import { describe, expect, it } from 'vitest';
import { hashSource } from '../hash/digest.ts';
import { cspHeaders } from './headers.ts';
import { compileCspOptions } from './options.ts';

describe('cspHeaders', () => {
  const compiled = compileCspOptions({
    policy:
      "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic'; object-src 'none'; base-uri 'none'",
    reportOnly: "default-src 'self'; style-src 'self' 'nonce-{nonce}'",
    reportUri: 'https://vigie.example.com/api/csp',
    reportTo: { group: 'vigie', url: 'https://vigie.example.com/api/reports' },
    hashes: { 'script-src': [hashSource('boot()')], 'style-src': [hashSource('p{margin:0}')] },
    overrides: { embeddable: { frameAncestors: ['https://partner.example.com'], baseUri: false } },
    appends: { maps: { imgSrc: ['https://maps.gstatic.com'], frameSrc: ['https://www.google.com'] } },
  });

  it('sends both policies side by side with the nonce, hashes and both reporting mechanisms', () => {
    expect(cspHeaders(compiled, { nonce: 'TjBuY2U=', appends: [] })).toEqual({
      'Content-Security-Policy':
        `default-src 'self'; script-src 'nonce-TjBuY2U=' 'strict-dynamic' ${hashSource('boot()')}; object-src 'none'; base-uri 'none'; ` +
        `style-src 'self' ${hashSource('p{margin:0}')}; report-uri https://vigie.example.com/api/csp; report-to vigie`,
      'Content-Security-Policy-Report-Only':
        `default-src 'self'; style-src 'self' 'nonce-TjBuY2U=' ${hashSource('p{margin:0}')}; script-src 'self' ${hashSource('boot()')}; ` +
        'report-uri https://vigie.example.com/api/csp; report-to vigie',
      'Reporting-Endpoints': 'vigie="https://vigie.example.com/api/reports"',
    });
  });

  it('applies a named override and named appends, copying the fallback into a new directive', () => {
    const headers = cspHeaders(compiled, { nonce: 'n', override: 'embeddable', appends: ['maps'] });
    const enforced = headers['Content-Security-Policy'];
    expect(enforced).toContain('frame-ancestors https://partner.example.com');
    expect(enforced).not.toContain('base-uri');
    expect(enforced).toContain("img-src 'self' https://maps.gstatic.com");
    expect(enforced).toContain("frame-src 'self' https://www.google.com");
  });
});
