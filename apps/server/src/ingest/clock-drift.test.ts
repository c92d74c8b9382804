import { describe, expect, it } from 'vitest';
import { clockDriftMs, parseRfc3339Ms, parseSentryTimestampMs } from './clock-drift.ts';

const received = Date.parse('2026-11-25T12:00:00Z');
const minutes = (n: number) => n * 60_000;

describe('clockDriftMs', () => {
  it('corrects a device clock a day behind by a day', () => {
    expect(clockDriftMs('2026-11-24T12:00:00Z', received)).toBe(minutes(24 * 60));
  });

  it('corrects a device clock two hours ahead (a timezone mistake) backwards', () => {
    expect(clockDriftMs('2026-11-25T14:00:00+00:00', received)).toBe(-minutes(120));
  });

  it('corrects from 55 minutes on, counted in whole seconds', () => {
    expect(clockDriftMs(new Date(received - minutes(55)).toISOString(), received)).toBe(minutes(55));
    expect(clockDriftMs(new Date(received - minutes(55) + 1).toISOString(), received)).toBe(0);
  });

  it('leaves ordinary latency and skew alone', () => {
    expect(clockDriftMs('2026-11-25T11:59:58.250Z', received)).toBe(0);
    expect(clockDriftMs('2026-11-25T11:06:00Z', received)).toBe(0);
  });

  it('does nothing without a readable sent_at', () => {
    expect(clockDriftMs(undefined, received)).toBe(0);
    expect(clockDriftMs('last tuesday', received)).toBe(0);
  });
});

describe('parseRfc3339Ms', () => {
  it('reads offsets, fractions and the UTC default', () => {
    expect(parseRfc3339Ms('2026-11-25T00:26:49.459Z')).toBe(Date.parse('2026-11-25T00:26:49.459Z'));
    expect(parseRfc3339Ms('2026-11-25T01:26:49.459123+01:00')).toBe(Date.parse('2026-11-25T00:26:49.459Z'));
    // raven-ruby writes its timestamps without an offset: UTC.
    expect(parseRfc3339Ms('2026-11-25T00:26:49')).toBe(Date.parse('2026-11-25T00:26:49Z'));
  });

  it('rejects impossible dates and other formats', () => {
    for (const value of [
      '2026-02-30T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-11-25T24:00:00Z',
      '25/11/2026',
      '',
    ]) {
      expect(parseRfc3339Ms(value)).toBeUndefined();
    }
  });
});

describe('parseSentryTimestampMs', () => {
  it('reads epoch seconds as numbers or strings, and RFC 3339 strings', () => {
    expect(parseSentryTimestampMs(1795566409.469)).toBe(1795566409469);
    expect(parseSentryTimestampMs('1795566409')).toBe(1795566409000);
    expect(parseSentryTimestampMs('2026-11-25T00:26:49Z')).toBe(Date.parse('2026-11-25T00:26:49Z'));
    expect(parseSentryTimestampMs(null)).toBeUndefined();
    expect(parseSentryTimestampMs(-5)).toBeUndefined();
  });
});
