// Occurrence counts per bucket of a series range, for issues (issue_counts, issue_rollups) and projects
// (project_counts), each read from the coarsest table whose span divides the interval (count-spans.ts),
// through its primary key: (id, span, minute). And the releases first seen in a range, for chart markers.

import { type Kysely, sql } from 'kysely';
import { MINUTE_SPAN, spanFor } from '../storage/count-spans.ts';
import type { Schema } from '../storage/schema.ts';
import type { SeriesRange } from './series.ts';

type Db = Kysely<Schema>;

/** Summed counts: per id (issue or project), per bucket number. */
export type BucketCounts = Map<number, Map<number, number>>;

interface Row {
  id: number;
  bucket: number;
  count: number;
}

function collect(rows: Row[]): BucketCounts {
  const out: BucketCounts = new Map();
  for (const row of rows) {
    const id = Number(row.id);
    const buckets = out.get(id) ?? new Map<number, number>();
    out.set(id, buckets);
    buckets.set(Number(row.bucket), Number(row.count));
  }
  return out;
}

/** The minutes [from, to) the range covers, and the bucket expression over a `minute` column. */
function bounds(range: SeriesRange) {
  const minutes = range.intervalMinutes;
  return {
    from: range.first * minutes,
    to: (range.first + range.count) * minutes,
    bucket: sql<number>`minute / ${sql.lit(minutes)}`,
    total: sql<number>`cast(sum(count) as bigint)`,
  };
}

/** Each issue's events per bucket; issues without events in the range are absent. */
export async function issueBucketCounts(
  db: Db,
  issueIds: readonly number[],
  range: SeriesRange,
): Promise<BucketCounts> {
  if (issueIds.length === 0) return new Map();
  const span = spanFor(range.intervalMinutes);
  const { from, to, bucket, total } = bounds(range);
  const ids = [...issueIds];
  const rows =
    span === MINUTE_SPAN
      ? await db
          .selectFrom('issue_counts')
          .select(['issue_id as id', bucket.as('bucket'), total.as('count')])
          .where('issue_id', 'in', ids)
          .where('minute', '>=', from)
          .where('minute', '<', to)
          .groupBy(['issue_id', bucket])
          .execute()
      : await db
          .selectFrom('issue_rollups')
          .select(['issue_id as id', bucket.as('bucket'), total.as('count')])
          .where('issue_id', 'in', ids)
          .where('span', '=', span)
          .where('minute', '>=', from)
          .where('minute', '<', to)
          .groupBy(['issue_id', bucket])
          .execute();
  return collect(rows);
}

/** Each project's events per bucket, of one environment when `environment` is given. */
export async function projectBucketCounts(
  db: Db,
  projectIds: readonly number[],
  range: SeriesRange,
  environment?: string,
): Promise<BucketCounts> {
  if (projectIds.length === 0) return new Map();
  const { from, to, bucket, total } = bounds(range);
  let query = db
    .selectFrom('project_counts')
    .select(['project_id as id', bucket.as('bucket'), total.as('count')])
    .where('project_id', 'in', [...projectIds])
    .where('span', '=', spanFor(range.intervalMinutes))
    .where('minute', '>=', from)
    .where('minute', '<', to);
  if (environment !== undefined) query = query.where('environment', '=', environment);
  return collect(await query.groupBy(['project_id', bucket]).execute());
}

/** At most this many release markers per chart: a release pipeline gone wild should not flood it. */
const MAX_MARKERS = 100;

/** Releases the project first saw in [fromMs, toMs), oldest first. */
/** The deploy markers of a range, oldest first (deploys/deploys.repository.ts writes them). */
export function deploysFinished(db: Db, projectId: number, fromMs: number, toMs: number) {
  return db
    .selectFrom('deploys')
    .select(['release', 'environment', 'strategy', 'finished_at'])
    .where('project_id', '=', projectId)
    .where('finished_at', '>=', fromMs)
    .where('finished_at', '<', toMs)
    .orderBy('finished_at')
    .orderBy('id')
    .limit(MAX_MARKERS)
    .execute();
}

export function releasesFirstSeen(db: Db, projectId: number, fromMs: number, toMs: number) {
  return db
    .selectFrom('releases')
    .select(['version', 'first_seen'])
    .where('project_id', '=', projectId)
    .where('first_seen', '>=', fromMs)
    .where('first_seen', '<', toMs)
    .orderBy('first_seen')
    .orderBy('version')
    .limit(MAX_MARKERS)
    .execute();
}
