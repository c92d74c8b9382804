import { describe, expect, it } from 'vitest';
import { urlMatchesExpression } from './url-match.ts';

const page = new URL('https://shop.example.com/checkout');
const matches = (url: string, expression: string, origin: URL | null = page) =>
  urlMatchesExpression(new URL(url), expression, origin);

describe('URL matching', () => {
  it('matches scheme sources, letting http: also cover https: and wss:', () => {
    expect(matches('https://cdn.example.net/a.js', 'https:')).toBe(true);
    expect(matches('https://cdn.example.net/a.js', 'http:')).toBe(true);
    expect(matches('http://cdn.example.net/a.js', 'https:')).toBe(false);
    expect(matches('data:image/png;base64,iVBORw0KGgo=', 'data:')).toBe(true);
    expect(matches('blob:https://shop.example.com/1b2c', 'data:')).toBe(false);
  });

  it('upgrades http host sources to https and ws to wss, never the reverse', () => {
    expect(matches('https://img.example.net/a.png', 'http://img.example.net')).toBe(true);
    expect(matches('http://img.example.net/a.png', 'https://img.example.net')).toBe(false);
    expect(matches('wss://live.example.net/socket', 'ws://live.example.net')).toBe(true);
  });

  it("uses the page's scheme for host sources without one", () => {
    expect(matches('https://cdn.example.net/a.js', 'cdn.example.net')).toBe(true);
    expect(matches('http://cdn.example.net/a.js', 'cdn.example.net')).toBe(false);
    expect(
      matches('https://cdn.example.net/a.js', 'cdn.example.net', new URL('http://shop.example.com/')),
    ).toBe(true);
    expect(matches('https://cdn.example.net/a.js', 'cdn.example.net', null)).toBe(false);
  });

  it('matches host wildcards on subdomains only', () => {
    expect(matches('https://eu.cdn.example.net/a.js', '*.example.net')).toBe(true);
    expect(matches('https://example.net/a.js', '*.example.net')).toBe(false);
    expect(matches('https://evilexample.net/a.js', '*.example.net')).toBe(false);
    expect(matches('https://CDN.Example.NET/a.js', 'https://cdn.example.net')).toBe(true);
  });

  it('lets a lone * match any network URL but not data: or blob:', () => {
    expect(matches('https://anything.example.org/x', '*')).toBe(true);
    expect(matches('wss://anything.example.org/x', '*')).toBe(true);
    expect(matches('data:text/javascript,alert(1)', '*')).toBe(false);
  });

  it('matches ports: default when omitted, any with *, 80 upgraded to 443', () => {
    expect(matches('https://api.example.net/v1', 'https://api.example.net')).toBe(true);
    expect(matches('https://api.example.net:8443/v1', 'https://api.example.net')).toBe(false);
    expect(matches('https://api.example.net:8443/v1', 'https://api.example.net:8443')).toBe(true);
    expect(matches('https://api.example.net:9443/v1', 'https://api.example.net:*')).toBe(true);
    expect(matches('https://api.example.net/v1', 'http://api.example.net:80')).toBe(true);
    expect(matches('https://api.example.net/v1', 'https://api.example.net:443')).toBe(true);
  });

  it('matches paths as a prefix when they end in /, exactly otherwise, ignoring the query', () => {
    expect(
      matches('https://www.google.com/recaptcha/api.js?render=x', 'https://www.google.com/recaptcha/'),
    ).toBe(true);
    expect(
      matches('https://www.google.com/complete/search?callback=x', 'https://www.google.com/recaptcha/'),
    ).toBe(false);
    expect(matches('https://cdn.example.net/js/app.js?v=3', 'https://cdn.example.net/js/app.js')).toBe(true);
    expect(matches('https://cdn.example.net/js/app.js.map', 'https://cdn.example.net/js/app.js')).toBe(false);
    expect(matches('https://cdn.example.net/js/app.js', 'https://cdn.example.net/js/%61pp.js')).toBe(true);
  });

  it("matches 'self' on the same origin, its secure upgrade and same-host web sockets", () => {
    expect(matches('https://shop.example.com/app.js', "'self'")).toBe(true);
    expect(matches('wss://shop.example.com/live', "'self'")).toBe(true);
    expect(matches('https://static.example.com/app.js', "'self'")).toBe(false);
    expect(matches('http://shop.example.com/app.js', "'self'")).toBe(false);
    expect(matches('https://shop.example.com:8443/app.js', "'self'")).toBe(false);
    expect(matches('https://shop.example.com/', "'self'", new URL('http://shop.example.com/'))).toBe(true);
    expect(matches('ws://shop.example.com/', "'self'", new URL('http://shop.example.com/'))).toBe(true);
    expect(matches('https://shop.example.com/', "'self'", null)).toBe(false);
  });

  it("never matches a URL with 'none', nonces or hashes", () => {
    expect(matches('https://shop.example.com/a.js', "'none'")).toBe(false);
    expect(matches('https://shop.example.com/a.js', "'nonce-abcdefgh'")).toBe(false);
  });

  it('matches IP addresses exactly, never through wildcards', () => {
    expect(matches('https://127.0.0.1:9110/logo.png', 'https://127.0.0.1:9110')).toBe(true);
    expect(matches('https://10.0.0.1/logo.png', '*.0.0.1')).toBe(false);
  });
});
