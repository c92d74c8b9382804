import { describe, expect, it } from 'vitest';
import { loadFixture } from '../../test/support/fixtures.ts';
import { VigieError } from '../errors.ts';
import { parseEnvelope } from './envelope.ts';
import { parseClientReport, parseSessionAggregates, parseSessionUpdate } from './items.ts';

const NOW = Date.parse('2026-11-25T00:27:00Z');

function failure(run: () => unknown): VigieError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(VigieError);
    return error as VigieError;
  }
  throw new Error('expected a VigieError');
}

const session = (overrides: Record<string, unknown> = {}, attrs: Record<string, unknown> = {}) => ({
  sid: '8333339f-5675-4f89-a9a0-1c935255ab58',
  started: '2026-11-25T00:10:00Z',
  timestamp: '2026-11-25T00:26:00Z',
  status: 'exited',
  ...overrides,
  attrs: { release: 'shop@1.4.2', environment: 'production', ...attrs },
});

describe('parseSessionUpdate', () => {
  it('reads the session item the Node SDK sent', () => {
    const [request] = loadFixture('sentry-javascript-node-11.12.0');
    const item = parseEnvelope(request!.body).items[0]!;
    expect(parseSessionUpdate(item.payload, NOW)).toEqual({
      sid: '6814c828-9053-4086-9708-e342bc4259c8',
      did: 'u-981',
      init: true,
      startedMs: Date.parse('2026-11-25T00:26:49.459Z'),
      timestampMs: Date.parse('2026-11-25T00:26:49.499Z'),
      status: 'ok',
      errors: 1,
      durationSeconds: 0.039858102798461914,
      release: 'shop@1.4.2',
      environment: 'production',
    });
  });

  it('fills the defaults Relay fills: ok, no errors, not initial, timestamp = now, a new sid', () => {
    const parsed = parseSessionUpdate(
      { started: '2026-11-25T00:10:00Z', attrs: { release: 'api@2.0.0' } },
      NOW,
    );
    expect(parsed).toMatchObject({ status: 'ok', errors: 0, init: false, timestampMs: NOW, did: null });
    expect(parsed.sid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(parsed.seq).toBeUndefined();
    expect(parsed.environment).toBeNull();
  });

  it('keeps seq, user agent and IP address when sent', () => {
    const parsed = parseSessionUpdate(
      session(
        { seq: 1795566409123, did: 981 },
        { user_agent: 'Mozilla/5.0 (X11; Linux x86_64)', ip_address: '{{auto}}' },
      ),
    );
    expect(parsed).toMatchObject({
      seq: 1795566409123,
      did: '981',
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
      ipAddress: '{{auto}}',
    });
  });

  it('moves a timestamp earlier than the start up to the start, as Relay does', () => {
    const parsed = parseSessionUpdate(session({ timestamp: '2026-11-25T00:05:00Z' }));
    expect(parsed.timestampMs).toBe(parsed.startedMs);
  });

  it('counts an unhandled session as errored', () => {
    expect(parseSessionUpdate(session({ status: 'unhandled' })).status).toBe('errored');
  });

  it('rejects a session without a release, with a reserved release, or with a slash in it', () => {
    expect(failure(() => parseSessionUpdate(session({}, { release: undefined }))).message).toContain(
      '"attrs.release" is required',
    );
    expect(failure(() => parseSessionUpdate(session({}, { release: 'latest' }))).message).toContain(
      'reserved',
    );
    expect(failure(() => parseSessionUpdate(session({}, { release: 'feature/login' }))).message).toContain(
      '"/"',
    );
  });

  it('drops an invalid environment but keeps the session', () => {
    expect(parseSessionUpdate(session({}, { environment: 'None' })).environment).toBeNull();
    expect(parseSessionUpdate(session({}, { environment: 'x'.repeat(65) })).environment).toBeNull();
  });

  it('rejects what Relay cannot read, naming the field', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ status: 'paused' }, '"status" "paused" is not one of'],
      [{ errors: -1 }, '"errors" must be a whole number'],
      [{ started: 'yesterday' }, '"started" is not a timestamp'],
      [{ started: undefined }, '"started" is required'],
      [{ sid: 'session-1' }, '"sid" must be a UUID'],
      [{ init: 'yes' }, '"init" must be true or false'],
      [{ duration: -3 }, '"duration" must be a number of seconds'],
    ];
    for (const [overrides, message] of cases) {
      const error = failure(() => parseSessionUpdate(session(overrides)));
      expect(error.status).toBe(400);
      expect(error.code).toBe('invalid_session');
      expect(error.message).toContain(message);
    }
  });

  it('rejects a payload that is not JSON', () => {
    expect(failure(() => parseSessionUpdate(Buffer.from('{"sid":'))).code).toBe('invalid_json');
  });
});

describe('parseSessionAggregates', () => {
  it('reads the per-minute buckets a server SDK sends in request mode', () => {
    const payload = {
      aggregates: [
        { started: '2026-11-25T00:20:00Z', did: 'u-12', exited: 14, errored: 2 },
        { started: '2026-11-25T00:21:00Z', exited: 9, crashed: 1, abnormal: 1, unhandled: 3 },
      ],
      attrs: { release: 'billing@3.2.0', environment: 'staging' },
    };
    expect(parseSessionAggregates(Buffer.from(JSON.stringify(payload)))).toEqual({
      release: 'billing@3.2.0',
      environment: 'staging',
      buckets: [
        {
          startedMs: Date.parse('2026-11-25T00:20:00Z'),
          did: 'u-12',
          exited: 14,
          errored: 2,
          abnormal: 0,
          crashed: 0,
        },
        {
          startedMs: Date.parse('2026-11-25T00:21:00Z'),
          did: null,
          exited: 9,
          errored: 3,
          abnormal: 1,
          crashed: 1,
        },
      ],
    });
  });

  it('names the bucket that is wrong', () => {
    const error = failure(() =>
      parseSessionAggregates({
        aggregates: [{ started: '2026-11-25T00:20:00Z' }, { exited: 2 }],
        attrs: { release: 'a@1' },
      }),
    );
    expect(error.message).toContain('"aggregates[1].started" is required');
  });

  it('requires a release', () => {
    expect(failure(() => parseSessionAggregates({ aggregates: [], attrs: {} })).message).toContain(
      '"attrs.release"',
    );
  });
});

describe('parseClientReport', () => {
  it('merges the four lists and sums counts of the same reason and category', () => {
    const report = parseClientReport({
      timestamp: 1795566409.25,
      discarded_events: [
        { reason: 'queue_overflow', category: 'error', quantity: 3 },
        { reason: 'before_send', category: 'error', quantity: 1 },
        { reason: 'queue_overflow', category: 'error', quantity: 2 },
      ],
      rate_limited_events: [{ reason: 'ratelimit_backoff', category: 'transaction', quantity: 40 }],
      filtered_events: [{ reason: 'browser-extensions', category: 'error', quantity: 5 }],
      filtered_sampling_events: [{ reason: 'Sampled:1001', category: 'transaction', quantity: 7 }],
    });
    expect(report).toEqual({
      timestampMs: 1795566409250,
      discarded: [
        { reason: 'queue_overflow', category: 'error', quantity: 5, outcome: 'client_discard' },
        { reason: 'before_send', category: 'error', quantity: 1, outcome: 'client_discard' },
        { reason: 'ratelimit_backoff', category: 'transaction', quantity: 40, outcome: 'rate_limited' },
        { reason: 'browser-extensions', category: 'error', quantity: 5, outcome: 'filtered' },
        { reason: 'Sampled:1001', category: 'transaction', quantity: 7, outcome: 'filtered_sampling' },
      ],
    });
  });

  it('reads an RFC 3339 timestamp, and null when there is none', () => {
    expect(parseClientReport({ timestamp: '2026-11-25T00:26:49Z', discarded_events: [] }).timestampMs).toBe(
      Date.parse('2026-11-25T00:26:49Z'),
    );
    expect(parseClientReport({ discarded_events: [] }).timestampMs).toBeNull();
  });

  it('skips entries with a reason over 200 bytes, as Relay does', () => {
    const report = parseClientReport({
      discarded_events: [{ reason: 'r'.repeat(201), category: 'error', quantity: 1 }],
    });
    expect(report.discarded).toEqual([]);
  });

  it('rejects a bad entry, naming it', () => {
    const error = failure(() =>
      parseClientReport({ discarded_events: [{ reason: 'network_error', category: 'error', quantity: -2 }] }),
    );
    expect(error.code).toBe('invalid_client_report');
    expect(error.message).toContain('"discarded_events[0].quantity"');
    expect(failure(() => parseClientReport({ discarded_events: [{ quantity: 1 }] })).message).toContain(
      'needs a "reason" and a "category"',
    );
  });
});
