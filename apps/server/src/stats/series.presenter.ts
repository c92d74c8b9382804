// Bucket counts to the API's series shapes: points with their start for charts, a bare array of counts
// for sparklines. Pure.

import type { Static } from 'typebox';
import { iso } from '../api/schemas.ts';
import type { Series, Sparkline } from './series.schemas.ts';
import { bucketStartMs, fillBuckets, rangeEndMs, type SeriesRange } from './series.ts';

export function presentSeries(
  range: SeriesRange,
  byBucket: ReadonlyMap<number, number> | undefined,
  releases: ReadonlyArray<{ version: string; first_seen: number }>,
  deploys: ReadonlyArray<{
    release: string;
    environment: string;
    strategy: string | null;
    finished_at: number;
  }> = [],
): Static<typeof Series> {
  const counts = fillBuckets(range, byBucket);
  return {
    interval: range.interval,
    start: iso(bucketStartMs(range, 0)),
    end: iso(rangeEndMs(range)),
    total: counts.reduce((sum, n) => sum + n, 0),
    points: counts.map((count, i) => ({ start: iso(bucketStartMs(range, i)), count })),
    releases: releases.map((r) => ({ version: r.version, firstSeen: iso(r.first_seen) })),
    deploys: deploys.map((d) => ({
      release: d.release,
      environment: d.environment,
      strategy: d.strategy,
      finishedAt: iso(d.finished_at),
    })),
  };
}

export function presentSparkline(
  range: SeriesRange,
  byBucket: ReadonlyMap<number, number> | undefined,
): Static<typeof Sparkline> {
  return {
    start: iso(bucketStartMs(range, 0)),
    interval: range.interval,
    counts: fillBuckets(range, byBucket),
  };
}
