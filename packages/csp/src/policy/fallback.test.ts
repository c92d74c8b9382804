import { describe, expect, it } from 'vitest';
import { effectiveDirective, fallbackList, fallsBackToDefault } from './fallback.ts';
import { parsePolicy } from './parse.ts';

const governing = (policy: string, name: string) =>
  effectiveDirective(parsePolicy(policy).policy, name)?.name;

describe('CSP3 fallback', () => {
  it('sends script-src-elem and -attr to script-src, then default-src', () => {
    expect(fallbackList('script-src-elem')).toEqual(['script-src-elem', 'script-src', 'default-src']);
    expect(governing("default-src 'self'; script-src 'nonce-abc12345'", 'script-src-elem')).toBe(
      'script-src',
    );
    expect(governing("default-src 'self'; script-src 'nonce-abc12345'", 'script-src-attr')).toBe(
      'script-src',
    );
    expect(governing("default-src 'self'", 'script-src-attr')).toBe('default-src');
    expect(governing("script-src 'self'; script-src-attr 'none'", 'script-src-attr')).toBe('script-src-attr');
  });

  it('sends style-src-elem and -attr to style-src, then default-src', () => {
    expect(governing("default-src 'none'; style-src 'self'", 'style-src-attr')).toBe('style-src');
    expect(governing("default-src 'none'", 'style-src-elem')).toBe('default-src');
  });

  it('sends worker-src through child-src and script-src before default-src', () => {
    expect(fallbackList('worker-src')).toEqual(['worker-src', 'child-src', 'script-src', 'default-src']);
    expect(governing("default-src 'self'; script-src 'self' blob:", 'worker-src')).toBe('script-src');
    expect(governing("default-src 'self'; script-src 'self'; child-src blob:", 'worker-src')).toBe(
      'child-src',
    );
  });

  it('sends frame-src to child-src, and fenced-frame-src to frame-src first', () => {
    expect(governing("default-src 'self'; child-src https://www.youtube.com", 'frame-src')).toBe('child-src');
    expect(governing("default-src 'self'; frame-src https://ads.example.net", 'fenced-frame-src')).toBe(
      'frame-src',
    );
  });

  it('sends the other fetch directives straight to default-src', () => {
    for (const name of ['img-src', 'font-src', 'connect-src', 'media-src', 'object-src', 'manifest-src']) {
      expect(governing("default-src 'self'", name)).toBe('default-src');
      expect(fallsBackToDefault(name)).toBe(true);
    }
  });

  it('never falls back for document and navigation directives', () => {
    for (const name of ['base-uri', 'form-action', 'frame-ancestors', 'sandbox']) {
      expect(governing("default-src 'none'", name)).toBeUndefined();
      expect(fallsBackToDefault(name)).toBe(false);
    }
  });

  it('leaves a request unrestricted when nothing in its chain is declared', () => {
    expect(governing("img-src 'self'", 'script-src-elem')).toBeUndefined();
  });
});
