// The rotation as the API shows it: who is in it, who is on duty this week and the weeks ahead; shared by
// the rotation routes and the weekly report.

import { type Static, Type } from 'typebox';
import { iso } from '../api/schemas.ts';
import { VigieError } from '../errors.ts';
import { findProject } from '../projects/project.repository.ts';
import type { Database } from '../storage/database.ts';
import { type Rotation, type RotationUser, usersByIds } from './rotation.repository.ts';
import { formatIsoWeek, onDutyIndex, weekOf, weekStartMs } from './weeks.ts';

export const RotationUserSchema = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  name: Type.String(),
});
export const IsoWeek = Type.String({ pattern: '^\\d{4}-W\\d{2}$', examples: ['2026-W48'] });

export const RotationResponse = Type.Object({
  projectId: Type.Integer(),
  users: Type.Array(RotationUserSchema, { description: 'In rotation order.' }),
  anchorWeek: Type.Union([IsoWeek, Type.Null()], { description: 'The week the first user was on duty.' }),
  currentWeek: IsoWeek,
  onDuty: Type.Union([RotationUserSchema, Type.Null()]),
  upcoming: Type.Array(
    Type.Object({ week: IsoWeek, startsAt: Type.String({ format: 'date-time' }), user: RotationUserSchema }),
    { description: 'This week and the following ones, one full turn of the rotation (at most 8 weeks).' },
  ),
});

export async function projectFor(database: Database, id: string): Promise<number> {
  const project = await findProject(database.db, Number(id));
  if (!project) throw new VigieError(404, 'not_found', `Project ${id} does not exist.`);
  return project.id;
}

/** Who was (or is) on duty in `week`, among the rotation's users who still exist. */
export async function onDutyIn(
  database: Database,
  rotation: Rotation | undefined,
  week: number,
): Promise<RotationUser | null> {
  if (!rotation) return null;
  const users = await orderedUsers(database, rotation.userIds);
  const index = onDutyIndex(users.length, rotation.anchorWeek, week);
  return index === null ? null : (users[index] ?? null);
}

async function orderedUsers(database: Database, ids: readonly number[]): Promise<RotationUser[]> {
  const byId = new Map((await usersByIds(database.db, ids)).map((u) => [u.id, u]));
  return ids.flatMap((id) => {
    const user = byId.get(id);
    return user ? [user] : [];
  });
}

export async function presentRotation(
  database: Database,
  projectId: number,
  rotation: Rotation | undefined,
): Promise<Static<typeof RotationResponse>> {
  const currentWeek = weekOf(Date.now());
  const users = rotation ? await orderedUsers(database, rotation.userIds) : [];
  const anchorWeek = rotation?.anchorWeek ?? currentWeek;
  const upcoming = Array.from({ length: Math.min(users.length, 8) }, (_, i) => {
    const week = currentWeek + i;
    const user = users[onDutyIndex(users.length, anchorWeek, week) ?? 0] as RotationUser;
    return { week: formatIsoWeek(week), startsAt: iso(weekStartMs(week)), user };
  });
  return {
    projectId,
    users,
    anchorWeek: rotation ? formatIsoWeek(rotation.anchorWeek) : null,
    currentWeek: formatIsoWeek(currentWeek),
    onDuty: upcoming[0]?.user ?? null,
    upcoming,
  };
}
