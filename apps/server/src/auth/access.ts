// Authorization on projects: every route that touches a project asks here. A caller who may
// not read a project gets 404 (its existence does not leak); one who may read it but not do
// the thing asked gets 403.

import type { Kysely } from 'kysely';
import { VigieError } from '../errors.ts';
import type { Schema } from '../storage/schema.ts';
import { allProjectIds, memberRoles } from './access.repository.ts';
import type { Caller } from './caller.ts';
import { allows, type Capability, type ProjectRole, strongestRole } from './roles.ts';

type Db = Kysely<Schema>;

/**
 * 404 for a project that does not exist and for one the caller may not read, worded alike (the catalogue's
 * template), so that ids do not tell which projects exist.
 */
export const projectNotFound = (id: number | string) => new VigieError('not_found', { thing: 'Project', id });

/**
 * The caller's role on a project: none outside the projects their token is limited to; an instance
 * administrator's owner; a service token's admin (its scopes alone then say what it may do); else a
 * user's membership, direct or through a team, the stronger wins.
 */
export async function projectRoleOf(db: Db, caller: Caller, projectId: number): Promise<ProjectRole | null> {
  if (caller.projectIds !== null && !caller.projectIds.has(projectId)) return null;
  if (caller.isAdmin) return 'owner';
  if (caller.kind === 'service') return 'admin';
  if (caller.userId === null) return null;
  return strongestRole(await memberRoles(db, projectId, caller.userId));
}

/**
 * Throws 404 when the caller cannot read the project, 403 when they cannot do `capability`. A route that
 * reached the project through something else (an issue) passes that thing's 404 as `hidden`, so the
 * answer names only what the request named, never the project behind it.
 */
export async function authorize(
  db: Db,
  caller: Caller,
  projectId: number,
  capability: Capability,
  hidden: () => VigieError = () => projectNotFound(projectId),
): Promise<ProjectRole> {
  const role = await projectRoleOf(db, caller, projectId);
  if (!allows(role, caller.scopes, 'read')) {
    throw hidden();
  }
  if (!allows(role, caller.scopes, capability)) {
    throw new VigieError(
      'forbidden',
      { message: `Your role (${role}) or token scopes do not allow "${capability}" on this project.` },
      { role, capability },
    );
  }
  return role!;
}

/** Ids of the projects the caller may use `capability` on. */
export async function projectIdsFor(db: Db, caller: Caller, capability: Capability): Promise<number[]> {
  const ids: number[] = [];
  for (const id of await allProjectIds(db)) {
    if (allows(await projectRoleOf(db, caller, id), caller.scopes, capability)) ids.push(id);
  }
  return ids;
}

/** An instance administrator acting with their full power: a session, or an admin token not limited to projects. */
export const administersInstance = (caller: Caller): boolean =>
  caller.isAdmin && caller.projectIds === null && (caller.scopes === null || caller.scopes.includes('admin'));

export function requireInstanceAdmin(caller: Caller): void {
  if (!administersInstance(caller)) {
    throw new VigieError('forbidden', { message: 'Only instance administrators may do this.' });
  }
}
