import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isAllowed, isAllowedByAll } from './match.ts';
import { parsePolicy, parsePolicyHeader } from './parse.ts';

const page = 'https://shop.example.com/cart';
const allowed = (policy: string, directive: string, resource: Parameters<typeof isAllowed>[2]) =>
  isAllowed(parsePolicy(policy).policy, directive, resource, page);
const sha256 = (text: string) => createHash('sha256').update(text).digest('base64');

describe('isAllowed for URLs', () => {
  it('applies fallback before matching', () => {
    const policy = "default-src 'self'; script-src 'self' https://js.stripe.com; img-src 'self' data:";
    expect(allowed(policy, 'script-src-elem', 'https://js.stripe.com/v3/')).toBe(true);
    expect(allowed(policy, 'connect-src', 'https://api.stripe.com/v1/tokens')).toBe(false);
    expect(allowed(policy, 'img-src', 'data:image/gif;base64,R0lGODlhAQABAAAAACw=')).toBe(true);
    expect(allowed(policy, 'frame-ancestors', 'https://evil.example.org/')).toBe(true);
  });

  it("blocks everything under 'none'", () => {
    expect(
      allowed("default-src 'self'; object-src 'none'", 'object-src', 'https://shop.example.com/a.swf'),
    ).toBe(false);
  });

  it("ignores host and scheme sources and 'self' for scripts under 'strict-dynamic'", () => {
    const policy = "script-src 'nonce-r4nd0mR4nd0m' 'strict-dynamic' https: 'self'";
    expect(allowed(policy, 'script-src-elem', 'https://shop.example.com/app.js')).toBe(false);
    expect(allowed(policy, 'script-src-elem', { kind: 'nonce', value: 'r4nd0mR4nd0m' })).toBe(true);
  });

  it('keeps host sources for non-script directives of a strict-dynamic policy', () => {
    const policy = "default-src 'self' 'strict-dynamic' 'nonce-r4nd0mR4nd0m'";
    expect(allowed(policy, 'img-src', 'https://shop.example.com/logo.png')).toBe(true);
  });

  it('rejects text that is not a URL', () => {
    expect(allowed('img-src *', 'img-src', 'not a url')).toBe(false);
  });
});

describe('isAllowed for inline code', () => {
  it("allows inline scripts with 'unsafe-inline' alone", () => {
    expect(allowed("script-src 'self' 'unsafe-inline'", 'script-src-elem', { kind: 'inline' })).toBe(true);
    expect(allowed("script-src 'self' 'unsafe-inline'", 'script-src-attr', { kind: 'inline' })).toBe(true);
    expect(allowed("script-src 'self'", 'script-src-elem', { kind: 'inline' })).toBe(false);
  });

  it("ignores 'unsafe-inline' once a nonce or hash is present", () => {
    const nonced = "script-src 'unsafe-inline' 'nonce-r4nd0mR4nd0m'";
    expect(allowed(nonced, 'script-src-elem', { kind: 'inline', sample: 'console.log(1)' })).toBe(false);
    expect(allowed(nonced, 'script-src-elem', { kind: 'nonce', value: 'r4nd0mR4nd0m' })).toBe(true);
    expect(allowed(nonced, 'script-src-elem', { kind: 'nonce', value: 'wrongNonce99' })).toBe(false);
    expect(
      allowed(`script-src 'unsafe-inline' 'sha256-${sha256('x')}'`, 'script-src-attr', { kind: 'inline' }),
    ).toBe(false);
  });

  it("ignores 'unsafe-inline' for scripts under 'strict-dynamic' but not for styles", () => {
    expect(
      allowed("script-src 'unsafe-inline' 'strict-dynamic'", 'script-src-elem', { kind: 'inline' }),
    ).toBe(false);
    expect(allowed("style-src 'unsafe-inline' 'strict-dynamic'", 'style-src-elem', { kind: 'inline' })).toBe(
      true,
    );
  });

  it('allows an inline element whose content hash is listed, in any of the three algorithms', () => {
    const code = 'window.dataLayer = window.dataLayer || [];';
    const sha384 = createHash('sha384').update(code).digest('base64');
    expect(
      allowed(`script-src 'sha256-${sha256(code)}'`, 'script-src-elem', { kind: 'inline', content: code }),
    ).toBe(true);
    expect(
      allowed(`script-src 'sha384-${sha384}'`, 'script-src-elem', { kind: 'inline', content: code }),
    ).toBe(true);
    expect(
      allowed(`script-src 'sha256-${sha256(code)}'`, 'script-src-elem', {
        kind: 'inline',
        content: `${code} `,
      }),
    ).toBe(false);
    expect(
      allowed(`style-src 'sha256-${sha256('body{color:#333}')}'`, 'style-src-elem', {
        kind: 'hash',
        algorithm: 'sha256',
        value: sha256('body{color:#333}'),
      }),
    ).toBe(true);
  });

  it("applies hashes to event handlers only with 'unsafe-hashes'", () => {
    const handler = 'doSomething()';
    const hash = { kind: 'hash', algorithm: 'sha256', value: sha256(handler) } as const;
    expect(allowed(`script-src 'sha256-${sha256(handler)}'`, 'script-src-attr', hash)).toBe(false);
    expect(allowed(`script-src 'unsafe-hashes' 'sha256-${sha256(handler)}'`, 'script-src-attr', hash)).toBe(
      true,
    );
  });

  it('never lets a nonce allow an attribute', () => {
    expect(
      allowed("script-src 'nonce-r4nd0mR4nd0m'", 'script-src-attr', { kind: 'nonce', value: 'r4nd0mR4nd0m' }),
    ).toBe(false);
  });

  it('accepts base64url spellings of a listed hash', () => {
    const digest = sha256('a?>');
    const url = digest.replace(/\+/g, '-').replace(/\//g, '_');
    expect(
      allowed(`script-src 'sha256-${url}'`, 'script-src-elem', {
        kind: 'hash',
        algorithm: 'sha256',
        value: digest,
      }),
    ).toBe(true);
  });
});

describe('isAllowed for eval', () => {
  it("allows eval only with 'unsafe-eval', WebAssembly also with 'wasm-unsafe-eval'", () => {
    expect(allowed("script-src 'self' 'unsafe-eval'", 'script-src', { kind: 'eval' })).toBe(true);
    expect(allowed("default-src 'self'", 'script-src', { kind: 'eval' })).toBe(false);
    expect(allowed("script-src 'wasm-unsafe-eval'", 'script-src', { kind: 'eval' })).toBe(false);
    expect(allowed("script-src 'wasm-unsafe-eval'", 'script-src', { kind: 'wasm-eval' })).toBe(true);
    expect(allowed("img-src 'self'", 'script-src', { kind: 'eval' })).toBe(true);
  });
});

describe('isAllowedByAll', () => {
  it('requires every policy of a header to allow the resource', () => {
    const { policies } = parsePolicyHeader("img-src *, img-src 'self'");
    expect(isAllowedByAll(policies, 'img-src', 'https://other.example.org/a.png', page)).toBe(false);
    expect(isAllowedByAll(policies, 'img-src', 'https://shop.example.com/a.png', page)).toBe(true);
  });
});

describe('isAllowed against blob: and data: URLs', () => {
  it("blocks blob: under default-src 'self', as browsers do, and allows it with the scheme source", () => {
    for (const url of ['blob:https://shop.example.com/5b2e7c1a-1f1e-4b7e-9d7a-2a0c5b0e8f11', 'blob:']) {
      expect(allowed("default-src 'self'", 'worker-src', url)).toBe(false);
      expect(allowed("default-src 'self'", 'img-src', url)).toBe(false);
      expect(allowed("default-src 'self' blob:", 'worker-src', url)).toBe(true);
    }
    expect(allowed("img-src 'self'", 'img-src', 'data:image/png;base64,iVBORw0KGgo=')).toBe(false);
  });
});

describe('directive names that are also Object.prototype properties', () => {
  it('treats constructor and __proto__ as unknown directives instead of crashing', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(allowed("default-src 'self'", name, 'https://evil.example/x.js')).toBe(true);
      expect(allowed(`${name} 'none'; default-src 'self'`, 'img-src', 'https://evil.example/x.png')).toBe(
        false,
      );
    }
  });
});
