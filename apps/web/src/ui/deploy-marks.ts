// Deploys along a graph's time axis: which ones fall in the span it shows and where, and what each says in
// words (a marker's tooltip and accessible name, a sparkline's summary). Pure.

import { exactTime } from './format.ts';

/** What a graph needs of a deploy: the series' markers and the deploy lists both have it. */
export interface DeployMark {
  release: string;
  environment: string;
  strategy: string | null;
  finishedAt: string;
}

export interface PlacedDeploy<T extends DeployMark = DeployMark> {
  deploy: T;
  /** Where it falls along the axis: 0 at the start, 1 at the end. */
  at: number;
}

export interface TimeSpan {
  startMs: number;
  endMs: number;
}

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** The span a sparkline covers: its first bucket's start to its last bucket's end. Null for "12x". */
export function sparkSpan(spark: {
  start: string;
  interval: string;
  counts: readonly number[];
}): TimeSpan | null {
  const match = /^(\d+)([mhd])$/.exec(spark.interval);
  const startMs = Date.parse(spark.start);
  if (!match || Number.isNaN(startMs)) return null;
  const bucketMs = Number(match[1]) * UNIT_MS[match[2]!]!;
  return { startMs, endMs: startMs + bucketMs * spark.counts.length };
}

/** The deploys finished within the span, oldest first, each with its place along the axis. */
export function placeDeploys<T extends DeployMark>(
  deploys: readonly T[],
  span: TimeSpan,
): Array<PlacedDeploy<T>> {
  const length = span.endMs - span.startMs;
  if (!(length > 0)) return [];
  return deploys
    .map((deploy) => ({ deploy, ms: Date.parse(deploy.finishedAt) }))
    .filter(({ ms }) => ms >= span.startMs && ms < span.endMs)
    .sort((a, b) => a.ms - b.ms)
    .map(({ deploy, ms }) => ({ deploy, at: (ms - span.startMs) / length }));
}

/** "shop@3 deployed to production (blue-green), 7 Dec 2026, 15:33:28 UTC": a marker's tooltip and name. */
export function deployWords(d: DeployMark): string {
  const strategy = d.strategy ? ` (${d.strategy})` : '';
  return `${d.release} deployed to ${d.environment}${strategy}, ${exactTime(d.finishedAt)}`;
}

const short = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});

/** How many deploys a sparkline's summary names: the latest ones. */
const NAMED = 3;

/**
 * A sparkline's deploys in a sentence: "2 deploys: shop@2 to production 7 Dec, 14:05; shop@3 to
 * production 7 Dec, 15:33"; past three, "5 deploys, the latest: …". Empty without deploys.
 */
export function deploysSentence(placed: readonly PlacedDeploy[]): string {
  if (placed.length === 0) return '';
  const named = placed.slice(-NAMED).map(({ deploy: d }) => {
    const date = new Date(d.finishedAt);
    const when = Number.isNaN(date.getTime()) ? d.finishedAt : short.format(date);
    return `${d.release} to ${d.environment} ${when}`;
  });
  const count =
    placed.length === 1
      ? '1 deploy'
      : placed.length > NAMED
        ? `${placed.length} deploys, the latest`
        : `${placed.length} deploys`;
  return `${count}: ${named.join('; ')}`;
}
