// Read queries over issues and their events, keyset-paged and served from the issue rows, their
// per-issue aggregates (issue_tags, issue_counts) and indexes rather than by scanning events.

import type { Expression, Kysely, SelectQueryBuilder, SqlBool } from 'kysely';
import type { Cursor, TextCursor } from '../api/cursor.ts';
import { issueBucketCounts } from '../stats/counts.repository.ts';
import { bucketStartMs, fillBuckets } from '../stats/series.ts';
import type { Issue, Schema } from '../storage/schema.ts';
import { issuesWithOwner, orderByOwner } from './owner-order.ts';
import type { SearchSort } from './search/ast.ts';
import type { IssueWhere } from './search/compile.ts';

type Db = Kysely<Schema>;

/**
 * The column each sort orders by (descending, then id descending). `owner` orders by suggested owner first
 * (owner-order.ts), then like `lastSeen`.
 */
export const SORT_COLUMNS = {
  lastSeen: 'last_seen',
  firstSeen: 'first_seen',
  events: 'times_seen',
  users: 'users_seen',
  owner: 'last_seen',
} as const satisfies Record<SearchSort, keyof Issue>;

type SortColumn = (typeof SORT_COLUMNS)[SearchSort];

/**
 * Each sort column that ingest rewrites is indexed through a coarse generated column that changes rarely, so
 * that ingest's updates stay HOT (migration 2026-12-09T20-issue-sort-buckets): the list orders by that bucket,
 * then the column, then id, and the index serves the order up to the bucket. `of` is the bucket of a value,
 * as the database computes it, for the cursor's index range. first_seen, rarely rewritten, has its own index.
 */
const SORT_BUCKETS: Partial<Record<SortColumn, { column: keyof Issue; of: (value: number) => number }>> = {
  last_seen: { column: 'last_seen_minute', of: (ms) => Math.floor(ms / 60_000) },
  times_seen: { column: 'times_seen_digits', of: (count) => String(Math.trunc(count)).length },
  users_seen: { column: 'users_seen_digits', of: (count) => String(Math.trunc(count)).length },
};

export interface IssueSearch {
  projectId: number;
  /** A compiled search query (search/compile.ts). */
  where: (eb: IssueWhere) => Expression<SqlBool>;
  sort: SearchSort;
  /** The sort value and id of the last row of the previous page (and its owner's sort key for `owner`). */
  cursor: Cursor | TextCursor | undefined;
  limit: number;
}

/**
 * Issues of a project matching a search, best first by the sort; merged issues are left out (their events
 * live on in the target). Returns `limit + 1` rows so the caller knows whether a page follows.
 */
export function searchIssues(db: Db, search: IssueSearch): Promise<SearchedIssue[]> {
  return searchIssuesQuery(db, search).execute();
}

/** `owner_sort` (sort `owner` only): the first suggested owner's label, lower-cased; '' when the issue has none. */
export type SearchedIssue = Issue & { owner_sort?: string };

/** The query searchIssues runs, for callers that want its SQL (the query plan tests). */
export function searchIssuesQuery(db: Db, search: IssueSearch) {
  const { cursor } = search;
  if (search.sort === 'owner') {
    const query = issuesWithOwner(db)
      .where('issues.project_id', '=', search.projectId)
      .where('issues.merged_into_id', 'is', null)
      .where(search.where as never);
    const textCursor = cursor && 'text' in cursor ? cursor : undefined;
    return orderByOwner(query, { column: 'issues.last_seen', direction: 'desc' }, textCursor).limit(
      search.limit + 1,
    );
  }
  const query = db
    .selectFrom('issues')
    .selectAll('issues')
    .where('issues.project_id', '=', search.projectId)
    .where('issues.merged_into_id', 'is', null)
    .where(search.where);
  return inSortOrder(query, SORT_COLUMNS[search.sort], cursor).limit(search.limit + 1);
}

/** Orders issues by `column` descending, then id descending; with a cursor, keeps the rows after it. */
function inSortOrder<O>(
  query: SelectQueryBuilder<Schema, 'issues', O>,
  column: SortColumn,
  cursor: Cursor | undefined,
): SelectQueryBuilder<Schema, 'issues', O> {
  const bucket = SORT_BUCKETS[column];
  if (cursor) {
    query = query.where((eb) =>
      eb(eb.refTuple(`issues.${column}`, 'issues.id'), '<', eb.tuple(cursor.at, cursor.id)),
    );
    // Implied by the tuple comparison, and what lets the index start at the cursor's bucket.
    if (bucket) query = query.where(`issues.${bucket.column}`, '<=', bucket.of(cursor.at));
  }
  if (bucket) query = query.orderBy(`issues.${bucket.column}`, 'desc');
  return query.orderBy(`issues.${column}`, 'desc').orderBy('issues.id', 'desc');
}

/** Ids of the issues matching a search, most recently seen first, at most `cap` of them. */
export async function matchingIssueIds(
  db: Db,
  projectId: number,
  where: IssueSearch['where'],
  cap: number,
): Promise<number[]> {
  const query = db
    .selectFrom('issues')
    .select('issues.id')
    .where('issues.project_id', '=', projectId)
    .where('issues.merged_into_id', 'is', null)
    .where(where);
  const rows = await inSortOrder(query, 'last_seen', undefined).limit(cap).execute();
  return rows.map((r) => r.id);
}

/** How many issues match a search; with `upTo`, counting stops past that many (it answers upTo + 1). */
export async function countMatchingIssues(
  db: Db,
  projectId: number,
  where: IssueSearch['where'],
  upTo?: number,
): Promise<number> {
  let matching = db
    .selectFrom('issues')
    .select('issues.id')
    .where('issues.project_id', '=', projectId)
    .where('issues.merged_into_id', 'is', null)
    .where(where);
  if (upTo !== undefined) matching = matching.limit(upTo + 1);
  const row = await db
    .selectFrom(matching.as('matching'))
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export function getIssue(db: Db, id: number): Promise<Issue | undefined> {
  return db.selectFrom('issues').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The project an issue belongs to; undefined when there is no such issue. */
export async function issueProjectId(db: Db, id: number): Promise<number | undefined> {
  const issue = await db.selectFrom('issues').select('project_id').where('id', '=', id).executeTakeFirst();
  return issue?.project_id;
}

export function issuesByIds(db: Db, ids: readonly number[]): Promise<Issue[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('issues')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
}

/** An issue the caller has just changed, so it exists: throws (a 500) if it does not. */
export function getChangedIssue(db: Db, id: number): Promise<Issue> {
  return db.selectFrom('issues').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** The columns of an event summary (EventSummary in api/schemas.ts). */
export const EVENT_SUMMARY_COLUMNS = [
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

/** Runs an events query newest first, keyset-paged by (timestamp, id): `limit + 1` rows, for page(). */
export function newestEventsPage<O>(
  query: SelectQueryBuilder<Schema, 'events', O>,
  cursor: Cursor | undefined,
  limit: number,
): Promise<O[]> {
  const after = cursor
    ? query.where((eb) => eb(eb.refTuple('timestamp', 'id'), '<', eb.tuple(cursor.at, cursor.id)))
    : query;
  return after
    .orderBy('timestamp', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
}

export function listIssueEvents(db: Db, issueId: number, cursor: Cursor | undefined, limit: number) {
  const query = db.selectFrom('events').select(EVENT_SUMMARY_COLUMNS).where('issue_id', '=', issueId);
  return newestEventsPage(query, cursor, limit);
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
 * one, zeros included, oldest first: read from the hourly or daily rollups when the bucket is a
 * multiple of them.
 */
export async function occurrenceSeries(
  db: Db,
  issueId: number,
  bucketMinutes: number,
  buckets: number,
  nowMs = Date.now(),
): Promise<CountPoint[]> {
  const last = Math.floor(nowMs / 60_000 / bucketMinutes);
  const range = {
    interval: `${bucketMinutes}m`,
    intervalMinutes: bucketMinutes,
    first: last - buckets + 1,
    count: buckets,
  };
  const counts = await issueBucketCounts(db, [issueId], range);
  return fillBuckets(range, counts.get(issueId)).map((count, i) => ({
    startMs: bucketStartMs(range, i),
    count,
  }));
}
