// Older clients (Raven, protocol v5 and before) name interfaces by their Python class path and
// send single objects where newer SDKs send lists; Sentry still accepts them, and so does Vigie.

import { describe, expect, it } from 'vitest';
import { normalizeEvent } from './normalize.ts';

const receivedAtMs = Date.UTC(2026, 10, 25, 12, 0, 0);
const ctx = { receivedAtMs, clockDriftMs: 0, clientIp: '198.51.100.23' };

describe('normalizeEvent: legacy interfaces', () => {
  it('reads sentry.interfaces.Exception as one object with sentry.interfaces.Stacktrace', () => {
    const event = normalizeEvent(
      {
        platform: 'python',
        'sentry.interfaces.Exception': {
          type: 'ValueError',
          value: "invalid literal for int() with base 10: 'abc'\nsecond line",
          module: 'builtins',
          'sentry.interfaces.Stacktrace': {
            frames: [
              {
                filename: 'app/forms.py',
                module: 'app.forms',
                function: 'clean_qty',
                lineno: '31',
                in_app: true,
              },
            ],
          },
        },
      },
      ctx,
    );
    expect(event.exceptions).toEqual([
      {
        type: 'ValueError',
        value: "invalid literal for int() with base 10: 'abc'\nsecond line",
        module: 'builtins',
        mechanism: null,
        frames: [
          {
            filename: 'app/forms.py',
            absPath: null,
            module: 'app.forms',
            function: 'clean_qty',
            lineno: 31,
            colno: null,
            inApp: true,
            contextLine: null,
          },
        ],
      },
    ]);
    expect(event.title).toBe("ValueError: invalid literal for int() with base 10: 'abc'");
    expect(event.culprit).toBe('app.forms in clean_qty');
  });

  it('reads an exception list and splits a type out of a bare value, as Relay does', () => {
    const event = normalizeEvent({ exception: [{ value: 'ReferenceError: cart is not defined' }] }, ctx);
    expect(event.exceptions[0]).toMatchObject({ type: 'ReferenceError', value: 'cart is not defined' });
    expect(event.title).toBe('ReferenceError: cart is not defined');
  });

  it('formats sentry.interfaces.Message from its template and keeps the template for grouping', () => {
    const event = normalizeEvent(
      {
        'sentry.interfaces.Message': { message: 'Invoice %s not paid after %d days', params: ['INV-7', 30] },
      },
      ctx,
    );
    expect(event).toMatchObject({
      message: 'Invoice INV-7 not paid after 30 days',
      messageTemplate: 'Invoice %s not paid after %d days',
      title: 'Invoice INV-7 not paid after 30 days',
    });
  });

  it('reads message as a string or as an object, and logentry.formatted first', () => {
    expect(normalizeEvent({ message: { message: 'Disk %s full', params: ['/var'] } }, ctx).message).toBe(
      'Disk /var full',
    );
    expect(
      normalizeEvent(
        { logentry: { formatted: 'Disk /data full', message: 'Disk %s full' }, message: 'ignored' },
        ctx,
      ).message,
    ).toBe('Disk /data full');
    expect(normalizeEvent({ message: `  ${'A long line '.repeat(20)}\nmore` }, ctx).title).toHaveLength(100);
  });

  it('reads sentry.interfaces.User and sentry.interfaces.Http', () => {
    const event = normalizeEvent(
      {
        'sentry.interfaces.User': { username: 'lea', ip_address: '{{auto}}', segment: 'pro' },
        'sentry.interfaces.Http': {
          url: 'https://shop.example.com/cart?coupon=XMAS#pay',
          method: 'post',
          headers: [
            ['content-type', 'application/json'],
            ['cookie', 'sid=abc; theme=dark'],
          ],
          data: { qty: 2 },
        },
      },
      ctx,
    );
    expect(event.user).toEqual({ username: 'lea', ipAddress: '198.51.100.23', segment: 'pro' });
    expect(event.userKey).toBe('username:lea');
    expect(event.request).toEqual({
      url: 'https://shop.example.com/cart',
      method: 'POST',
      query_string: [['coupon', 'XMAS']],
      fragment: 'pay',
      headers: [['Content-Type', 'application/json']],
      // Split out of the Cookie header, names kept, values scrubbed (scrub.ts).
      cookies: [
        ['sid', '[Filtered]'],
        ['theme', '[Filtered]'],
      ],
      data: { qty: 2 },
    });
    expect(event.tags).toContainEqual(['url', 'https://shop.example.com/cart']);
  });

  it('gives a message with an event-level stack trace or a crashed thread a synthetic exception', () => {
    const frames = [{ filename: 'worker.py', function: 'poll', in_app: true }];
    const fromStacktrace = normalizeEvent({ message: 'Queue stalled', stacktrace: { frames } }, ctx);
    const fromThread = normalizeEvent(
      {
        message: 'Queue stalled',
        threads: { values: [{ id: 1 }, { id: 2, crashed: true, stacktrace: { frames } }] },
      },
      ctx,
    );
    for (const event of [fromStacktrace, fromThread]) {
      expect(event.exceptions).toEqual([
        {
          type: null,
          value: 'Queue stalled',
          module: null,
          mechanism: { type: 'generic', synthetic: true },
          frames: [expect.objectContaining({ function: 'poll' })],
        },
      ]);
      expect(event.title).toBe('Queue stalled');
    }
  });
});
