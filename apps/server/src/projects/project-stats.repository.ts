// A project's figures for the projects page and the stream's pickers: its open issues by substatus (through
// the partial issues_project_open index), the environments its events came from (project_counts), and its
// releases, most recently seen first.

import { type Kysely, sql } from 'kysely';
import type { Cursor } from '../api/cursor.ts';
import { DAY_SPAN } from '../storage/count-spans.ts';
import { escapeLike, likeInsensitive } from '../storage/like.ts';
import type { Schema } from '../storage/schema.ts';

type Db = Kysely<Schema>;

export interface OpenIssues {
  unresolved: number;
  /** Unresolved and still new (first seen less than 7 days ago, not yet settled into ongoing). */
  new: number;
}

/** Per project: its unresolved issues, and how many of them are new. Merged issues are not counted. */
export async function openIssueCounts(
  db: Db,
  projectIds: readonly number[],
): Promise<Map<number, OpenIssues>> {
  const out = new Map(projectIds.map((id): [number, OpenIssues] => [id, { unresolved: 0, new: 0 }]));
  if (projectIds.length === 0) return out;
  const rows = await db
    .selectFrom('issues')
    .select((eb) => ['project_id', 'substatus', eb.fn.countAll<number>().as('count')])
    .where('project_id', 'in', [...projectIds])
    .where('status', '=', 'unresolved')
    .where('merged_into_id', 'is', null)
    .groupBy(['project_id', 'substatus'])
    .execute();
  for (const row of rows) {
    const counts = out.get(row.project_id)!;
    counts.unresolved += Number(row.count);
    if (row.substatus === 'new') counts.new += Number(row.count);
  }
  return out;
}

/** The environments the project's events came from, most events first. */
export async function projectEnvironments(db: Db, projectId: number) {
  const rows = await db
    .selectFrom('project_counts')
    .select((eb) => [
      'environment',
      sql<number>`cast(sum(count) as bigint)`.as('events'),
      eb.fn.max('minute').as('last_day'),
    ])
    .where('project_id', '=', projectId)
    .where('span', '=', DAY_SPAN)
    .where('environment', '<>', '')
    .groupBy('environment')
    .orderBy('events', 'desc')
    .orderBy('environment')
    .execute();
  return rows.map((r) => ({
    name: r.environment,
    events: Number(r.events),
    lastDayMs: Number(r.last_day) * 60_000,
  }));
}

/** The project's releases, most recently seen first, keyset-paged by (last_seen, id); `limit + 1` rows. */
export function listReleases(
  db: Db,
  projectId: number,
  options: { contains?: string | undefined; cursor: Cursor | undefined; limit: number },
) {
  let query = db
    .selectFrom('releases')
    .select(['id', 'version', 'first_seen', 'last_seen'])
    .where('project_id', '=', projectId);
  const { contains, cursor } = options;
  if (contains !== undefined) {
    query = query.where((eb) => likeInsensitive(eb.ref('version'), `%${escapeLike(contains)}%`));
  }
  if (cursor) {
    query = query.where((eb) => eb(eb.refTuple('last_seen', 'id'), '<', eb.tuple(cursor.at, cursor.id)));
  }
  return query
    .orderBy('last_seen', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit + 1)
    .execute();
}
