// Events decoded once from test/fixtures/real-clients (what real SDKs sent over the wire),
// normalized as ingestion will normalize them.

import { describe, expect, it } from 'vitest';
import { fingerprintBy, fingerprintEvent } from './fingerprint.ts';
import { normalizeEvent } from './normalize.ts';
import ruby from './testdata/raven-ruby-3.1.2.json' with { type: 'json' };
import nodeException from './testdata/sentry-javascript-node-11.12.0-exception.json' with { type: 'json' };
import nodeMessage from './testdata/sentry-javascript-node-11.12.0-message.json' with { type: 'json' };
import python from './testdata/sentry-python-1.9.10.json' with { type: 'json' };

// The captures were sent at 2026-11-25T00:26:49Z; the recording server received them a moment later.
const ctx = { receivedAtMs: Date.UTC(2026, 10, 25, 0, 26, 50), clockDriftMs: 0, clientIp: '203.0.113.9' };

describe('@sentry/node 11.12.0, captureException', () => {
  const event = normalizeEvent(structuredClone(nodeException), ctx);

  it('reads identity, time and the release the SDK reported', () => {
    expect(event).toMatchObject({
      eventId: 'ddca21582862403285db85f204d135c2',
      timestampMs: 1795566409464,
      level: 'error',
      platform: 'node',
      release: 'shop@1.4.2',
      environment: 'production',
      serverName: 'vm',
      sdk: { name: 'sentry.javascript.node', version: '11.12.0' },
      fingerprint: null,
      request: null,
      breadcrumbs: [],
    });
  });

  it('titles the issue after the exception and blames the in-app function that threw', () => {
    expect(event.title).toBe(
      "TypeError: Cannot read properties of undefined (reading 'number') for order 77812",
    );
    expect(event.culprit).toBe('chargeCard(checkout)');
    expect(event.message).toBeNull();
  });

  it('keeps the user, counted by id, and tags both sent and derived', () => {
    expect(event.user).toEqual({ id: 'u-981', email: 'claire@example.com' });
    expect(event.userKey).toBe('id:u-981');
    expect(event.tags).toEqual([
      ['route', '/checkout'],
      ['level', 'error'],
      ['release', 'shop@1.4.2'],
      ['environment', 'production'],
      ['server_name', 'vm'],
      ['user', 'id:u-981'],
      ['runtime', 'node v20.20.2'],
      ['runtime.name', 'node'],
      ['os', 'Debian 12.11'],
      ['os.name', 'Debian'],
    ]);
  });

  it('keeps contexts, each marked with its kind', () => {
    expect(event.contexts.runtime).toEqual({ name: 'node', version: 'v20.20.2', type: 'runtime' });
    expect(event.contexts.trace).toMatchObject({ trace_id: '583ab30012204309b0ed3e530e604bf6' });
    expect(Object.keys(event.contexts)).toEqual([
      'trace',
      'runtime',
      'app',
      'os',
      'device',
      'culture',
      'cloud_resource',
    ]);
  });

  it('keeps the exception with its frames, oldest call first, and which of them are in-app', () => {
    expect(event.exceptions).toHaveLength(1);
    const [exception] = event.exceptions;
    expect(exception).toMatchObject({ type: 'TypeError', mechanism: { type: 'generic', handled: true } });
    expect(exception?.frames.map((f) => [f.function, f.inApp])).toEqual([
      ['?', false],
      ['Function.executeUserEntryPoint [as runMain]', false],
      ['Module._load', false],
      ['Module.load', false],
      ['Module._extensions..js', false],
      ['Module._compile', false],
      ['Object.?', true],
      ['chargeCard', true],
    ]);
    expect(exception?.frames.at(-1)).toMatchObject({
      filename: '/srv/shop/checkout.cjs',
      module: 'checkout',
      lineno: 5,
      colno: 53,
      contextLine: expect.stringContaining('function chargeCard(order)'),
      postContext: expect.arrayContaining(['Sentry.flush(3000).then(() => process.exit(0));']),
    });
  });

  it('groups by the in-app frames of the exception', () => {
    expect(fingerprintEvent(event)).toMatchObject({
      strategy: 'stacktrace',
      components: [
        { id: 'exception.type', value: 'TypeError' },
        {
          id: 'frame',
          value: 'checkout: try { chargeCard({ id: 77812 }); } catch (e) { Sentry.captureException(e); }',
        },
        { id: 'frame', value: 'checkout in chargeCard' },
      ],
    });
  });
});

describe('@sentry/node 11.12.0, captureMessage with a synthetic stack trace', () => {
  const event = normalizeEvent(structuredClone(nodeMessage), ctx);

  it('is titled by its message, at the level the SDK asked for', () => {
    expect(event).toMatchObject({
      title: 'Payment provider timeout after 3012 ms',
      message: 'Payment provider timeout after 3012 ms',
      level: 'warning',
      culprit: 'Object.?(checkout)',
    });
    expect(event.exceptions[0]?.mechanism).toEqual({ type: 'generic', handled: true, synthetic: true });
    expect(event.exceptions[0]?.type).toBeNull();
  });

  it('groups by the line that logged it, not by the message text', () => {
    const fingerprint = fingerprintEvent(event);
    expect(fingerprint.strategy).toBe('stacktrace');
    expect(fingerprint.components).toEqual([
      {
        id: 'frame',
        value: "checkout: Sentry.captureMessage('Payment provider timeout after 3012 ms', 'warning');",
        hint: 'module + source line (anonymous function)',
      },
    ]);
  });
});

describe('sentry-sdk 1.9.10 (Python), legacy /store/', () => {
  const event = normalizeEvent(structuredClone(python), ctx);

  it('reads the ISO timestamp with microseconds and the release', () => {
    expect(event).toMatchObject({
      eventId: 'a258c1a0be5241068d0f472fabc79b9d',
      timestampMs: Date.UTC(2026, 10, 25, 0, 26, 49, 643),
      platform: 'python',
      level: 'error',
      release: 'api@2.0.1',
      environment: 'production',
      title: "KeyError: 'INV-2201'",
      culprit: '__main__ in load_invoice',
      user: { id: 'u-12', email: 'paul@example.com' },
      userKey: 'id:u-12',
      breadcrumbs: [],
      request: null,
      extra: { 'sys.argv': ['invoices.py'] },
    });
    expect(event.contexts.runtime).toMatchObject({ name: 'CPython', version: '3.11.2', type: 'runtime' });
    expect(event.tags).toContainEqual(['runtime', 'CPython 3.11.2']);
  });

  it('keeps local variables and both in-app frames', () => {
    const frames = event.exceptions[0]?.frames ?? [];
    expect(frames.map((f) => [f.function, f.lineno, f.inApp, f.contextLine])).toEqual([
      ['<module>', 8, true, '    load_invoice("INV-2201")'],
      ['load_invoice', 6, true, '    return invoices[invoice_id]'],
    ]);
    expect(frames[1]?.vars).toEqual({ invoice_id: "'INV-2201'", invoices: {} });
    expect(frames[1]).toMatchObject({
      filename: 'invoices.py',
      absPath: '/srv/billing/invoices.py',
      module: '__main__',
    });
    expect(event.exceptions[0]?.mechanism).toBeNull();
  });
});

describe('raven-ruby 3.1.2, protocol v5', () => {
  const event = normalizeEvent(structuredClone(ruby), ctx);

  it('reads a timestamp without zone as UTC and a numeric user id as text', () => {
    expect(event).toMatchObject({
      eventId: '9dc18f570f1441d387413b292a47546a',
      timestampMs: Date.UTC(2026, 10, 25, 0, 26, 49),
      platform: 'ruby',
      logger: 'ruby',
      release: 'rails-app@5.3.0',
      environment: 'production',
      user: { id: '42', email: 'lea@example.com' },
      userKey: 'id:42',
      sdk: { name: 'raven-ruby', version: '3.1.2' },
      contexts: {},
    });
    expect(event.extra.server).toMatchObject({ runtime: { name: 'ruby3.1' } });
    expect(event.tags).toEqual([
      ['level', 'error'],
      ['logger', 'ruby'],
      ['release', 'rails-app@5.3.0'],
      ['environment', 'production'],
      ['server_name', 'vm'],
      ['user', 'id:42'],
    ]);
  });

  it('strips the line endings raven-ruby leaves on source lines and blames the newest frame', () => {
    const [exception] = event.exceptions;
    expect(exception).toMatchObject({ type: 'ArgumentError', module: null, mechanism: null });
    expect(exception?.frames.at(-1)).toMatchObject({
      filename: 'movie.rb',
      function: 'finish_shooting!',
      lineno: 10,
      inApp: false,
      contextLine:
        '    raise ArgumentError, "cannot finish shooting a movie that is #{state}" unless state == :in_production',
      postContext: ['  end', 'end', 'begin'],
    });
    expect(event.title).toBe('ArgumentError: cannot finish shooting a movie that is in_theaters');
    expect(event.culprit).toBe('movie.rb in finish_shooting!');
  });

  it("groups by all its frames, having no in-app frame (Sentry's system variant), as grouping 1 did not", () => {
    expect(fingerprintEvent(event)).toMatchObject({
      strategy: 'system',
      components: [
        { id: 'exception.type', value: 'ArgumentError' },
        { id: 'frame', value: 'movie.rb in <main>' },
        { id: 'frame', value: 'movie.rb in finish_shooting!' },
      ],
      // Version 1 grouped it by type and value: issues it made keep taking these events.
      secondaryHash: fingerprintBy(event, 1).hash,
    });
    expect(fingerprintBy(event, 1)).toMatchObject({
      strategy: 'exception',
      components: [
        { id: 'exception.type', value: 'ArgumentError' },
        { id: 'exception.value', value: 'cannot finish shooting a movie that is in_theaters' },
      ],
    });
  });
});
