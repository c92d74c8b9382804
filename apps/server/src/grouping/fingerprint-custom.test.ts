import { describe, expect, it } from 'vitest';
import { fingerprintEvent } from './fingerprint.ts';
import { normalizeEvent } from './normalize.ts';
import { browserError, cartFrames, ctx, hashOf } from './testdata/browser-events.ts';

describe('fingerprints sent by the SDK', () => {
  const frames = cartFrames({ hash: '8f3a2c1d', shift: 0 });

  it('splits the default group by the extra values the SDK added to {{ default }}', () => {
    const tenantA = browserError('boom', frames, { fingerprint: ['{{ default }}', 'tenant-a'] });
    const tenantA2 = browserError('boom again', frames, { fingerprint: ['{{ default }}', 'tenant-a'] });
    const tenantB = browserError('boom', frames, { fingerprint: ['{{ default }}', 'tenant-b'] });
    const plain = browserError('boom', frames);
    expect(hashOf(tenantA)).toBe(hashOf(tenantA2));
    expect(new Set([hashOf(tenantA), hashOf(tenantB), hashOf(plain)]).size).toBe(3);
    const fingerprint = fingerprintEvent(tenantA);
    expect(fingerprint.strategy).toBe('custom');
    expect(fingerprint.components.map((c) => c.id)).toEqual([
      'exception.type',
      'frame',
      'frame',
      'frame',
      'custom',
    ]);
    expect(fingerprint.components[1]?.hint).toMatch(/^\{\{ default \}\} \(stacktrace\)/);
  });

  it('merges different stacks into the one issue the SDK named', () => {
    const fromCheckout = browserError('Gateway timeout', frames, {
      fingerprint: ['payment-gateway-timeout'],
    });
    const fromWorker = normalizeEvent(
      {
        platform: 'node',
        fingerprint: ['payment-gateway-timeout'],
        exception: {
          values: [
            {
              type: 'AbortError',
              value: 'The operation was aborted',
              stacktrace: {
                frames: [
                  {
                    filename: '/srv/worker/charge.js',
                    module: 'charge',
                    function: 'retryCharge',
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
    expect(hashOf(fromCheckout)).toBe(hashOf(fromWorker));
    expect(fingerprintEvent(fromWorker).components).toEqual([
      { id: 'custom', value: 'payment-gateway-timeout', hint: 'fingerprint sent by the SDK' },
    ]);
  });

  it('treats a fingerprint of only {{ default }} as no fingerprint at all', () => {
    expect(hashOf(browserError('boom', frames, { fingerprint: ['{{ default }}'] }))).toBe(
      hashOf(browserError('boom', frames)),
    );
  });

  it('resolves the variables Sentry documents', () => {
    const event = browserError('Gateway timeout after 3000 ms', frames, {
      fingerprint: [
        '{{ type }}',
        '{{ error.value }}',
        '{{function}}',
        '{{ level }}',
        '{{ tags.route }}',
        '{{ transaction }}',
        '{{ logger }}',
        '{{ message }}',
        '{{ tags.tenant }}',
        '{{ colour }}',
      ],
      level: 'warning',
      tags: { route: '/checkout' },
    });
    expect(fingerprintEvent(event).components.map((c) => c.value)).toEqual([
      'TypeError',
      'Gateway timeout after 3000 ms',
      'chargeCard',
      'warning',
      '/checkout',
      '<no-transaction>',
      '<no-logger>',
      'Gateway timeout after 3000 ms',
      '<no-value-for-tag-tenant>',
      '<unrecognized-variable-colour>',
    ]);
  });

  it('does not confuse a custom fingerprint with a message that reads the same', () => {
    const custom = normalizeEvent({ fingerprint: ['payment-gateway-timeout'] }, ctx);
    const message = normalizeEvent({ message: 'payment-gateway-timeout' }, ctx);
    expect(hashOf(custom)).not.toBe(hashOf(message));
  });
});
