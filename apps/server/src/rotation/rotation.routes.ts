// The triage rotation of a project (an ordered list of people, one on duty per week, advancing every Monday
// UTC), and the weekly triage report (registered from triage-report.routes.ts).

import { Type } from 'typebox';
import { errorResponses, IdParam } from '../api/schemas.ts';
import { authorize } from '../auth/access.ts';
import { VigieError } from '../errors.ts';
import type { RoutePlugin } from '../http.ts';
import { presentRotation } from './rotation.presenter.ts';
import {
  findRotation,
  projectFor,
  rotationUsers,
  saveRotation,
  triagerCandidates,
  triagersAmong,
} from './rotation.repository.ts';
import { RotationResponse, RotationUserSchema } from './rotation.schemas.ts';
import { triageReportRoutes } from './triage-report.routes.ts';
import { parseIsoWeek, weekOf } from './weeks.ts';

const RotationBody = Type.Object({
  userIds: Type.Array(Type.Integer({ minimum: 1 }), { uniqueItems: true, maxItems: 100 }),
  startWeek: Type.Optional(
    Type.String({
      pattern: '^\\d{4}-W\\d{2}$',
      description: 'The ISO week the first user is on duty, like 2026-W48; default: the current week.',
    }),
  ),
});

export const rotationRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps.database;

  app.get(
    '/api/v1/projects/:id/rotation',
    { schema: { params: IdParam, response: { 200: RotationResponse, ...errorResponses } } },
    async (request) => {
      const projectId = await projectFor(db, request.params.id);
      await authorize(db, request.caller, projectId, 'read');
      const rotation = await findRotation(db, projectId);
      return presentRotation(projectId, rotation, await rotationUsers(db, rotation), Date.now());
    },
  );

  app.put(
    '/api/v1/projects/:id/rotation',
    {
      schema: {
        description: 'Sets who takes triage duty, in order; each must be allowed to triage the project.',
        params: IdParam,
        body: RotationBody,
        response: { 200: RotationResponse, ...errorResponses },
      },
    },
    async (request) => {
      const projectId = await projectFor(db, request.params.id);
      await authorize(db, request.caller, projectId, 'manage');
      const { userIds, startWeek } = request.body;
      const triagers = await triagersAmong(db, projectId, userIds);
      const refused = userIds.filter((id) => !triagers.has(id));
      if (refused.length > 0) {
        throw new VigieError('not_a_triager', { userIds: refused }, { userIds: refused });
      }
      const rotation = { userIds, anchorWeek: startWeek ? parseIsoWeek(startWeek) : weekOf(Date.now()) };
      await saveRotation(db, projectId, rotation);
      return presentRotation(projectId, rotation, await rotationUsers(db, rotation), Date.now());
    },
  );

  app.get(
    '/api/v1/projects/:id/rotation/candidates',
    {
      schema: {
        description:
          'Who may be put in the rotation: the users allowed to triage the project (by their role, a team’s, or ' +
          'as administrators), by name. Needs the manage capability, as changing the rotation does.',
        params: IdParam,
        response: {
          200: Type.Object({ users: Type.Array(RotationUserSchema) }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const projectId = await projectFor(db, request.params.id);
      await authorize(db, request.caller, projectId, 'manage');
      return { users: await triagerCandidates(db, projectId) };
    },
  );

  await app.register(triageReportRoutes, deps);
};
