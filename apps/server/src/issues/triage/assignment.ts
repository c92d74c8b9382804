// Who an issue can be assigned to: a user who is a member of its project (directly, through a team, or as an
// instance administrator), or a team that has access to the project.

import type { Kysely } from 'kysely';
import { memberRoles } from '../../auth/access.repository.ts';
import type { Caller } from '../../auth/caller.ts';
import { VigieError } from '../../errors.ts';
import type { Schema } from '../../storage/schema.ts';
import {
  findTeamByRef,
  findUserByRef,
  teamHasAccess,
  teamsByIds,
  usersByIds,
} from './assignment.repository.ts';

type Db = Kysely<Schema>;

export type AssigneeTarget = { readonly kind: 'user' | 'team'; readonly id: number };

/** How an assignee is written in activity rows, outbox payloads and the API: `user:12`, `team:3`. */
export const assigneeKey = (target: AssigneeTarget | null) => (target ? `${target.kind}:${target.id}` : null);

type AssigneeColumns = { assignee_user_id: number | null; assignee_team_id: number | null };

export function currentAssignee(row: AssigneeColumns): AssigneeTarget | null {
  if (row.assignee_user_id !== null) return { kind: 'user', id: row.assignee_user_id };
  if (row.assignee_team_id !== null) return { kind: 'team', id: row.assignee_team_id };
  return null;
}

const invalid = (message: string, assignee: string) =>
  new VigieError('invalid_assignee', { message }, { assignee });

async function resolveUser(db: Db, projectId: number, ref: string, value: string): Promise<AssigneeTarget> {
  const user = await findUserByRef(db, ref);
  if (!user || user.disabled_at !== null) {
    throw invalid(`No active user "${ref}"; assign to user:<id or email> of a project member.`, value);
  }
  if (user.is_admin !== 1 && (await memberRoles(db, projectId, user.id)).length === 0) {
    throw invalid(
      `User "${ref}" is not a member of this project; add them to it (or to one of its teams) first.`,
      value,
    );
  }
  return { kind: 'user', id: user.id };
}

async function resolveTeam(db: Db, projectId: number, ref: string, value: string): Promise<AssigneeTarget> {
  const team = await findTeamByRef(db, ref);
  if (!team) throw invalid(`No team "${ref}"; assign to team:<id or slug>.`, value);
  if (!(await teamHasAccess(db, projectId, team.id))) {
    throw invalid(`Team "${ref}" has no access to this project; give it access first.`, value);
  }
  return { kind: 'team', id: team.id };
}

/** `user:<id or email>`, `team:<id or slug>` or `me`, checked against the project; 400 `invalid_assignee`. */
export async function resolveAssignee(
  db: Db,
  caller: Caller,
  projectId: number,
  value: string,
): Promise<AssigneeTarget> {
  if (value === 'me') {
    if (caller.userId === null) {
      throw invalid('This token belongs to no user, so "me" means no one; assign to user:<id>.', value);
    }
    return resolveUser(db, projectId, String(caller.userId), value);
  }
  const match = /^(user|team):(.+)$/.exec(value);
  if (!match) throw invalid('Assign to user:<id or email>, team:<id or slug> or me.', value);
  const ref = match[2]!.trim();
  return match[1] === 'user'
    ? resolveUser(db, projectId, ref, value)
    : resolveTeam(db, projectId, ref, value);
}

export interface AssigneeView {
  type: 'user' | 'team';
  id: number;
  name: string;
  email: string | null;
  slug: string | null;
}

/** Names for the assignees of many issues, by assigneeKey, in two queries whatever the count. */
export async function assigneeViews(
  db: Db,
  issues: readonly AssigneeColumns[],
): Promise<Map<string, AssigneeView>> {
  const targets = issues.map(currentAssignee);
  const ids = (kind: AssigneeTarget['kind']) => [
    ...new Set(targets.filter((t) => t?.kind === kind).map((t) => t!.id)),
  ];
  const [users, teams] = await Promise.all([usersByIds(db, ids('user')), teamsByIds(db, ids('team'))]);
  const views = new Map<string, AssigneeView>();
  for (const u of users) {
    views.set(`user:${u.id}`, { type: 'user', id: u.id, name: u.name, email: u.email, slug: null });
  }
  for (const t of teams) {
    views.set(`team:${t.id}`, { type: 'team', id: t.id, name: t.name, email: null, slug: t.slug });
  }
  return views;
}
