// Merge and unmerge issues, and list the fingerprints an issue groups; delete-and-discard lives in
// discard.routes.ts and is registered from here.

import { Type } from 'typebox';
import { ErrorResponse, errorResponses, IdParam, Issue, iso } from '../../api/schemas.ts';
import type { App, RoutePlugin } from '../../http.ts';
import type { Database } from '../../storage/database.ts';
import { actorOf } from '../activity.repository.ts';
import { authorizedIssue } from '../authorized-issue.ts';
import { presentIssue } from '../issue.presenter.ts';
import { getChangedIssue } from '../issue.repository.ts';
import { discardRoutes } from './discard.routes.ts';
import { listMergedFingerprints } from './fingerprint-routing.repository.ts';
import { mergeIssues } from './merge.repository.ts';
import { unmergeFingerprints } from './unmerge.repository.ts';

const Fingerprint = Type.String({ minLength: 1, maxLength: 128, description: 'A fingerprint hash.' });
const responses = { ...errorResponses, 409: ErrorResponse };

export const mergeRoutes: RoutePlugin = async (app, deps) => {
  mergeRoute(app, deps.database);
  unmergeRoute(app, deps.database);
  fingerprintsRoute(app, deps.database);
  await app.register(discardRoutes, deps);
};

function mergeRoute(app: App, database: Database): void {
  app.post(
    '/api/v1/issues/:id/merge',
    {
      schema: {
        description:
          "Merge issues into this one: their events, counts, tags and users move here, their fingerprints' " +
          'future events land here, and they are hidden from lists (merged_into_id). Same project only.',
        params: IdParam,
        body: Type.Object({
          issueIds: Type.Array(Type.Integer({ minimum: 1 }), {
            minItems: 1,
            maxItems: 100,
            uniqueItems: true,
          }),
        }),
        response: {
          200: Type.Object({
            issue: Issue,
            merged: Type.Array(
              Type.Object({ issueId: Type.Integer(), fingerprints: Type.Array(Type.String()) }),
            ),
            movedEvents: Type.Integer(),
          }),
          ...responses,
        },
      },
    },
    async (request) => {
      const target = await authorizedIssue(database, request.caller, Number(request.params.id), 'triage');
      const result = await mergeIssues(database.db, {
        targetId: target.id,
        sourceIds: request.body.issueIds,
        actor: actorOf(request.caller),
      });
      return { issue: presentIssue(result.target), merged: result.merged, movedEvents: result.movedEvents };
    },
  );
}

function unmergeRoute(app: App, database: Database): void {
  app.post(
    '/api/v1/issues/:id/unmerge',
    {
      schema: {
        description:
          'Split fingerprints merged into this issue back out: each returns to the issue that owned it, with ' +
          'its events, and its future events land there again. GET …/fingerprints lists what can be unmerged.',
        params: IdParam,
        body: Type.Object({
          fingerprints: Type.Array(Fingerprint, { minItems: 1, maxItems: 100, uniqueItems: true }),
        }),
        response: {
          200: Type.Object({
            issue: Issue,
            unmerged: Type.Array(
              Type.Object({
                issueId: Type.Integer(),
                fingerprint: Type.String(),
                movedEvents: Type.Integer(),
              }),
            ),
          }),
          ...responses,
        },
      },
    },
    async (request) => {
      const target = await authorizedIssue(database, request.caller, Number(request.params.id), 'triage');
      const unmerged = await unmergeFingerprints(database.db, {
        issueId: target.id,
        fingerprints: request.body.fingerprints,
        actor: actorOf(request.caller),
      });
      return { issue: presentIssue(await getChangedIssue(database.db, target.id)), unmerged };
    },
  );
}

function fingerprintsRoute(app: App, database: Database): void {
  app.get(
    '/api/v1/issues/:id/fingerprints',
    {
      schema: {
        description: 'The fingerprints whose events this issue groups: its own, and those merged into it.',
        params: IdParam,
        response: {
          200: Type.Object({
            fingerprints: Type.Array(
              Type.Object({
                fingerprint: Type.String(),
                merged: Type.Boolean(),
                sourceIssueId: Type.Integer(),
                mergedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const issue = await authorizedIssue(database, request.caller, Number(request.params.id), 'read');
      const routes = await listMergedFingerprints(database.db, issue.id);
      return {
        fingerprints: [
          { fingerprint: issue.fingerprint, merged: false, sourceIssueId: issue.id, mergedAt: null },
          ...routes.map((r) => ({
            fingerprint: r.fingerprint,
            merged: true,
            sourceIssueId: r.source_issue_id,
            mergedAt: iso(r.created_at),
          })),
        ],
      };
    },
  );
}
