// Who may do what on a project: list, set and remove members (users or teams) with their roles.
// Anyone who can read the project may list them (the people an issue can be assigned to, shown in
// the triage menus); changing them needs the manage capability, and only owners may make an owner or
// change or remove one, so an admin cannot take a project away from its owners.

import { Type } from 'typebox';
import { IdParam } from '../api/schemas.ts';
import { authorize, projectNotFound } from '../auth/access.ts';
import { authErrors, NoContent } from '../auth/auth.schemas.ts';
import type { Caller } from '../auth/caller.ts';
import type { ProjectRole } from '../auth/roles.ts';
import { userByRef } from '../auth/users.repository.ts';
import { VigieError } from '../errors.ts';
import type { RouteDeps, RoutePlugin } from '../http.ts';
import { findProject } from '../projects/project.repository.ts';
import {
  findMember,
  findMemberByTarget,
  listProjectMembers,
  type MemberTarget,
  removeMember,
  setMember,
} from './members.repository.ts';
import { findTeam } from './teams.repository.ts';
import { ProjectMember, presentMember, RoleSchema, Slug, UserRef } from './teams.schemas.ts';

type Db = RouteDeps['database']['db'];

/** The project, once the caller may use `capability` on it: 404 for unknown or invisible projects, 403 otherwise. */
async function managedProject(
  db: Db,
  caller: Caller,
  id: string,
  capability: 'read' | 'manage' = 'manage',
): Promise<{ id: number; role: ProjectRole }> {
  const project = await findProject(db, Number(id));
  if (!project) throw projectNotFound(id);
  const role = await authorize(db, caller, project.id, capability);
  return { id: project.id, role };
}

function requireOwnerFor(callerRole: ProjectRole, ...roles: (ProjectRole | undefined)[]): void {
  if (callerRole !== 'owner' && roles.includes('owner')) {
    throw new VigieError('owner_required');
  }
}

async function targetOf(
  db: Db,
  body: { userId?: number; email?: string; team?: string },
): Promise<MemberTarget> {
  if (body.team !== undefined) {
    if (body.userId !== undefined || body.email !== undefined) {
      throw new VigieError('invalid_member');
    }
    const team = await findTeam(db, body.team);
    if (!team) throw new VigieError('unknown_team', { team: body.team });
    return { teamId: team.id };
  }
  return { userId: (await userByRef(db, body)).id };
}

export const membersRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps.database;

  app.get(
    '/api/v1/projects/:id/members',
    {
      schema: {
        params: IdParam,
        response: { 200: Type.Object({ members: Type.Array(ProjectMember) }), ...authErrors },
      },
    },
    async (request) => {
      const project = await managedProject(db, request.caller, request.params.id, 'read');
      return { members: (await listProjectMembers(db, project.id)).map(presentMember) };
    },
  );

  app.put(
    '/api/v1/projects/:id/members',
    {
      schema: {
        params: IdParam,
        body: Type.Object({ ...UserRef, team: Type.Optional(Slug), role: RoleSchema }),
        response: { 200: ProjectMember, ...authErrors },
      },
    },
    async (request) => {
      const project = await managedProject(db, request.caller, request.params.id);
      const target = await targetOf(db, request.body);
      const existing = await findMemberByTarget(db, project.id, target);
      requireOwnerFor(project.role, request.body.role, existing?.role);
      return presentMember(await setMember(db, project.id, target, request.body.role));
    },
  );

  app.delete(
    '/api/v1/projects/:id/members/:memberId',
    {
      schema: {
        params: Type.Object({ id: IdParam.properties.id, memberId: IdParam.properties.id }),
        response: { 204: NoContent, ...authErrors },
      },
    },
    async (request, reply) => {
      const project = await managedProject(db, request.caller, request.params.id);
      const member = await findMember(db, project.id, Number(request.params.memberId));
      if (!member) {
        throw new VigieError('not_found', {
          message: `Project ${project.id} has no member ${request.params.memberId}.`,
        });
      }
      requireOwnerFor(project.role, member.role);
      await removeMember(db, member.id);
      return reply.status(204).send(null);
    },
  );
};
