// Time series of occurrence counts: which buckets a request asks for (a period ending now, or a start and
// an end, at an interval), and the zero-filled counts per bucket. Pure: the counts come from
// stats/counts.repository.ts. Buckets are aligned on multiples of the interval since the epoch, in UTC.

import { VigieError } from '../errors.ts';

/** The intervals a series may be cut into, in minutes: each divides a day, so buckets align on days. */
export const INTERVALS = {
  '1m': 1,
  '5m': 5,
  '10m': 10,
  '15m': 15,
  '30m': 30,
  '1h': 60,
  '2h': 120,
  '3h': 180,
  '4h': 240,
  '6h': 360,
  '12h': 720,
  '1d': 1440,
} as const;
export type IntervalName = keyof typeof INTERVALS;
export const INTERVAL_NAMES = Object.keys(INTERVALS) as IntervalName[];

/** Periods ending now, with the interval each gets unless the request names one (as Sentry's statsPeriod). */
export const PERIODS = {
  '1h': { minutes: 60, interval: '1m' },
  '24h': { minutes: 1440, interval: '1h' },
  '7d': { minutes: 7 * 1440, interval: '1h' },
  '14d': { minutes: 14 * 1440, interval: '1d' },
  '30d': { minutes: 30 * 1440, interval: '1d' },
  '90d': { minutes: 90 * 1440, interval: '1d' },
} as const satisfies Record<string, { minutes: number; interval: IntervalName }>;
export type PeriodName = keyof typeof PERIODS;
export const PERIOD_NAMES = Object.keys(PERIODS) as PeriodName[];

/** The sparklines of lists (issue stream, projects): 24 hourly or 14 daily buckets. */
export const SPARKLINE_PERIODS = ['24h', '14d'] as const satisfies readonly PeriodName[];
export type SparklinePeriod = (typeof SPARKLINE_PERIODS)[number];

/** A week at 5-minute intervals; past it, a chart has more points than pixels. */
export const MAX_BUCKETS = 2016;
/** A range without an interval gets the finest one that stays under this many buckets. */
const DEFAULT_MAX_BUCKETS = 200;

export interface SeriesRequest {
  period?: PeriodName | undefined;
  /** ISO date-times; `end` defaults to now. */
  start?: string | undefined;
  end?: string | undefined;
  interval?: IntervalName | undefined;
}

/** Buckets `first` to `first + count - 1`, bucket b covering minutes [b × interval, (b + 1) × interval). */
export interface SeriesRange {
  /** The interval's name, like 1h. */
  interval: string;
  intervalMinutes: number;
  first: number;
  count: number;
}

const invalid = (message: string, details?: Record<string, unknown>) =>
  new VigieError('invalid_series', { message }, details);

/** The buckets a request asks for; a 400 invalid_series saying what to change when it cannot be answered. */
export function seriesRange(
  request: SeriesRequest,
  nowMs: number,
  defaultPeriod: PeriodName = '24h',
): SeriesRange {
  const { period, start, end } = request;
  if (period !== undefined && (start !== undefined || end !== undefined)) {
    throw invalid('Give either a period or a start (and end), not both.');
  }
  if (start === undefined && end !== undefined) throw invalid('An end needs a start.');
  if (start === undefined) return periodRange(period ?? defaultPeriod, request.interval, nowMs);
  const startMs = Date.parse(start);
  const endMs = end === undefined ? nowMs : Date.parse(end);
  if (!(startMs < endMs)) throw invalid(`The start (${start}) must be before the end (${end ?? 'now'}).`);
  const interval = request.interval ?? finestInterval(endMs - startMs);
  const minutes = INTERVALS[interval];
  const first = Math.floor(startMs / 60_000 / minutes);
  const last = Math.ceil(endMs / 60_000 / minutes) - 1;
  return checked({ interval, intervalMinutes: minutes, first, count: last - first + 1 });
}

/** The `count` buckets ending with the one that holds now. */
export function periodRange(
  period: PeriodName,
  interval: IntervalName | undefined,
  nowMs: number,
): SeriesRange {
  const { minutes: periodMinutes, interval: byDefault } = PERIODS[period];
  const name = interval ?? byDefault;
  const minutes = INTERVALS[name];
  const last = Math.floor(nowMs / 60_000 / minutes);
  const count = Math.ceil(periodMinutes / minutes);
  return checked({ interval: name, intervalMinutes: minutes, first: last - count + 1, count });
}

function finestInterval(spanMs: number): IntervalName {
  const spanMinutes = spanMs / 60_000;
  return INTERVAL_NAMES.find((name) => spanMinutes / INTERVALS[name] <= DEFAULT_MAX_BUCKETS) ?? '1d';
}

function checked(range: SeriesRange): SeriesRange {
  if (range.count > MAX_BUCKETS) {
    const fits = INTERVAL_NAMES.find(
      (name) => (range.count * range.intervalMinutes) / INTERVALS[name] <= MAX_BUCKETS,
    );
    throw invalid(
      `That range holds ${range.count} buckets of ${range.interval}, more than ${MAX_BUCKETS}; ` +
        `use a longer interval${fits ? ` (${fits} or more)` : ''} or a shorter range.`,
      { buckets: range.count, maxBuckets: MAX_BUCKETS },
    );
  }
  return range;
}

/** Epoch ms at which bucket `index` of the range (0-based) starts. */
export function bucketStartMs(range: SeriesRange, index: number): number {
  return (range.first + index) * range.intervalMinutes * 60_000;
}

/** Epoch ms at which the range ends (exclusive): the end of its last bucket. */
export function rangeEndMs(range: SeriesRange): number {
  return bucketStartMs(range, range.count);
}

/** Counts by bucket number (as the repository sums them) to one count per bucket, zeros included. */
export function fillBuckets(range: SeriesRange, byBucket: ReadonlyMap<number, number> | undefined): number[] {
  return Array.from({ length: range.count }, (_, i) => byBucket?.get(range.first + i) ?? 0);
}
