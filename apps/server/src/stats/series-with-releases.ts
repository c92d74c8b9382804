// One series as the API answers it: a subject's bucket counts over a range, with the releases its
// project first saw in that range and the deploys that finished in it as markers. The issue and project
// series routes share it.

import type { Kysely } from 'kysely';
import type { Schema } from '../storage/schema.ts';
import { deploysFinished, releasesFirstSeen } from './counts.repository.ts';
import { presentSeries } from './series.presenter.ts';
import { bucketStartMs, rangeEndMs, type SeriesRange } from './series.ts';

export async function seriesWithReleases(
  db: Kysely<Schema>,
  projectId: number,
  range: SeriesRange,
  counts: Promise<ReadonlyMap<number, number> | undefined>,
) {
  const [byBucket, releases, deploys] = await Promise.all([
    counts,
    releasesFirstSeen(db, projectId, bucketStartMs(range, 0), rangeEndMs(range)),
    deploysFinished(db, projectId, bucketStartMs(range, 0), rangeEndMs(range)),
  ]);
  return presentSeries(range, byBucket, releases, deploys);
}
