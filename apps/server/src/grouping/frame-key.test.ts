import { describe, expect, it } from 'vitest';
import type { StackFrame } from './event.ts';
import { frameKey, normalizeFilename, normalizeFunctionName } from './frame-key.ts';

function frame(overrides: Partial<StackFrame>): StackFrame {
  return {
    filename: null,
    absPath: null,
    module: null,
    function: null,
    lineno: null,
    colno: null,
    inApp: true,
    contextLine: null,
    ...overrides,
  };
}

describe('normalizeFilename', () => {
  it('drops the origin, query string and fragment of a script URL', () => {
    expect(normalizeFilename('https://shop.example.com/static/js/cart.js?v=3#L10')).toBe(
      '/static/js/cart.js',
    );
    expect(normalizeFilename('https://cdn-2.example.net/static/js/cart.js')).toBe('/static/js/cart.js');
    expect(normalizeFilename('app:///src/cart.js')).toBe('/src/cart.js');
  });

  it('strips content hashes that change with every build', () => {
    expect(normalizeFilename('https://shop.example.com/static/js/main.8f3a2c1d.js')).toBe(
      '/static/js/main.js',
    );
    expect(normalizeFilename('/static/js/main.1b9e77aa.chunk.js')).toBe('/static/js/main.chunk.js');
    expect(normalizeFilename('/_next/static/chunks/pages/_app-1a2b3c4d5e6f7890.js')).toBe(
      '/_next/static/chunks/pages/_app.js',
    );
    expect(normalizeFilename('/assets/index-B_x9a-Qz.js')).toBe('/assets/index.js');
    expect(normalizeFilename('/assets/3f2a1b9c4d5e/vendor.js')).toBe('/assets/vendor.js');
  });

  it('keeps minified and non-minified files apart', () => {
    expect(normalizeFilename('/static/app.min.js')).toBe('/static/app.min.js');
    expect(normalizeFilename('/static/app.min.8f3a2c1d.js')).toBe('/static/app.min.js');
    expect(normalizeFilename('/static/app.js')).toBe('/static/app.js');
  });

  it('treats release directories of two deploys as the same place', () => {
    const before = normalizeFilename('/srv/app/releases/20261101/src/x.js');
    expect(before).toBe('/srv/app/releases/src/x.js');
    expect(normalizeFilename('/srv/app/releases/20261120/src/x.js')).toBe(before);
    expect(normalizeFilename('/opt/shop/1.4.2/lib/cart.rb')).toBe(
      normalizeFilename('/opt/shop/1.5.0/lib/cart.rb'),
    );
    expect(normalizeFilename('C:\\inetpub\\shop\\releases\\20261101\\src\\x.js')).toBe(
      'C:/inetpub/shop/releases/src/x.js',
    );
  });

  it('keeps third-party paths from their package folder on, without versions', () => {
    expect(
      normalizeFilename('/srv/a/node_modules/.pnpm/express@4.18.2/node_modules/express/lib/router.js'),
    ).toBe('node_modules/express/lib/router.js');
    expect(normalizeFilename('/usr/lib/python3/dist-packages/requests/models.py')).toBe(
      'dist-packages/requests/models.py',
    );
    expect(normalizeFilename('/home/deploy/.gem/ruby/3.1.0/gems/activerecord-7.1.2/lib/base.rb')).toBe(
      'gems/activerecord/lib/base.rb',
    );
  });

  it('leaves meaningful names alone', () => {
    expect(normalizeFilename('node:internal/modules/cjs/loader')).toBe('node:internal/modules/cjs/loader');
    expect(normalizeFilename('/srv/api/v2/handlers/orders.py')).toBe('/srv/api/v2/handlers/orders.py');
    expect(normalizeFilename('/src/react-dom_1a2b3c4d.js')).toBe('/src/react-dom.js');
  });
});

describe('normalizeFunctionName', () => {
  it('removes engine decorations from JavaScript names', () => {
    expect(normalizeFunctionName('Object.chargeCard')).toBe('chargeCard');
    expect(normalizeFunctionName('async chargeCard')).toBe('chargeCard');
    expect(normalizeFunctionName('new CartStore')).toBe('CartStore');
    expect(normalizeFunctionName('Function.executeUserEntryPoint [as runMain]')).toBe(
      'Function.executeUserEntryPoint',
    );
    expect(normalizeFunctionName('async Object.submitOrder [as submit]')).toBe('submitOrder');
    expect(normalizeFunctionName('CartStore.addItem')).toBe('CartStore.addItem');
  });

  it('recognizes anonymous functions in every dialect', () => {
    for (const name of [
      '?',
      'Object.?',
      '<anonymous>',
      'Object.<anonymous>',
      'Router.<anonymous>',
      '<lambda>',
    ]) {
      expect(normalizeFunctionName(name), name).toBeNull();
    }
    expect(normalizeFunctionName(null)).toBeNull();
  });

  it('drops the per-boot numbers Rails appends to compiled ERB templates', () => {
    expect(normalizeFunctionName('_app_views_orders_show_html_erb__1043527416_70143480')).toBe(
      '_app_views_orders_show_html_erb',
    );
  });
});

describe('frameKey', () => {
  it('prefers the module to the file name and never uses line numbers', () => {
    const key = frameKey(
      frame({ filename: '/srv/shop/checkout.cjs', module: 'checkout', function: 'chargeCard', lineno: 5 }),
    );
    expect(key).toEqual({
      location: 'checkout',
      function: 'chargeCard',
      contextLine: null,
      hint: 'module + function',
    });
  });

  it('uses the trimmed source line only when the function has no name', () => {
    const named = frameKey(frame({ filename: 'cart.js', function: 'total', contextLine: '  return sum;  ' }));
    expect(named?.contextLine).toBeNull();
    const anonymous = frameKey(
      frame({ filename: 'cart.js', function: 'Object.?', contextLine: '  items.map((i) =>   i.price)  ' }),
    );
    expect(anonymous).toMatchObject({ function: null, contextLine: 'items.map((i) => i.price)' });
  });

  it('ignores source lines of minified bundles, which are too long to be code a human wrote', () => {
    const key = frameKey(
      frame({ filename: 'app.min.js', function: '?', contextLine: `!function(e){${'x'.repeat(200)}}` }),
    );
    expect(key).toMatchObject({ location: 'app.min.js', function: null, contextLine: null });
  });
});
