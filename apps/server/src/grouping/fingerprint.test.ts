import { describe, expect, it } from 'vitest';
import { fingerprintEvent } from './fingerprint.ts';
import { normalizeEvent } from './normalize.ts';
import { browserError, cartFrames, ctx, hashOf } from './testdata/browser-events.ts';

describe('default grouping', () => {
  it('groups the same bug thrown with different order ids', () => {
    const a = browserError(
      "Cannot read properties of undefined (reading 'number') for order 77812",
      cartFrames({ hash: '8f3a2c1d', shift: 0 }),
    );
    const b = browserError(
      "Cannot read properties of undefined (reading 'number') for order 90211",
      cartFrames({ hash: '8f3a2c1d', shift: 0 }),
    );
    expect(hashOf(a)).toBe(hashOf(b));
  });

  it('groups the same bug by its parameterized value when no frame is in-app', () => {
    const orderNotFound = (id: number, email: string) =>
      normalizeEvent(
        {
          platform: 'ruby',
          exception: [
            {
              type: 'ActiveRecord::RecordNotFound',
              value: `Couldn't find Order with 'id'=${id} for ${email}`,
            },
          ],
        },
        ctx,
      );
    const a = orderNotFound(77812, 'claire@example.com');
    const b = orderNotFound(90211, 'paul@example.org');
    expect(hashOf(a)).toBe(hashOf(b));
    expect(fingerprintEvent(a).components).toEqual([
      { id: 'exception.type', value: 'ActiveRecord::RecordNotFound' },
      {
        id: 'exception.value',
        value: "Couldn't find Order with <quoted>=<int> for <email>",
        hint: 'parameters replaced',
      },
    ]);
  });

  it('keeps one issue across a release that moved the code and renamed the bundle', () => {
    const before = browserError('x is undefined', cartFrames({ hash: '8f3a2c1d', shift: 0 }), {
      release: 'shop@1.4.2',
    });
    const after = browserError('x is undefined', cartFrames({ hash: '1b9e77aa', shift: 17 }), {
      release: 'shop@1.5.0',
    });
    expect(hashOf(before)).toBe(hashOf(after));
  });

  it('keeps one issue when a server deploys each release into its own directory', () => {
    const deployed = (dir: string, line: number) =>
      normalizeEvent(
        {
          platform: 'php',
          exception: {
            values: [
              {
                type: 'RuntimeException',
                value: 'Stock reservation failed',
                stacktrace: {
                  frames: [
                    {
                      abs_path: `/var/www/shop/releases/${dir}/src/Cart/CartController.php`,
                      function: 'App\\Cart\\CartController::checkout',
                      lineno: line,
                      in_app: true,
                    },
                    {
                      abs_path: `/var/www/shop/releases/${dir}/src/Stock/Reserver.php`,
                      function: 'App\\Stock\\Reserver::reserve',
                      lineno: line + 40,
                      in_app: true,
                    },
                  ],
                },
              },
            ],
          },
        },
        ctx,
      );
    expect(hashOf(deployed('20261101093000', 57))).toBe(hashOf(deployed('20261120174512', 63)));
  });

  it('makes two issues of two throw sites with the same message', () => {
    const [, click, submit] = cartFrames({ hash: '8f3a2c1d', shift: 0 });
    const fromCart = browserError("Cannot read properties of null (reading 'id')", [
      click!,
      submit!,
      {
        filename: 'https://shop.example.com/static/js/main.8f3a2c1d.js',
        function: 'loadCart',
        lineno: 12,
        in_app: true,
      },
    ]);
    const fromWishlist = browserError("Cannot read properties of null (reading 'id')", [
      click!,
      submit!,
      {
        filename: 'https://shop.example.com/static/js/main.8f3a2c1d.js',
        function: 'loadWishlist',
        lineno: 12,
        in_app: true,
      },
    ]);
    expect(hashOf(fromCart)).not.toBe(hashOf(fromWishlist));
  });

  it('does not confuse minified and non-minified frames of the same file', () => {
    const frames = (file: string) => [
      {
        filename: `https://shop.example.com/static/${file}`,
        function: 'renderCart',
        lineno: 1,
        colno: 4821,
        in_app: true,
      },
    ];
    const minified = browserError('boom', frames('app.min.js'));
    const plain = browserError('boom', frames('app.js'));
    expect(hashOf(minified)).not.toBe(hashOf(plain));
    expect(fingerprintEvent(minified).components.at(-1)?.value).toBe('/static/app.min.js in renderCart');
  });

  it('tells exceptions of different types apart even at the same place', () => {
    const frames = cartFrames({ hash: '8f3a2c1d', shift: 0 });
    const typeError = browserError('boom', frames);
    const rangeError = normalizeEvent(
      {
        platform: 'javascript',
        exception: { values: [{ type: 'RangeError', value: 'boom', stacktrace: { frames } }] },
      },
      ctx,
    );
    expect(hashOf(typeError)).not.toBe(hashOf(rangeError));
  });

  it('counts every exception of a chain, the cause first', () => {
    const frames = cartFrames({ hash: '8f3a2c1d', shift: 0 });
    const chained = normalizeEvent(
      {
        platform: 'javascript',
        exception: {
          values: [
            { type: 'FetchError', value: 'timeout', stacktrace: { frames } },
            { type: 'PaymentError', value: 'failed', stacktrace: { frames } },
          ],
        },
      },
      ctx,
    );
    const components = fingerprintEvent(chained).components;
    expect(components.filter((c) => c.id === 'exception.type').map((c) => c.value)).toEqual([
      'FetchError',
      'PaymentError',
    ]);
    expect(components.some((c) => /\d{2,}/.test(c.value))).toBe(false);
  });

  it('explains a stack trace grouping with normalized frames and no line numbers', () => {
    const fingerprint = fingerprintEvent(browserError('boom', cartFrames({ hash: '8f3a2c1d', shift: 0 })));
    expect(fingerprint.hash).toMatch(/^[0-9a-f]{32}$/);
    expect(fingerprint.strategy).toBe('stacktrace');
    expect(fingerprint.components).toEqual([
      { id: 'exception.type', value: 'TypeError' },
      {
        id: 'frame',
        value: '/static/js/main.js in onCheckoutClick',
        hint: 'normalized file name + function (from "Object.onCheckoutClick [as handler]")',
      },
      {
        id: 'frame',
        value: '/static/js/main.js in submitOrder',
        hint: 'normalized file name + function (from "async submitOrder")',
      },
      { id: 'frame', value: '/static/js/main.js in chargeCard', hint: 'normalized file name + function' },
    ]);
  });

  it('groups log messages by their template, and plain messages by their parameterized text', () => {
    const log = (params: unknown[]) =>
      normalizeEvent(
        { platform: 'python', logentry: { message: 'Invoice %s for tenant %s not found', params } },
        ctx,
      );
    expect(hashOf(log(['INV-2201', 'acme']))).toBe(hashOf(log(['INV-9', 'globex'])));
    expect(fingerprintEvent(log(['INV-2201', 'acme']))).toMatchObject({
      strategy: 'message',
      components: [{ id: 'message', value: 'Invoice %s for tenant %s not found' }],
    });
    const plain = (ms: number) => normalizeEvent({ message: `Payment provider timeout after ${ms} ms` }, ctx);
    expect(hashOf(plain(3012))).toBe(hashOf(plain(5120)));
  });

  it('groups a message with a stack trace but no in-app frame by its message', () => {
    const event = normalizeEvent(
      {
        message: 'Queue depth 1200 over limit',
        stacktrace: {
          frames: [{ filename: 'node_modules/bull/lib/queue.js', function: 'Queue.add', in_app: false }],
        },
      },
      ctx,
    );
    expect(fingerprintEvent(event)).toMatchObject({
      strategy: 'message',
      components: [{ id: 'message', value: 'Queue depth <int> over limit' }],
    });
  });

  it('puts every empty event in one fallback issue', () => {
    const a = fingerprintEvent(normalizeEvent({ level: 'info' }, ctx));
    const b = fingerprintEvent(normalizeEvent({ platform: 'python' }, ctx));
    expect(a.strategy).toBe('fallback');
    expect(a.hash).toBe(b.hash);
  });
});
