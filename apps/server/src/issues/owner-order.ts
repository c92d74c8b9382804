// Issues ordered by their suggested owner (issue_owners.owner_sort): owned issues first by the owner's label,
// those without an owner last. Shared by the triage inbox and the issue stream so the two agree.

import { type Kysely, sql } from 'kysely';
import type { TextCursor } from '../api/cursor.ts';
import type { Schema } from '../storage/schema.ts';

/** Issues with their suggested owner's sort key: `owner_sort` is the first owner's label, lower-cased, '' for none. */
export function issuesWithOwner(db: Kysely<Schema>) {
  return db
    .selectFrom('issues')
    .leftJoin('issue_owners', 'issue_owners.issue_id', 'issues.id')
    .selectAll('issues')
    .select(ownerSort.as('owner_sort'));
}

type OwnerQuery = ReturnType<typeof issuesWithOwner>;

// Issues with an owner first (0), by label, then those without (1).
const ownerRank = sql<number>`case when issue_owners.owner_sort is null then 1 else 0 end`;
const ownerSort = sql<string>`coalesce(issue_owners.owner_sort, '')`;

export interface OwnerOrder {
  /** The issues column that orders the issues of one owner, then the id, both in `direction`. */
  column: 'issues.inbox_at' | 'issues.last_seen';
  direction: 'asc' | 'desc';
}

/**
 * Orders by owner, then `column` and id; with a cursor, keeps the rows after it (a keyset page). The owner
 * part always ascends while the rest may descend, so the cursor cannot be one tuple comparison.
 */
export function orderByOwner(
  query: OwnerQuery,
  order: OwnerOrder,
  cursor: TextCursor | undefined,
): OwnerQuery {
  const { column, direction } = order;
  if (cursor) {
    const rank = cursor.text === '' ? 1 : 0;
    query = query.where((eb) =>
      eb.or([
        eb(eb.tuple(ownerRank, ownerSort), '>', eb.tuple(rank, cursor.text)),
        eb.and([
          eb(ownerRank, '=', rank),
          eb(ownerSort, '=', cursor.text),
          eb(
            eb.refTuple(column, 'issues.id'),
            direction === 'asc' ? '>' : '<',
            eb.tuple(cursor.at, cursor.id),
          ),
        ]),
      ]),
    );
  }
  return query
    .orderBy(ownerRank)
    .orderBy(ownerSort)
    .orderBy(column, direction)
    .orderBy('issues.id', direction);
}
