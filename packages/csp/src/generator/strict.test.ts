import { describe, expect, it } from 'vitest';
import { hashSource } from '../hash/digest.ts';
import { serializePolicy } from '../policy/serialize.ts';
import type { Observation } from './observation.ts';
import { generateStrictPolicy } from './strict.ts';

const page = 'https://shop.example.com/';
const observations: Observation[] = [
  {
    effectiveDirective: 'script-src-elem',
    blockedURL: 'inline',
    documentURL: page,
    sample: 'window.dataLayer = [];',
  },
  {
    effectiveDirective: 'script-src-elem',
    blockedURL: 'inline',
    documentURL: page,
    sample: 'window.analytics = { page: function(){} ',
  },
  { effectiveDirective: 'script-src-elem', blockedURL: 'https://cdn.example.net/lib.js', documentURL: page },
  { effectiveDirective: 'img-src', blockedURL: 'https://images.example.com/a.png', documentURL: page },
  {
    effectiveDirective: 'script-src',
    blockedURL: 'eval',
    documentURL: page,
    sourceFile: 'https://cdn.example.net/lib.js',
    originalPolicy: "default-src 'self'; report-uri https://vigie.example.com/csp; report-to vigie",
  },
];

describe('generateStrictPolicy', () => {
  const result = generateStrictPolicy(observations);

  it('builds a nonce and strict-dynamic policy with hashes of complete inline samples and the reporting kept', () => {
    expect(serializePolicy(result.policy)).toBe(
      `script-src 'nonce-{nonce}' 'strict-dynamic' ${hashSource('window.dataLayer = [];')} 'unsafe-inline' https:; ` +
        "object-src 'none'; base-uri 'none'; report-uri https://vigie.example.com/csp; report-to vigie",
    );
  });

  it("leaves eval and cut-off inline blocks as decisions, without 'unsafe-inline' as a way out", () => {
    const inline = result.decisions.find((d) => d.kind === 'inline');
    expect(inline?.options).toEqual(['nonce', 'hash']);
    expect(inline?.truncatedSamples).toBe(1);
    expect(result.decisions.find((d) => d.kind === 'eval')?.locations).toEqual([
      'https://cdn.example.net/lib.js',
    ]);
  });

  it('tells which script hosts need the nonce on their tags', () => {
    expect(result.notes).toEqual([
      "Scripts came from https://cdn.example.net: give their <script src> tags the nonce; scripts they load are trusted through 'strict-dynamic'.",
    ]);
  });

  it('drops the fallbacks for old browsers on request', () => {
    const modern = generateStrictPolicy(observations, { backwardCompatible: false, base: 'report-uri /r' });
    expect(serializePolicy(modern.policy)).toBe(
      `script-src 'nonce-{nonce}' 'strict-dynamic' ${hashSource('window.dataLayer = [];')}; object-src 'none'; base-uri 'none'; report-uri /r`,
    );
  });
});
