// Sentry's deploys endpoint, so that pipelines running `sentry-cli releases deploys VERSION new -e ENV` record
// deploy markers in Vigie unchanged (SENTRY_URL = Vigie, SENTRY_AUTH_TOKEN = a Vigie API token). Without
// `projects` in the body, the deploy goes to every project of the caller's that has seen the release, as
// Sentry creates it for all of the release's projects.

import type { Selectable } from 'kysely';
import { Type } from 'typebox';
import { errorResponses } from '../api/schemas.ts';
import { authorize, projectNotFound } from '../auth/access.ts';
import { requireBearerToken } from '../auth/bearer.ts';
import type { Caller } from '../auth/caller.ts';
import { VigieError } from '../errors.ts';
import type { RoutePlugin } from '../http.ts';
import { projectByRef, projectsOfRelease } from '../sourcemaps/artifacts.repository.ts';
import type { DeployTable } from '../storage/schema.ts';
import { insertDeploy, listDeploys } from './deploys.repository.ts';
import { describeCaller } from './gate.ts';

const Params = Type.Object({
  org: Type.String({ maxLength: 200 }),
  version: Type.String({ minLength: 1, maxLength: 200 }),
});
const SentryDeploy = Type.Object({
  id: Type.String(),
  environment: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  url: Type.Union([Type.String(), Type.Null()]),
  dateStarted: Type.Union([Type.String(), Type.Null()]),
  dateFinished: Type.String(),
});

const present = (d: Selectable<DeployTable>) => ({
  id: String(d.id),
  environment: d.environment,
  name: d.name,
  url: d.url,
  dateStarted: d.started_at === null ? null : new Date(d.started_at).toISOString(),
  dateFinished: new Date(d.finished_at).toISOString(),
});

export const sentryDeploysRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps.database;
  requireBearerToken(app, deps.database);

  /** The projects named (each one the caller may triage), or those of the release the caller may triage. */
  const projectsFor = async (caller: Caller, version: string, refs: string[] | undefined) => {
    if (refs && refs.length > 0) {
      const ids: number[] = [];
      for (const ref of refs) {
        const project = await projectByRef(db, ref);
        if (!project) throw projectNotFound(ref);
        await authorize(db, caller, project.id, 'triage', () => projectNotFound(ref));
        ids.push(project.id);
      }
      return ids;
    }
    const ids: number[] = [];
    for (const id of await projectsOfRelease(db, version)) {
      try {
        await authorize(db, caller, id, 'triage');
        ids.push(id);
      } catch {}
    }
    if (ids.length === 0) {
      throw new VigieError('invalid_deploy', {
        message: `Name the project (--project) for release ${version}: no project of yours has seen it yet.`,
      });
    }
    return ids;
  };

  app.post(
    '/api/0/organizations/:org/releases/:version/deploys/',
    {
      schema: {
        params: Params,
        body: Type.Object({
          environment: Type.String({ minLength: 1, maxLength: 64 }),
          name: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
          url: Type.Optional(Type.Union([Type.String({ maxLength: 2048 }), Type.Null()])),
          dateStarted: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
          dateFinished: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
          projects: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 50 })),
        }),
        response: { 201: SentryDeploy, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { version } = request.params;
      const b = request.body;
      const nowMs = Date.now();
      const startedAt = b.dateStarted ? Date.parse(b.dateStarted) : null;
      const finishedAt = b.dateFinished ? Date.parse(b.dateFinished) : nowMs;
      if (startedAt !== null && startedAt > finishedAt) {
        throw new VigieError('invalid_deploy', { message: 'dateStarted is after dateFinished.' });
      }
      let first: Selectable<DeployTable> | undefined;
      for (const projectId of await projectsFor(request.caller, version, b.projects)) {
        const row = await insertDeploy(db, {
          projectId,
          release: version,
          environment: b.environment,
          strategy: null,
          name: b.name ?? null,
          url: b.url ?? null,
          startedAt,
          finishedAt,
          createdBy: describeCaller(request.caller),
          createdAt: nowMs,
        });
        first ??= row;
      }
      return reply.code(201).send(present(first!));
    },
  );

  app.get(
    '/api/0/organizations/:org/releases/:version/deploys/',
    { schema: { params: Params, response: { 200: Type.Array(SentryDeploy), ...errorResponses } } },
    async (request) => {
      const { version } = request.params;
      const ids = await projectsFor(request.caller, version, undefined).catch(() => []);
      const rows = (
        await Promise.all(ids.map((id) => listDeploys(db, id, { release: version, limit: 100 })))
      ).flat();
      return rows.sort((a, b) => b.finished_at - a.finished_at).map(present);
    },
  );
};
