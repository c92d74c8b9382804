import { describe, expect, it } from 'vitest';
import { loadFixture } from '../../test/support/fixtures.ts';
import { findPublicKey, parseDsn, parseSentryAuthHeader } from './auth.ts';

function queryOf(url: string): Record<string, unknown> {
  return Object.fromEntries(new URL(url, 'http://127.0.0.1').searchParams);
}

describe('findPublicKey with real clients', () => {
  it('finds the Node SDK key in the query string', () => {
    const [request] = loadFixture('sentry-javascript-node-11.12.0');
    expect(findPublicKey({ headers: request!.headers, query: queryOf(request!.url) })).toEqual({
      publicKey: 'abc123def456',
      source: 'query',
    });
  });

  it('finds the Python SDK key in X-Sentry-Auth', () => {
    const [request] = loadFixture('sentry-python-1.9.10');
    expect(findPublicKey({ headers: request!.headers, query: queryOf(request!.url) })).toEqual({
      publicKey: 'abc123def456',
      source: 'header',
    });
  });

  it('finds the raven-ruby key and its legacy secret in X-Sentry-Auth', () => {
    const [request] = loadFixture('raven-ruby-3.1.2');
    expect(findPublicKey({ headers: request!.headers, query: {} })).toEqual({
      publicKey: 'abc123def456',
      secretKey: 'secret789',
      source: 'header',
    });
  });
});

describe('findPublicKey', () => {
  const envelopeDsn = 'https://0a1b2c3d4e5f60718293a4b5c6d7e8f9@vigie.example.com/42';

  it('takes X-Sentry-Auth before the query and the envelope', () => {
    const found = findPublicKey({
      headers: { 'x-sentry-auth': 'Sentry sentry_key=from-header, sentry_version=7' },
      query: { sentry_key: 'from-query' },
      envelopeDsn,
    });
    expect(found).toEqual({ publicKey: 'from-header', source: 'header' });
  });

  it('reads Authorization only when its scheme is Sentry', () => {
    expect(
      findPublicKey({ headers: { authorization: 'Sentry sentry_key=from-authorization' }, query: {} }),
    ).toEqual({ publicKey: 'from-authorization', source: 'header' });
    expect(
      findPublicKey({
        headers: { authorization: 'Bearer vgt_0123456789' },
        query: { sentry_key: 'from-query' },
      }),
    ).toEqual({ publicKey: 'from-query', source: 'query' });
  });

  it('matches header names whatever their case', () => {
    expect(
      findPublicKey({ headers: { 'X-Sentry-Auth': 'Sentry sentry_key=mixed-case' }, query: {} })?.publicKey,
    ).toBe('mixed-case');
  });

  it('moves on when the auth header carries no key', () => {
    expect(
      findPublicKey({
        headers: { 'x-sentry-auth': 'Sentry sentry_version=7' },
        query: { sentry_key: ['q1', 'q2'] },
      }),
    ).toEqual({ publicKey: 'q1', source: 'query' });
  });

  it('falls back to the envelope dsn', () => {
    expect(findPublicKey({ headers: {}, query: {}, envelopeDsn })).toEqual({
      publicKey: '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
      source: 'envelope',
    });
  });

  it('finds nothing in a request without a key', () => {
    expect(
      findPublicKey({ headers: { 'user-agent': 'curl/8.5.0' }, query: { sentry_key: '' } }),
    ).toBeUndefined();
    expect(findPublicKey({ headers: {}, query: {}, envelopeDsn: 'not a dsn' })).toBeUndefined();
  });
});

describe('parseSentryAuthHeader', () => {
  it('reads the pairs with or without the Sentry prefix, spaces and quotes tolerated', () => {
    const expected = { sentry_key: 'abc', sentry_version: '7', sentry_client: 'sentry.php/4.0.0' };
    expect(
      parseSentryAuthHeader('Sentry sentry_key=abc, sentry_version=7, sentry_client=sentry.php/4.0.0'),
    ).toEqual(expected);
    expect(
      parseSentryAuthHeader('sentry_key=abc,sentry_version=7 ,  sentry_client="sentry.php/4.0.0"'),
    ).toEqual(expected);
    expect(
      parseSentryAuthHeader('SENTRY   sentry_key = abc , sentry_version=7,sentry_client=sentry.php/4.0.0'),
    ).toEqual(expected);
  });

  it('skips pieces without a value and cannot be used to reach the prototype', () => {
    const fields = parseSentryAuthHeader('Sentry sentry_key=abc, garbage, =x, __proto__=polluted');
    expect(fields.sentry_key).toBe('abc');
    expect(Object.keys(fields)).toEqual(['sentry_key', '__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('parseDsn', () => {
  it('splits a modern DSN', () => {
    expect(parseDsn('https://0a1b2c3d4e5f60718293a4b5c6d7e8f9@o12.ingest.vigie.example.com/42')).toEqual({
      publicKey: '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
      projectId: '42',
      host: 'o12.ingest.vigie.example.com',
      protocol: 'https',
      path: '',
    });
  });

  it('keeps the port, a path prefix and a legacy secret', () => {
    expect(parseDsn('http://public:secret@127.0.0.1:9000/sentry/7/')).toEqual({
      publicKey: 'public',
      secretKey: 'secret',
      projectId: '7',
      host: '127.0.0.1:9000',
      protocol: 'http',
      path: '/sentry',
    });
  });

  it('returns undefined for what is not a DSN', () => {
    for (const dsn of [
      '',
      'vigie.example.com/42',
      'ftp://key@vigie.example.com/42',
      'https://vigie.example.com/42',
      'https://key@vigie.example.com/',
      // A malformed escape in the key or the secret: decodeURIComponent throws a URIError on it.
      'http://%zz@x/1',
      'http://key:%E0%A4%A@x/1',
    ]) {
      expect(parseDsn(dsn)).toBeUndefined();
    }
  });
});
