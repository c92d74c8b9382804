// GET /api/v1/projects/{id}/inbox: what the weekly triage works through. Marking an issue reviewed is
// POST /api/v1/issues/{id}/review (or any other triage action), in triage.routes.ts.

import { Type } from 'typebox';
import { decodeCursor, decodeTextCursor, encodeCursor, encodeTextCursor } from '../../api/cursor.ts';
import { errorResponses, IdParam, PageQuery } from '../../api/schemas.ts';
import { authorize } from '../../auth/access.ts';
import type { RoutePlugin } from '../../http.ts';
import { compileIssueSearch } from '../search/compile-request.ts';
import { assigneeViews } from './assignment.ts';
import { type InboxRow, listInbox } from './inbox.repository.ts';
import { presentTriagedIssues } from './triage.presenter.ts';
import { TriagedIssuePage } from './triage.schemas.ts';

export const inboxRoutes: RoutePlugin = async (app, { database: { db } }) => {
  app.get(
    '/api/v1/projects/:id/inbox',
    {
      schema: {
        description:
          'Unresolved issues nobody has reviewed since they became new, regressed, came back from snooze or ' +
          'escalated. Oldest first by default (what waited longest comes first); `order=newest` reverses it, ' +
          '`order=owner` groups them by suggested owner (no owner last), oldest first within each. `query` ' +
          'narrows it with the search language, e.g. `owner:#billing` or `owner:me`.',
        params: IdParam,
        querystring: Type.Object({
          order: Type.Optional(Type.Enum(['oldest', 'newest', 'owner'])),
          query: Type.Optional(Type.String({ description: 'Search query, e.g. owner:me' })),
          ...PageQuery,
        }),
        response: {
          200: TriagedIssuePage,
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const projectId = Number(request.params.id);
      await authorize(db, request.caller, projectId, 'read');
      const { order = 'oldest', limit = 25, cursor, query } = request.query;
      const where = query ? await compileIssueSearch(db, { query }, request.caller) : undefined;
      const byOwner = order === 'owner';
      const rows = await listInbox(db, {
        projectId,
        order,
        where,
        cursor: byOwner ? decodeTextCursor(cursor) : decodeCursor(cursor),
        limit,
      });
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      const key = (row: InboxRow) => ({ at: row.inbox_at ?? 0, id: row.id });
      const next =
        rows.length > limit && last
          ? byOwner
            ? encodeTextCursor({ ...key(last), text: last.owner_sort })
            : encodeCursor(key(last))
          : null;
      return { issues: presentTriagedIssues(items, await assigneeViews(db, items)), next };
    },
  );
};
