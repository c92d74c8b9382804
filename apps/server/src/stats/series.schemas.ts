// TypeBox schemas of time series: the query that picks the range and interval, the series a chart draws,
// and the compact sparkline that list rows carry.

import { Type } from 'typebox';
import { CountPoint } from '../api/schemas.ts';
import { INTERVAL_NAMES, MAX_BUCKETS, PERIOD_NAMES, PERIODS, SPARKLINE_PERIODS } from './series.ts';

const literals = <T extends string>(values: readonly T[]) => values.map((v) => Type.Literal(v));
const DateTime = Type.String({ format: 'date-time' });

const periodDefaults = PERIOD_NAMES.map((p) => `${p} → ${PERIODS[p].interval}`).join(', ');

export const SeriesQuery = {
  period: Type.Optional(
    Type.Union(literals(PERIOD_NAMES), {
      description: `A period ending now (default 24h), with its default interval: ${periodDefaults}.`,
    }),
  ),
  start: Type.Optional(
    Type.String({ format: 'date-time', description: 'Start of a range (instead of a period).' }),
  ),
  end: Type.Optional(Type.String({ format: 'date-time', description: 'End of the range (default now).' })),
  interval: Type.Optional(
    Type.Union(literals(INTERVAL_NAMES), {
      description:
        `Bucket length; buckets align on multiples of it in UTC. At most ${MAX_BUCKETS} buckets. A range without ` +
        'an interval gets the finest one giving at most 200 buckets.',
    }),
  ),
};

export const ReleaseMarker = Type.Object({ version: Type.String(), firstSeen: DateTime });
export const DeployMarker = Type.Object({
  release: Type.String(),
  environment: Type.String(),
  strategy: Type.Union([Type.String(), Type.Null()]),
  finishedAt: DateTime,
});

export const Series = Type.Object({
  interval: Type.String({ description: 'The bucket length, like 1h.' }),
  start: Type.String({ format: 'date-time', description: 'Start of the first bucket.' }),
  end: Type.String({ format: 'date-time', description: 'End of the last bucket (exclusive).' }),
  total: Type.Integer({ description: 'Events in the whole range.' }),
  points: Type.Array(CountPoint, { description: 'One per bucket, oldest first, zeros included.' }),
  releases: Type.Array(ReleaseMarker, {
    description: "Releases the project first saw within the range, oldest first: the chart's markers.",
  }),
  deploys: Type.Array(DeployMarker, {
    description: "Deploys that finished within the range, oldest first: the chart's deploy markers.",
  }),
});

export const SparklineQuery = Type.Optional(
  Type.Union(literals(SPARKLINE_PERIODS), {
    description: 'Adds each row a sparkline of its events: 24 hourly (24h) or 14 daily (14d) counts.',
  }),
);

export const Sparkline = Type.Object({
  start: Type.String({ format: 'date-time', description: 'Start of the first bucket.' }),
  interval: Type.String({ description: '1h or 1d.' }),
  counts: Type.Array(Type.Integer(), { description: 'Events per bucket, oldest first, zeros included.' }),
});
