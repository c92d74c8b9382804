// The releases a project has seen, read for release-order.ts: which of two releases came first where their names
// do not say (they are not semver), and which is the newest.

import type { Kysely, Transaction } from 'kysely';
import type { Schema } from '../../storage/schema.ts';
import { type ReleaseComparator, releaseComparator } from './release-order.ts';

type Conn = Kysely<Schema> | Transaction<Schema>;

/**
 * Orders releases for one project: semver first, then the order the project first saw them in. Only the given
 * versions are loaded, so the comparator knows nothing of other releases.
 */
export async function releaseComparatorFor(
  db: Conn,
  projectId: number,
  versions: readonly string[],
): Promise<ReleaseComparator> {
  const wanted = [...new Set(versions)];
  if (wanted.length < 2) return releaseComparator();
  const rows = await db
    .selectFrom('releases')
    .select(['version'])
    .where('project_id', '=', projectId)
    .where('version', 'in', wanted)
    .orderBy('first_seen')
    .orderBy('id')
    .execute();
  const rank = new Map(rows.map((r, i) => [r.version, i]));
  return releaseComparator((release) => rank.get(release));
}

/** The project's `limit` most recently first-seen release versions, most recent first. */
export async function recentReleases(db: Conn, projectId: number, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('releases')
    .select('version')
    .where('project_id', '=', projectId)
    .orderBy('first_seen', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.version);
}
