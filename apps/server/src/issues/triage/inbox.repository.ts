// The triage inbox as the weekly triage reads it (which issues are in it is lifecycle/inbox.ts's call).

import type { Kysely } from 'kysely';
import type { Cursor } from '../../api/cursor.ts';
import type { Issue, Schema } from '../../storage/schema.ts';

export type InboxOrder = 'oldest' | 'newest';

/**
 * A project's inbox, paged by (inbox_at, id): oldest first by default, so a triage session works through what
 * has waited longest. Returns `limit + 1` rows so the caller knows whether a page follows.
 */
export function listInbox(
  db: Kysely<Schema>,
  projectId: number,
  order: InboxOrder,
  cursor: Cursor | undefined,
  limit: number,
): Promise<Issue[]> {
  const direction = order === 'oldest' ? 'asc' : 'desc';
  let query = db
    .selectFrom('issues')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('inbox_at', 'is not', null)
    .where('status', '=', 'unresolved')
    .where('merged_into_id', 'is', null);
  if (cursor) {
    const after = order === 'oldest' ? '>' : '<';
    query = query.where((eb) => eb(eb.refTuple('inbox_at', 'id'), after, eb.tuple(cursor.at, cursor.id)));
  }
  return query
    .orderBy('inbox_at', direction)
    .orderBy('id', direction)
    .limit(limit + 1)
    .execute();
}
