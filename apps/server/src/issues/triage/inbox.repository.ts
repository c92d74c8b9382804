// The triage inbox as the weekly triage reads it (which issues are in it is lifecycle/inbox.ts's call).

import type { Expression, Kysely, SqlBool } from 'kysely';
import type { Cursor, TextCursor } from '../../api/cursor.ts';
import type { Issue, Schema } from '../../storage/schema.ts';
import { issuesWithOwner, orderByOwner } from '../owner-order.ts';
import type { IssueWhere } from '../search/compile.ts';

export type InboxOrder = 'oldest' | 'newest' | 'owner';

export interface InboxPageQuery {
  projectId: number;
  order: InboxOrder;
  /** A compiled search query (search/compile.ts) the issues must also match. */
  where?: ((eb: IssueWhere) => Expression<SqlBool>) | undefined;
  cursor: Cursor | TextCursor | undefined;
  limit: number;
}

/** `owner_sort`: the first suggested owner's label, lower-cased; '' when the issue has none. */
export type InboxRow = Issue & { owner_sort: string };

/**
 * A project's inbox, paged by (inbox_at, id): oldest first by default, so a triage session works through what
 * has waited longest; `owner` groups it by suggested owner (by label; no owner last), oldest first in each.
 * Returns `limit + 1` rows so the caller knows whether a page follows.
 */
export function listInbox(db: Kysely<Schema>, page: InboxPageQuery): Promise<InboxRow[]> {
  const { order, cursor } = page;
  let query = issuesWithOwner(db)
    .where('issues.project_id', '=', page.projectId)
    .where('issues.inbox_at', 'is not', null)
    .where('issues.status', '=', 'unresolved')
    .where('issues.merged_into_id', 'is', null);
  if (page.where) query = query.where(page.where as never);
  if (order === 'owner') {
    const textCursor = cursor && 'text' in cursor ? cursor : undefined;
    query = orderByOwner(query, { column: 'issues.inbox_at', direction: 'asc' }, textCursor);
  } else {
    const direction = order === 'newest' ? 'desc' : 'asc';
    if (cursor) {
      const after = order === 'oldest' ? '>' : '<';
      query = query.where((eb) =>
        eb(eb.refTuple('issues.inbox_at', 'issues.id'), after, eb.tuple(cursor.at, cursor.id)),
      );
    }
    query = query.orderBy('issues.inbox_at', direction).orderBy('issues.id', direction);
  }
  return query.limit(page.limit + 1).execute() as Promise<InboxRow[]>;
}
