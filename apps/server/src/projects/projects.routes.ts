// Read API over projects and their DSN keys; keys.routes.ts changes keys.

import { Type } from 'typebox';
import { errorResponses, IdParam, iso, Project, ProjectKey } from '../api/schemas.ts';
import { authorize, projectIdsFor, projectNotFound } from '../auth/access.ts';
import type { RoutePlugin } from '../http.ts';
import { presentKey } from './key.presenter.ts';
import { keysRoutes } from './keys.routes.ts';
import { findProject, listKeys, listProjects } from './project.repository.ts';

export const projectsRoutes: RoutePlugin = async (app, { database, config }) => {
  const { db } = database;
  const { publicUrl } = config;

  app.get(
    '/api/v1/projects',
    { schema: { response: { 200: Type.Object({ projects: Type.Array(Project) }), ...errorResponses } } },
    async (request) => {
      const visible = new Set(await projectIdsFor(db, request.caller, 'read'));
      const rows = (await listProjects(db)).filter((p) => visible.has(p.id));
      return {
        projects: rows.map((p) => ({ id: p.id, slug: p.slug, name: p.name, createdAt: iso(p.created_at) })),
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
