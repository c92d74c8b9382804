import { describe, expect, it } from 'vitest';
import { normalizeEvent, normalizePayload } from './normalize.ts';

const receivedAtMs = Date.UTC(2026, 10, 25, 12, 0, 0);
const ctx = { receivedAtMs, clockDriftMs: 0, clientIp: '198.51.100.23' };

describe('normalizeEvent: what it refuses and what it tolerates', () => {
  it('refuses a payload that is not a JSON object, saying what it got', () => {
    const refused: Array<[unknown, string]> = [
      [null, 'null'],
      [[], 'an array'],
      ['event', 'a string'],
      [42, 'a number'],
    ];
    for (const [raw, got] of refused) {
      expect(normalizePayload(raw, ctx)).toEqual({
        ok: false,
        reason: `An event must be a JSON object, got ${got}.`,
      });
    }
    expect(normalizePayload({ level: 'warn' }, ctx)).toMatchObject({ ok: true, event: { level: 'warning' } });
  });

  it('turns an empty object into a dated, identified, unlabeled event', () => {
    const event = normalizeEvent({}, ctx);
    expect(event).toMatchObject({
      timestampMs: receivedAtMs,
      receivedAtMs,
      level: 'error',
      platform: 'other',
      environment: 'production',
      title: '<unlabeled event>',
      culprit: null,
      message: null,
      user: null,
      userKey: null,
      exceptions: [],
      fingerprint: null,
      sdk: null,
      extra: {},
      contexts: {},
      request: null,
      breadcrumbs: [],
    });
    expect(event.eventId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('drops fields of the wrong type instead of failing the event', () => {
    const event = normalizeEvent(
      {
        event_id: 12,
        release: { v: 1 },
        environment: ['prod'],
        logger: 7,
        tags: 'a=b',
        extra: [1],
        contexts: { os: 'linux', app: { name: 'shop' } },
        breadcrumbs: 'none',
        user: 'claire',
        sdk: { name: 'x' },
        fingerprint: 'mine',
      },
      ctx,
    );
    expect(event).toMatchObject({
      release: null,
      environment: 'production',
      logger: '7',
      extra: {},
      breadcrumbs: [],
      user: null,
      sdk: null,
      fingerprint: null,
    });
    expect(event.contexts).toEqual({ app: { name: 'shop', type: 'app' } });
    expect(event.eventId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('normalizes event ids sent as UUIDs with dashes or in capitals', () => {
    expect(normalizeEvent({ event_id: '7F06358F-88FC-46E3-BFD2-FFA1120CD2E5' }, ctx).eventId).toBe(
      '7f06358f88fc46e3bfd2ffa1120cd2e5',
    );
    expect(normalizeEvent({ event_id: 'not-an-id' }, ctx).eventId).not.toBe('not-an-id');
  });

  it('maps level spellings and Python logging numbers onto five levels', () => {
    const levels = ['warn', 'WARNING', 'critical', 'fatal', 'log', 'debug', 'verbose', 40, 20].map(
      (level) => normalizeEvent({ level }, ctx).level,
    );
    expect(levels).toEqual([
      'warning',
      'warning',
      'fatal',
      'fatal',
      'info',
      'debug',
      'error',
      'error',
      'info',
    ]);
  });

  it('keeps known platforms and calls the rest other', () => {
    expect(normalizeEvent({ platform: 'Python' }, ctx).platform).toBe('python');
    expect(normalizeEvent({ platform: 'brainfuck' }, ctx).platform).toBe('other');
  });

  it('trims strings and caps them at the lengths Relay keeps', () => {
    const event = normalizeEvent(
      {
        logger: `  ${'l'.repeat(100)}  `,
        server_name: '  web-1  ',
        transaction: ` /checkout/${'x'.repeat(300)}`,
        environment: 'staging\nprod',
        release: 'latest',
        dist: ' 1042 ',
      },
      ctx,
    );
    expect(event.logger).toHaveLength(64);
    expect(event.dist).toBe('1042');
    expect(normalizeEvent({ dist: 'build 7' }, ctx).dist).toBeNull();
    expect(event.serverName).toBe('web-1');
    expect(event.transaction).toHaveLength(200);
    expect(event.environment).toBe('production');
    expect(event.release).toBeNull();
  });
});

describe('normalizeEvent: time', () => {
  it('reads float seconds, ISO strings with and without zone', () => {
    const at = (timestamp: unknown) => normalizeEvent({ timestamp }, ctx).timestampMs;
    expect(at(1795607999.25)).toBe(Date.UTC(2026, 10, 25, 11, 59, 59, 250));
    expect(at('2026-11-25T11:59:59')).toBe(Date.UTC(2026, 10, 25, 11, 59, 59));
    expect(at('2026-11-25T12:59:59.5+01:00')).toBe(Date.UTC(2026, 10, 25, 11, 59, 59, 500));
    expect(at('1795607999')).toBe(Date.UTC(2026, 10, 25, 11, 59, 59));
    expect(at('yesterday')).toBe(receivedAtMs);
  });

  it('corrects the client clock drift and refuses times far in the future or past', () => {
    const event = normalizeEvent(
      { timestamp: '2026-11-25T13:00:00Z' },
      { receivedAtMs, clockDriftMs: -3_600_000 },
    );
    expect(event.timestampMs).toBe(Date.UTC(2026, 10, 25, 12));
    expect(normalizeEvent({ timestamp: '2026-11-25T13:00:00Z' }, ctx).timestampMs).toBe(receivedAtMs);
    expect(normalizeEvent({ timestamp: '2025-01-01T00:00:00Z' }, ctx).timestampMs).toBe(receivedAtMs);
  });
});

describe('normalizeEvent: user, tags, breadcrumbs, culprit', () => {
  it('counts users by id, then email, then username, then IP', () => {
    const key = (user: unknown) => normalizeEvent({ user }, { receivedAtMs, clockDriftMs: 0 }).userKey;
    expect(key({ id: 7, email: 'a@example.com' })).toBe('id:7');
    expect(key({ email: 'a@example.com', username: 'a' })).toBe('email:a@example.com');
    expect(key({ ip_address: '2001:db8::1' })).toBe('ip:2001:db8::1');
    expect(key({ ip_address: '{{auto}}' })).toBeNull();
    expect(key({ ip_address: 'not an ip' })).toBeNull();
  });

  it('reads tags as a dict or as pairs, writes values out, and lets derived tags win', () => {
    const fromPairs = normalizeEvent(
      {
        tags: [
          ['tenant', 'acme'],
          ['attempt', 3],
          ['bad key', 'x'],
          ['nested', { a: 1 }],
          ['level', 'debug'],
        ],
        level: 'warning',
      },
      ctx,
    );
    expect(fromPairs.tags).toEqual([
      ['tenant', 'acme'],
      ['attempt', '3'],
      ['level', 'warning'],
      ['environment', 'production'],
    ]);
    const fromDict = normalizeEvent(
      {
        tags: { feature: true, multi: 'a\nb' },
        release: 'shop@2.0.0',
        server_name: 'web-1',
        transaction: '/cart',
      },
      ctx,
    );
    expect(fromDict.tags).toEqual([
      ['feature', 'true'],
      ['level', 'error'],
      ['release', 'shop@2.0.0'],
      ['environment', 'production'],
      ['transaction', '/cart'],
      ['server_name', 'web-1'],
    ]);
  });

  it('reads breadcrumbs as {values} or a list, keeping the last hundred objects', () => {
    const crumbs = Array.from({ length: 120 }, (_, i) => ({ category: 'ui.click', message: `button ${i}` }));
    expect(normalizeEvent({ breadcrumbs: { values: crumbs } }, ctx).breadcrumbs).toHaveLength(100);
    expect(normalizeEvent({ breadcrumbs: [crumbs[0], 'junk'] }, ctx).breadcrumbs).toEqual([crumbs[0]]);
  });

  it('takes the transaction as culprit before any frame, and an SDK culprit before both', () => {
    const exception = {
      values: [
        { type: 'E', stacktrace: { frames: [{ module: 'shop.cart', function: 'total', in_app: true }] } },
      ],
    };
    expect(normalizeEvent({ exception, transaction: 'POST /cart' }, ctx).culprit).toBe('POST /cart');
    expect(normalizeEvent({ exception, culprit: 'legacy' }, ctx).culprit).toBe('legacy');
    expect(normalizeEvent({ exception }, ctx).culprit).toBe('shop.cart in total');
  });

  it('titles an exception without value by its type, and one without type as Error', () => {
    expect(normalizeEvent({ exception: { values: [{ type: 'StopIteration' }] } }, ctx).title).toBe(
      'StopIteration',
    );
    expect(normalizeEvent({ exception: { values: [{ value: 'something broke' }] } }, ctx).title).toBe(
      'Error: something broke',
    );
  });
});

describe('normalizeEvent: what the browser SDK sends', () => {
  it('moves the breadcrumbs with the event when the client clock is 3 hours ahead', () => {
    const ahead = 3 * 3600_000;
    const event = normalizeEvent(
      {
        timestamp: (receivedAtMs + ahead) / 1000,
        breadcrumbs: [
          { category: 'ui.click', timestamp: (receivedAtMs + ahead - 2000) / 1000 },
          { category: 'navigation', timestamp: new Date(receivedAtMs + ahead - 5000).toISOString() },
          { category: 'no time' },
        ],
      },
      { receivedAtMs, clockDriftMs: -ahead },
    );
    expect(event.timestampMs).toBe(receivedAtMs);
    expect(event.breadcrumbs).toEqual([
      { category: 'ui.click', timestamp: (receivedAtMs - 2000) / 1000 },
      { category: 'navigation', timestamp: new Date(receivedAtMs - 5000).toISOString() },
      { category: 'no time' },
    ]);
  });

  it('fills in the address when sdk.settings.infer_ip is auto, as for {{auto}}, and never when it says never', () => {
    const user = (raw: Record<string, unknown>) => normalizeEvent(raw, ctx).user;
    const sdk = (infer_ip: string) => ({
      name: 'sentry.javascript.browser',
      version: '11.0.0',
      settings: { infer_ip },
    });
    expect(user({ sdk: sdk('auto') })).toEqual({ ipAddress: '198.51.100.23' });
    expect(normalizeEvent({ sdk: sdk('auto') }, ctx).userKey).toBe('ip:198.51.100.23');
    expect(user({ sdk: sdk('auto'), user: { id: 'u1' } })).toEqual({ id: 'u1', ipAddress: '198.51.100.23' });
    expect(user({ sdk: sdk('auto'), user: { ip_address: '203.0.113.9' } })).toEqual({
      ipAddress: '203.0.113.9',
    });
    expect(user({ user: { ip_address: '{{auto}}' } })).toEqual({ ipAddress: '198.51.100.23' });
    expect(user({ sdk: sdk('never'), user: { ip_address: '{{auto}}', id: 'u1' } })).toEqual({ id: 'u1' });
    expect(user({ sdk: sdk('never') })).toBeNull();
    // Without the setting, an address is filled in only where the SDK asked for {{auto}}.
    expect(user({ sdk: { name: 'sentry.python', version: '2.0.0' } })).toBeNull();
  });
});
