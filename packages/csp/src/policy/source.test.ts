import { describe, expect, it } from 'vitest';
import { isHash, isKeyword, isNonce, parseSourceExpression } from './source.ts';

describe('parseSourceExpression', () => {
  it('reads keywords case-insensitively', () => {
    expect(parseSourceExpression("'SELF'")).toEqual({ kind: 'keyword', keyword: 'self' });
    expect(isKeyword("'Unsafe-Inline'", 'unsafe-inline')).toBe(true);
  });

  it('reads nonces and hashes, keeping the case of their values', () => {
    expect(parseSourceExpression("'nonce-AbC+/9_-=='")).toEqual({ kind: 'nonce', value: 'AbC+/9_-==' });
    expect(
      parseSourceExpression("'SHA384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC'"),
    ).toMatchObject({
      kind: 'hash',
      algorithm: 'sha384',
    });
    expect(isNonce("'nonce-{{nonce}}'")).toBe(false);
    expect(isHash("'sha1-abc'")).toBe(false);
  });

  it('reads scheme sources and full host sources', () => {
    expect(parseSourceExpression('blob:')).toEqual({ kind: 'scheme', scheme: 'blob' });
    expect(parseSourceExpression('WSS://*.Example.com:*/live/')).toEqual({
      kind: 'host',
      scheme: 'wss',
      host: '*.example.com',
      port: '*',
      path: '/live/',
    });
    expect(parseSourceExpression('cdn.example.net')).toEqual({ kind: 'host', host: 'cdn.example.net' });
  });

  it('rejects what the grammar does not allow', () => {
    expect(parseSourceExpression("'unsafe-inlne'")).toEqual({ kind: 'invalid', reason: 'unknown keyword' });
    expect(parseSourceExpression('https://')).toMatchObject({ kind: 'invalid', reason: 'bad host' });
    expect(parseSourceExpression('cdn.*.example.com')).toMatchObject({ kind: 'invalid' });
    expect(parseSourceExpression('example.com:https')).toMatchObject({ kind: 'invalid', reason: 'bad port' });
    expect(parseSourceExpression("'self")).toMatchObject({ kind: 'invalid', reason: 'unbalanced quote' });
  });
});
