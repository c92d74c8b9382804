// What the projects page and the issue stream read about a project besides its issues: its events as a
// series (all environments, or one), the environments and the releases its events came with (the
// stream's pickers).

import { Type } from 'typebox';
import { decodeCursor, page } from '../api/cursor.ts';
import { errorResponses, IdParam, iso, PageQuery } from '../api/schemas.ts';
import { authorize, projectNotFound } from '../auth/access.ts';
import type { RoutePlugin } from '../http.ts';
import { projectBucketCounts } from '../stats/counts.repository.ts';
import { Series, SeriesQuery } from '../stats/series.schemas.ts';
import { seriesRange } from '../stats/series.ts';
import { seriesWithReleases } from '../stats/series-with-releases.ts';
import { findProject } from './project.repository.ts';
import { listReleases, projectEnvironments } from './project-stats.repository.ts';

const Environment = Type.Object({
  name: Type.String(),
  events: Type.Integer({ description: 'Events stored from this environment.' }),
  lastSeen: Type.String({ format: 'date-time', description: 'Start of the last day (UTC) it sent events.' }),
});

const Release = Type.Object({
  version: Type.String(),
  firstSeen: Type.String({ format: 'date-time' }),
  lastSeen: Type.String({ format: 'date-time' }),
});

export const projectStatsRoutes: RoutePlugin = async (app, { database }) => {
  const { db } = database;
  const readableProject = async (caller: Parameters<typeof authorize>[1], id: string) => {
    const project = await findProject(db, Number(id));
    if (!project) throw projectNotFound(id);
    await authorize(db, caller, project.id, 'read');
    return project;
  };

  app.get(
    '/api/v1/projects/:id/series',
    {
      schema: {
        description:
          "The project's events per bucket (every issue), zero-filled, over a period ending now or a range; " +
          'of one environment when `environment` is given. With the releases first seen in the range.',
        params: IdParam,
        querystring: Type.Object({
          ...SeriesQuery,
          environment: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
        }),
        response: { 200: Series, ...errorResponses },
      },
    },
    async (request) => {
      const project = await readableProject(request.caller, request.params.id);
      const range = seriesRange(request.query, Date.now());
      const counts = projectBucketCounts(db, [project.id], range, request.query.environment).then((c) =>
        c.get(project.id),
      );
      return seriesWithReleases(db, project.id, range, counts);
    },
  );

  app.get(
    '/api/v1/projects/:id/environments',
    {
      schema: {
        description:
          "The environments of the project's events, most events first: the stream's environment picker.",
        params: IdParam,
        response: { 200: Type.Object({ environments: Type.Array(Environment) }), ...errorResponses },
      },
    },
    async (request) => {
      const project = await readableProject(request.caller, request.params.id);
      const rows = await projectEnvironments(db, project.id);
      return {
        environments: rows.map((r) => ({ name: r.name, events: r.events, lastSeen: iso(r.lastDayMs) })),
      };
    },
  );

  app.get(
    '/api/v1/projects/:id/releases',
    {
      schema: {
        description: "The project's releases, most recently seen first: the stream's release picker.",
        params: IdParam,
        querystring: Type.Object({
          query: Type.Optional(
            Type.String({ minLength: 1, maxLength: 200, description: 'Only versions containing this text.' }),
          ),
          ...PageQuery,
        }),
        response: {
          200: Type.Object({ releases: Type.Array(Release), next: Type.Union([Type.String(), Type.Null()]) }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const project = await readableProject(request.caller, request.params.id);
      const { query, cursor, limit = 25 } = request.query;
      const rows = await listReleases(db, project.id, {
        contains: query,
        cursor: decodeCursor(cursor),
        limit,
      });
      const { items, next } = page(rows, limit, (r) => ({ at: r.last_seen, id: r.id }));
      return {
        releases: items.map((r) => ({
          version: r.version,
          firstSeen: iso(r.first_seen),
          lastSeen: iso(r.last_seen),
        })),
        next,
      };
    },
  );
};
