// Read queries over issues and their events, keyset-paged and served from the per-issue
// aggregates (issue_tags, issue_counts) rather than by scanning events.

import { type Kysely, sql } from 'kysely';
import type { Cursor } from '../api/cursor.ts';
import type { Issue, Schema } from '../storage/schema.ts';

type Db = Kysely<Schema>;

export interface IssueFilters {
  status?: string | undefined;
  level?: string | undefined;
  release?: string | undefined;
  environment?: string | undefined;
}

/** Issues of a project, newest last_seen first; `limit + 1` rows so the caller knows if a page follows. */
export function listIssues(
  db: Db,
  projectId: number,
  filters: IssueFilters,
  cursor: Cursor | undefined,
  limit: number,
): Promise<Issue[]> {
  let query = db.selectFrom('issues').selectAll('issues').where('issues.project_id', '=', projectId);
  if (filters.status) query = query.where('issues.status', '=', filters.status);
  if (filters.level) query = query.where('issues.level', '=', filters.level);
  for (const key of ['release', 'environment'] as const) {
    const value = filters[key];
    if (value === undefined) continue;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('issue_tags')
          .select(sql.lit(1).as('one'))
          .whereRef('issue_tags.issue_id', '=', 'issues.id')
          .where('issue_tags.key', '=', key)
          .where('issue_tags.value', '=', value),
      ),
    );
  }
  if (cursor) {
    query = query.where((eb) =>
      eb(eb.refTuple('issues.last_seen', 'issues.id'), '<', eb.tuple(cursor.at, cursor.id)),
    );
  }
  return query
    .orderBy('issues.last_seen', 'desc')
    .orderBy('issues.id', 'desc')
    .limit(limit + 1)
    .execute();
}

export function getIssue(db: Db, id: number): Promise<Issue | undefined> {
  return db.selectFrom('issues').selectAll().where('id', '=', id).executeTakeFirst();
}

const eventColumns = [
  'id',
  'project_id',
  'issue_id',
  'event_id',
  'timestamp',
  'received_at',
  'level',
  'title',
  'release',
  'environment',
  'user_key',
] as const;

export function listIssueEvents(db: Db, issueId: number, cursor: Cursor | undefined, limit: number) {
  let query = db.selectFrom('events').select(eventColumns).where('issue_id', '=', issueId);
  if (cursor) {
    query = query.where((eb) => eb(eb.refTuple('timestamp', 'id'), '<', eb.tuple(cursor.at, cursor.id)));
  }
  return query
    .orderBy('timestamp', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
}

export function latestEvent(db: Db, issueId: number) {
  return db
    .selectFrom('events')
    .selectAll()
    .where('issue_id', '=', issueId)
    .orderBy('timestamp', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** An event by its SDK event_id, within the given projects; the most recent if ids collide. */
export function findEvent(db: Db, eventId: string, projectIds?: number[]) {
  let query = db.selectFrom('events').selectAll().where('event_id', '=', eventId);
  if (projectIds) query = query.where('project_id', 'in', projectIds.length > 0 ? projectIds : [-1]);
  return query.orderBy('received_at', 'desc').limit(1).executeTakeFirst();
}

export interface CountPoint {
  startMs: number;
  count: number;
}

/**
 * Occurrences per bucket of `bucketMinutes`, the last `buckets` of them ending with the current
 * one, zeros included, oldest first.
 */
export async function occurrenceSeries(
  db: Db,
  issueId: number,
  bucketMinutes: number,
  buckets: number,
  nowMs = Date.now(),
): Promise<CountPoint[]> {
  const currentBucket = Math.floor(nowMs / 60_000 / bucketMinutes);
  const firstBucket = currentBucket - buckets + 1;
  const rows = await db
    .selectFrom('issue_counts')
    .select([
      sql<number>`minute / ${sql.lit(bucketMinutes)}`.as('bucket'),
      sql<number>`cast(sum(count) as bigint)`.as('count'),
    ])
    .where('issue_id', '=', issueId)
    .where('minute', '>=', firstBucket * bucketMinutes)
    .groupBy(sql`minute / ${sql.lit(bucketMinutes)}`)
    .execute();
  const byBucket = new Map(rows.map((r) => [Number(r.bucket), Number(r.count)]));
  return Array.from({ length: buckets }, (_, i) => {
    const bucket = firstBucket + i;
    return { startMs: bucket * bucketMinutes * 60_000, count: byBucket.get(bucket) ?? 0 };
  });
}
