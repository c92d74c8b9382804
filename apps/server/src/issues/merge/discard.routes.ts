// Delete and discard an issue, list a project's discarded fingerprints with how many events each
// dropped, and stop discarding one. Registered by mergeRoutes.

import { Type } from 'typebox';
import { ErrorResponse, errorResponses, IdParam, iso, PageQuery } from '../../api/schemas.ts';
import { authorize, projectNotFound } from '../../auth/access.ts';
import { VigieError } from '../../errors.ts';
import type { App, RouteDeps, RoutePlugin } from '../../http.ts';
import { findProject } from '../../projects/project.repository.ts';
import { actorOf } from '../activity.repository.ts';
import { authorizedIssue } from '../authorized-issue.ts';
import { discardIssue, listDiscarded, stopDiscarding } from './discard.repository.ts';

const DiscardedFingerprint = Type.Object({
  fingerprint: Type.String(),
  title: Type.String({ description: 'The title of the issue when it was discarded.' }),
  dropped: Type.Integer({ description: 'Events dropped at ingest since.' }),
  createdAt: Type.String({ format: 'date-time' }),
});

const encodeCursor = (row: { created_at: number; fingerprint: string }) =>
  Buffer.from(`${row.created_at}:${row.fingerprint}`).toString('base64url');

function decodeCursor(value: string | undefined): { createdAt: number; fingerprint: string } | undefined {
  if (value === undefined || value === '') return undefined;
  const match = /^(\d+):(.+)$/.exec(Buffer.from(value, 'base64url').toString('utf8'));
  if (!match) {
    throw new VigieError('invalid_cursor');
  }
  return { createdAt: Number(match[1]), fingerprint: match[2]! };
}

async function projectFor(deps: RouteDeps, id: string) {
  const project = await findProject(deps.database.db, Number(id));
  if (!project) throw projectNotFound(id);
  return project;
}

export const discardRoutes: RoutePlugin = async (app, deps) => {
  discardRoute(app, deps);
  discardedListRoute(app, deps);
  stopDiscardingRoute(app, deps);
};

function discardRoute(app: App, deps: RouteDeps): void {
  const { database } = deps;
  app.post(
    '/api/v1/issues/:id/discard',
    {
      schema: {
        description:
          'Delete the issue with its events and aggregates, and drop (and count) future events with its ' +
          'fingerprints, including those merged into it. Undo with DELETE …/discarded/{fingerprint}.',
        params: IdParam,
        response: {
          200: Type.Object({ fingerprints: Type.Array(Type.String()), deletedEvents: Type.Integer() }),
          ...errorResponses,
          409: ErrorResponse,
        },
      },
    },
    async (request) => {
      const issue = await authorizedIssue(database, request.caller, Number(request.params.id), 'manage');
      return discardIssue(database.db, { issueId: issue.id, actor: actorOf(request.caller) });
    },
  );
}

function discardedListRoute(app: App, deps: RouteDeps): void {
  const { database } = deps;
  app.get(
    '/api/v1/projects/:id/discarded',
    {
      schema: {
        description: "The project's discarded fingerprints, newest first, with the events dropped since.",
        params: IdParam,
        querystring: Type.Object(PageQuery),
        response: {
          200: Type.Object({
            discarded: Type.Array(DiscardedFingerprint),
            next: Type.Union([Type.String(), Type.Null()]),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const project = await projectFor(deps, request.params.id);
      await authorize(database.db, request.caller, project.id, 'read');
      const limit = request.query.limit ?? 25;
      const rows = await listDiscarded(database.db, project.id, decodeCursor(request.query.cursor), limit);
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      return {
        discarded: items.map((r) => ({
          fingerprint: r.fingerprint,
          title: r.title,
          dropped: Number(r.dropped),
          createdAt: iso(r.created_at),
        })),
        next: rows.length > limit && last ? encodeCursor(last) : null,
      };
    },
  );
}

function stopDiscardingRoute(app: App, deps: RouteDeps): void {
  const { database } = deps;
  app.delete(
    '/api/v1/projects/:id/discarded/:fingerprint',
    {
      schema: {
        description: 'Stop discarding a fingerprint: its next event opens a new issue.',
        params: Type.Object({
          id: IdParam.properties.id,
          fingerprint: Type.String({ minLength: 1, maxLength: 128 }),
        }),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const project = await projectFor(deps, request.params.id);
      await authorize(database.db, request.caller, project.id, 'manage');
      if (!(await stopDiscarding(database.db, project.id, request.params.fingerprint))) {
        throw new VigieError('not_found', {
          message: `Fingerprint ${request.params.fingerprint} is not discarded in project ${project.id}.`,
        });
      }
      return reply.code(204).send(null);
    },
  );
}
