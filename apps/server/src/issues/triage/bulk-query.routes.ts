// POST /api/v1/projects/{id}/issues/bulk-by-query: one triage action on every issue a search matches ("ignore
// everything from the load test": `release:loadtest-* is:unresolved`), capped per request, with an account of
// how many matched, how many changed, and why the others did not.

import { Type } from 'typebox';
import { ErrorResponse, IdParam } from '../../api/schemas.ts';
import { authorize, projectNotFound } from '../../auth/access.ts';
import type { Caller } from '../../auth/caller.ts';
import { VigieError } from '../../errors.ts';
import type { RoutePlugin } from '../../http.ts';
import { findProject } from '../../projects/project.repository.ts';
import type { Database } from '../../storage/database.ts';
import { countMatchingIssues, matchingIssueIds } from '../issue.repository.ts';
import { compileSearch } from '../search/compile.ts';
import { resolveSearchContext } from '../search/compile-context.ts';
import { searchQueryOf } from '../search/compile-request.ts';
import { searchSyntaxError } from '../search/syntax-error.ts';
import {
  type TriageCommand,
  TriageCommand as TriageCommandSchema,
  triageErrorResponses,
} from './triage.schemas.ts';
import { applyTriageAction, checkBulkAction } from './triage-actions.ts';

/** Issues changed per request; past it the answer says how many remain, and the same request goes on. */
export const BULK_QUERY_CAP = 1_000;

const BulkQueryBody = Type.Object({
  query: Type.String({ minLength: 1, description: 'A search query, as for the issue list.' }),
  action: TriageCommandSchema,
});

const BulkQueryResult = Type.Object({
  matched: Type.Integer({ description: 'Issues the query matched.' }),
  processed: Type.Integer({
    description: `Issues the action was tried on: the first ${BULK_QUERY_CAP} by last seen.`,
  }),
  changed: Type.Integer({ description: 'Issues the action changed.' }),
  remaining: Type.Integer({
    description: 'Matched but not processed: send the same request again for them.',
  }),
  failed: Type.Array(
    Type.Object({
      id: Type.Integer(),
      /** The status this issue's action would have had on its own: 400, 404 or 409. */
      status: Type.Integer(),
      error: ErrorResponse.properties.error,
    }),
    {
      description:
        'Issues the action could not change, and why (an issue already resolved cannot be resolved).',
    },
  ),
});

export const bulkQueryRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps.database;
  app.post(
    '/api/v1/projects/:id/issues/bulk-by-query',
    {
      schema: {
        params: IdParam,
        body: BulkQueryBody,
        response: { 200: BulkQueryResult, ...triageErrorResponses },
      },
    },
    async (request) => {
      const project = await findProject(db, Number(request.params.id));
      if (!project) throw projectNotFound(request.params.id);
      const projectId = project.id;
      await authorize(db, request.caller, projectId, 'triage');
      const { query: text, action } = request.body;
      const query = searchQueryOf({ query: text });
      if (query.terms.length === 0) {
        throw searchSyntaxError('Give a search query: a bulk action never applies to every issue.', {
          position: 0,
          expected: 'a search term',
        });
      }
      const where = compileSearch(query, await resolveSearchContext(db, query, request.caller));
      await checkBulkAction(db, request.caller, projectId, action);
      const [matched, ids] = await Promise.all([
        countMatchingIssues(db, projectId, where),
        matchingIssueIds(db, projectId, where, BULK_QUERY_CAP),
      ]);
      const failed = await applyToEach(deps.database, request.caller, projectId, ids, action);
      return {
        matched,
        processed: ids.length,
        changed: ids.length - failed.length,
        remaining: Math.max(0, matched - ids.length),
        failed,
      };
    },
  );
};

/** One issue at a time, each its own transaction: a failure leaves the others as they went. */
async function applyToEach(
  database: Database,
  caller: Caller,
  projectId: number,
  ids: readonly number[],
  action: TriageCommand,
) {
  const failed = [];
  for (const id of ids) {
    try {
      await applyTriageAction(database.db, caller, id, action, { projectId });
    } catch (error) {
      if (!(error instanceof VigieError)) throw error;
      const { status, code, message, details } = error;
      failed.push({ id, status, error: { code, message, ...(details ? { details } : {}) } });
    }
  }
  return failed;
}
