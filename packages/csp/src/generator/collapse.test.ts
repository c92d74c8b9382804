import { describe, expect, it } from 'vitest';
import { collapseBlockedUri } from './collapse.ts';

const page = 'https://shop.example.com';

describe('collapseBlockedUri', () => {
  it("turns the page's own URLs into 'self' and other origins into scheme and host, without paths", () => {
    expect(collapseBlockedUri('https://shop.example.com/static/app.js?v=3', page)).toEqual({
      kind: 'source',
      source: "'self'",
    });
    expect(collapseBlockedUri('https://cdn.example.net/lib/jquery.min.js', page)).toEqual({
      kind: 'source',
      source: 'https://cdn.example.net',
    });
    expect(collapseBlockedUri('https://api.example.com:8443/v1/cart', page)).toEqual({
      kind: 'source',
      source: 'https://api.example.com:8443',
    });
    expect(collapseBlockedUri('wss://live.example.com/socket', page)).toEqual({
      kind: 'source',
      source: 'wss://live.example.com',
    });
  });

  it('keeps a different port or scheme of the same host apart from self', () => {
    expect(collapseBlockedUri('http://shop.example.com/a.png', page)).toEqual({
      kind: 'source',
      source: 'http://shop.example.com',
    });
  });

  it('collapses data, blob and friends to their scheme, however the browser spelled them', () => {
    expect(collapseBlockedUri('data', page)).toEqual({ kind: 'source', source: 'data:' });
    expect(collapseBlockedUri('data:image/png;base64,iVBOR', page)).toEqual({
      kind: 'source',
      source: 'data:',
    });
    expect(collapseBlockedUri('blob:https://shop.example.com/5f1c', page)).toEqual({
      kind: 'source',
      source: 'blob:',
    });
  });

  it('reports inline code and eval as such, and ignores extensions and empty URLs', () => {
    expect(collapseBlockedUri('inline', page)).toEqual({ kind: 'inline' });
    expect(collapseBlockedUri('eval', page)).toEqual({ kind: 'eval' });
    expect(collapseBlockedUri('chrome-extension://abcdef/inject.js', page)).toMatchObject({
      kind: 'ignored',
    });
    expect(collapseBlockedUri('', page)).toMatchObject({ kind: 'ignored' });
  });
});
