// POST /api/v1/issues/{id}/comments and GET /api/v1/issues/{id}/activity: the conversation and the record of
// everything that happened to an issue (status changes, reviews, assignments, links, comments).

import { Type } from 'typebox';
import { decodeCursor, page } from '../../api/cursor.ts';
import { errorResponses, IdParam, PageQuery } from '../../api/schemas.ts';
import type { RoutePlugin } from '../../http.ts';
import { actorOf, findActivity, listActivityPage } from '../activity.repository.ts';
import { authorizeIssue } from '../authorized-issue.ts';
import { presentActivity } from './activity.presenter.ts';
import { addComment } from './comments.ts';
import { ActivityEntry, CommentBody } from './triage.schemas.ts';

export const commentsRoutes: RoutePlugin = async (app, { database: { db } }) => {
  app.post(
    '/api/v1/issues/:id/comments',
    {
      schema: {
        params: IdParam,
        body: CommentBody,
        response: { 201: ActivityEntry, ...errorResponses },
      },
    },
    async (request, reply) => {
      const issueId = Number(request.params.id);
      const projectId = await authorizeIssue(db, request.caller, issueId, 'triage');
      const id = await addComment(db, { id: issueId, projectId }, actorOf(request.caller), request.body.text);
      return reply.status(201).send(presentActivity(await findActivity(db, id)));
    },
  );

  app.get(
    '/api/v1/issues/:id/activity',
    {
      schema: {
        description: 'Oldest first, so that replaying the status changes from→to gives the current status.',
        params: IdParam,
        querystring: Type.Object({
          ...PageQuery,
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
        }),
        response: {
          200: Type.Object({
            activity: Type.Array(ActivityEntry),
            next: Type.Union([Type.String(), Type.Null()]),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const issueId = Number(request.params.id);
      await authorizeIssue(db, request.caller, issueId, 'read');
      const { limit = 50, cursor } = request.query;
      const rows = await listActivityPage(db, issueId, decodeCursor(cursor)?.id ?? 0, limit);
      const { items, next } = page(rows, limit, (row) => ({ at: row.created_at, id: row.id }));
      return { activity: items.map(presentActivity), next };
    },
  );
};
