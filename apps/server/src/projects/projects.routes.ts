// Read API over projects and their DSN keys; keys.routes.ts changes keys.

import { Type } from 'typebox';
import { errorResponses, IdParam, iso, Project, ProjectKey } from '../api/schemas.ts';
import { authorize, projectNotFound, projectRoleOf } from '../auth/access.ts';
import { allows, CAPABILITIES, PROJECT_ROLES } from '../auth/roles.ts';
import type { RoutePlugin } from '../http.ts';
import { projectBucketCounts } from '../stats/counts.repository.ts';
import { presentSparkline } from '../stats/series.presenter.ts';
import { Sparkline, SparklineQuery } from '../stats/series.schemas.ts';
import { periodRange } from '../stats/series.ts';
import { presentKey } from './key.presenter.ts';
import { keysRoutes } from './keys.routes.ts';
import { findProject, listKeys, listProjects } from './project.repository.ts';
import { openIssueCounts } from './project-stats.repository.ts';

const ProjectWithStats = Type.Intersect([
  Project,
  Type.Object({
    role: Type.Enum(PROJECT_ROLES, {
      description: "The caller's role on the project (an instance administrator is an owner).",
    }),
    capabilities: Type.Array(Type.Enum(CAPABILITIES), {
      description:
        'What the caller may do here, their role and token scopes together: `read`, `lookup` (customers), ' +
        '`triage`, `manage` (settings). The dashboard shows only the controls these allow.',
    }),
    stats: Type.Optional(
      Type.Object({
        events: Sparkline,
        unresolved: Type.Integer({ description: 'Unresolved issues.' }),
        new: Type.Integer({
          description: 'Unresolved issues first seen in the last 7 days, not yet ongoing.',
        }),
      }),
    ),
  }),
]);

export const projectsRoutes: RoutePlugin = async (app, { database, config }) => {
  const { db } = database;
  const { publicUrl } = config;

  app.get(
    '/api/v1/projects',
    {
      schema: {
        description:
          'The projects the caller may read. With `stats`, each carries what the projects page shows: a sparkline ' +
          'of its events, and its unresolved and new issues.',
        querystring: Type.Object({ stats: SparklineQuery }),
        response: { 200: Type.Object({ projects: Type.Array(ProjectWithStats) }), ...errorResponses },
      },
    },
    async (request) => {
      const { caller } = request;
      const projects = [];
      const rows = [];
      for (const p of await listProjects(db)) {
        const role = await projectRoleOf(db, caller, p.id);
        const capabilities = CAPABILITIES.filter((c) => allows(role, caller.scopes, c));
        if (role === null || !capabilities.includes('read')) continue;
        rows.push(p);
        projects.push({
          id: p.id,
          slug: p.slug,
          name: p.name,
          createdAt: iso(p.created_at),
          role,
          capabilities,
        });
      }
      const { stats } = request.query;
      if (stats === undefined) return { projects };
      const ids = rows.map((p) => p.id);
      const range = periodRange(stats, undefined, Date.now());
      const [counts, open] = await Promise.all([
        projectBucketCounts(db, ids, range),
        openIssueCounts(db, ids),
      ]);
      return {
        projects: projects.map((p) => ({
          ...p,
          stats: { events: presentSparkline(range, counts.get(p.id)), ...open.get(p.id)! },
        })),
      };
    },
  );

  app.get(
    '/api/v1/projects/:id/keys',
    {
      schema: {
        params: IdParam,
        response: { 200: Type.Object({ keys: Type.Array(ProjectKey) }), ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params;
      const project = await findProject(db, Number(id));
      if (!project) throw projectNotFound(id);
      await authorize(db, request.caller, project.id, 'read');
      const keys = await listKeys(db, project.id);
      return { keys: keys.map((k) => presentKey(publicUrl, k)) };
    },
  );

  await app.register(keysRoutes, { database, config });
};
