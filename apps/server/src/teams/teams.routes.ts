// Teams: instance administrators create them and manage their members; everyone sees the teams
// they belong to or that work on their projects (to assign issues). Registers the project
// membership routes too, so app.ts wires both with one call.

import { Type } from 'typebox';
import { administersInstance, projectIdsFor, requireInstanceAdmin } from '../auth/access.ts';
import { authErrors, NoContent } from '../auth/auth.schemas.ts';
import { userByRef } from '../auth/users.repository.ts';
import { VigieError } from '../errors.ts';
import type { App, RouteDeps, RoutePlugin } from '../http.ts';
import { membersRoutes } from './members.routes.ts';
import {
  addTeamMember,
  createTeam,
  findTeam,
  listTeams,
  removeTeamMember,
  teamMembers,
} from './teams.repository.ts';
import { presentTeam, Slug, SlugParam, Team, UserRef } from './teams.schemas.ts';

type Db = RouteDeps['database']['db'];

async function existingTeam(db: Db, slug: string) {
  const team = await findTeam(db, slug);
  if (!team) throw new VigieError('not_found', { message: `There is no team "${slug}".` });
  return team;
}

export const teamsRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps.database;

  app.post(
    '/api/v1/teams',
    {
      schema: {
        body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }), slug: Type.Optional(Slug) }),
        response: { 201: Team, ...authErrors },
      },
    },
    async (request, reply) => {
      requireInstanceAdmin(request.caller);
      const team = await createTeam(db, request.body.name, request.body.slug);
      return reply.status(201).send(presentTeam(team, []));
    },
  );

  app.get(
    '/api/v1/teams',
    { schema: { response: { 200: Type.Object({ teams: Type.Array(Team) }), ...authErrors } } },
    async (request) => {
      const { caller } = request;
      const visibleTo = administersInstance(caller)
        ? undefined
        : { userId: caller.userId, projectIds: await projectIdsFor(db, caller, 'read') };
      const teams = await listTeams(db, visibleTo);
      const members = await teamMembers(
        db,
        teams.map((t) => t.id),
      );
      return { teams: teams.map((t) => presentTeam(t, members)) };
    },
  );

  teamMembersRoutes(app, db);
  await app.register(membersRoutes, deps);
};

function teamMembersRoutes(app: App, db: Db): void {
  app.post(
    '/api/v1/teams/:slug/members',
    {
      schema: {
        params: SlugParam,
        body: Type.Object(UserRef),
        response: { 200: Team, ...authErrors },
      },
    },
    async (request) => {
      requireInstanceAdmin(request.caller);
      const team = await existingTeam(db, request.params.slug);
      const user = await userByRef(db, request.body);
      await addTeamMember(db, team.id, user.id);
      return presentTeam(team, await teamMembers(db, [team.id]));
    },
  );

  app.delete(
    '/api/v1/teams/:slug/members/:userId',
    {
      schema: {
        params: Type.Object({ slug: Slug, userId: Type.String({ pattern: '^[0-9]+$' }) }),
        response: { 204: NoContent, ...authErrors },
      },
    },
    async (request, reply) => {
      requireInstanceAdmin(request.caller);
      const team = await existingTeam(db, request.params.slug);
      if (!(await removeTeamMember(db, team.id, Number(request.params.userId)))) {
        throw new VigieError('not_found', {
          message: `User ${request.params.userId} is not in team "${team.slug}".`,
        });
      }
      return reply.status(204).send(null);
    },
  );
}
