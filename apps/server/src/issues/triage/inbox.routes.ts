// GET /api/v1/projects/{id}/inbox: what the weekly triage works through. Marking an issue reviewed is
// POST /api/v1/issues/{id}/review (or any other triage action), in triage.routes.ts.

import { Type } from 'typebox';
import { decodeCursor, page } from '../../api/cursor.ts';
import { errorResponses, IdParam, PageQuery } from '../../api/schemas.ts';
import { authorize } from '../../auth/access.ts';
import type { RoutePlugin } from '../../http.ts';
import { assigneeViews } from './assignment.ts';
import { listInbox } from './inbox.repository.ts';
import { presentTriagedIssues } from './triage.presenter.ts';
import { TriagedIssuePage } from './triage.schemas.ts';

export const inboxRoutes: RoutePlugin = async (app, { database: { db } }) => {
  app.get(
    '/api/v1/projects/:id/inbox',
    {
      schema: {
        description:
          'Unresolved issues nobody has reviewed since they became new, regressed, came back from snooze or ' +
          'escalated. Oldest first by default (what waited longest comes first); `order=newest` reverses it.',
        params: IdParam,
        querystring: Type.Object({
          order: Type.Optional(Type.Enum(['oldest', 'newest'])),
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
      const { order = 'oldest', limit = 25, cursor } = request.query;
      const rows = await listInbox(db, projectId, order, decodeCursor(cursor), limit);
      const { items, next } = page(rows, limit, (row) => ({ at: row.inbox_at ?? 0, id: row.id }));
      return { issues: presentTriagedIssues(items, await assigneeViews(db, items)), next };
    },
  );
};
