// The rotation as the API shows it: who is in it, who is on duty this week and the weeks ahead; shared by
// the rotation routes and the weekly report. Pure: the rotation and its users come in loaded.

import type { Static } from 'typebox';
import { iso } from '../api/schemas.ts';
import type { Rotation, RotationUser } from './rotation.repository.ts';
import type { RotationResponse } from './rotation.schemas.ts';
import { formatIsoWeek, onDutyIndex, weekOf, weekStartMs } from './weeks.ts';

/** Who was (or is) on duty in `week`; `users` are the rotation's users who still exist, in order. */
export function onDutyIn(
  rotation: Rotation | undefined,
  users: readonly RotationUser[],
  week: number,
): RotationUser | null {
  if (!rotation) return null;
  const index = onDutyIndex(users.length, rotation.anchorWeek, week);
  return index === null ? null : (users[index] ?? null);
}

export function presentRotation(
  projectId: number,
  rotation: Rotation | undefined,
  users: RotationUser[],
  nowMs: number,
): Static<typeof RotationResponse> {
  const currentWeek = weekOf(nowMs);
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
