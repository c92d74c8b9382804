import { describe, expect, it } from 'vitest';
import { VigieError } from '../errors.ts';
import { bucketStartMs, fillBuckets, MAX_BUCKETS, rangeEndMs, seriesRange } from './series.ts';

const NOW = Date.UTC(2026, 10, 26, 14, 37, 12);
const iso = (ms: number) => new Date(ms).toISOString();

function invalid(request: Parameters<typeof seriesRange>[0]): string {
  try {
    seriesRange(request, NOW);
  } catch (error) {
    expect(error).toBeInstanceOf(VigieError);
    expect((error as VigieError).code).toBe('invalid_series');
    return (error as VigieError).message;
  }
  throw new Error('expected a 400');
}

describe('seriesRange', () => {
  it('gives a period ending with the bucket that holds now, at its default interval', () => {
    const day = seriesRange({ period: '24h' }, NOW);
    expect(day).toMatchObject({ interval: '1h', count: 24 });
    expect(iso(bucketStartMs(day, 23))).toBe('2026-11-26T14:00:00.000Z');
    expect(iso(bucketStartMs(day, 0))).toBe('2026-11-25T15:00:00.000Z');
    expect(iso(rangeEndMs(day))).toBe('2026-11-26T15:00:00.000Z');
    const month = seriesRange({ period: '30d' }, NOW);
    expect(month).toMatchObject({ interval: '1d', count: 30 });
    expect(iso(bucketStartMs(month, 29))).toBe('2026-11-26T00:00:00.000Z');
  });

  it('answers 24 hours by default, and takes the interval asked for', () => {
    expect(seriesRange({}, NOW)).toMatchObject({ interval: '1h', count: 24 });
    expect(seriesRange({ period: '24h', interval: '15m' }, NOW)).toMatchObject({
      count: 96,
      intervalMinutes: 15,
    });
    expect(seriesRange({ period: '1h', interval: '1d' }, NOW)).toMatchObject({ count: 1 });
  });

  it('covers a range from the bucket holding its start to the one holding its end (exclusive)', () => {
    const range = seriesRange(
      { start: '2026-11-20T10:30:00Z', end: '2026-11-21T10:00:00Z', interval: '1h' },
      NOW,
    );
    expect(iso(bucketStartMs(range, 0))).toBe('2026-11-20T10:00:00.000Z');
    expect(iso(rangeEndMs(range))).toBe('2026-11-21T10:00:00.000Z');
    expect(range.count).toBe(24);
  });

  it('picks the finest interval that keeps a range under 200 buckets when none is given', () => {
    expect(seriesRange({ start: '2026-11-26T12:00:00Z' }, NOW).interval).toBe('1m');
    expect(seriesRange({ start: '2026-11-25T14:00:00Z' }, NOW).interval).toBe('10m');
    expect(seriesRange({ start: '2026-10-27T00:00:00Z' }, NOW).interval).toBe('4h');
  });

  it('refuses a period with a range, an end alone, an end before the start, and too many buckets', () => {
    expect(invalid({ period: '24h', start: '2026-11-25T00:00:00Z' })).toMatch(/either a period or a start/);
    expect(invalid({ end: '2026-11-25T00:00:00Z' })).toMatch(/An end needs a start/);
    expect(invalid({ start: '2026-11-25T00:00:00Z', end: '2026-11-24T00:00:00Z' })).toMatch(/before the end/);
    expect(invalid({ period: '30d', interval: '1m' })).toMatch(
      new RegExp(`43200 buckets of 1m, more than ${MAX_BUCKETS}; use a longer interval \\(30m or more\\)`),
    );
  });
});

describe('fillBuckets', () => {
  it('gives every bucket of the range its count, zeros where nothing happened', () => {
    const range = seriesRange({ period: '24h', interval: '6h' }, NOW);
    const counts = new Map([
      [range.first + 1, 5],
      [range.first + 3, 2],
      [range.first + 9, 99],
    ]);
    expect(fillBuckets(range, counts)).toEqual([0, 5, 0, 2]);
    expect(fillBuckets(range, undefined)).toEqual([0, 0, 0, 0]);
  });
});
