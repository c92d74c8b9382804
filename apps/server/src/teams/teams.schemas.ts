// TypeBox schemas of the teams and project membership API, and their presenters.

import { Type } from 'typebox';
import { iso } from '../api/schemas.ts';
import { Email } from '../auth/auth.schemas.ts';
import type { ProjectMemberRow } from './members.repository.ts';
import type { TeamMemberRow, TeamRow } from './teams.repository.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const Slug = Type.String({ minLength: 1, maxLength: 50, pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' });
export const SlugParam = Type.Object({ slug: Slug });
export const RoleSchema = Type.Enum(['owner', 'admin', 'member', 'support', 'viewer']);

export const UserRef = {
  userId: Type.Optional(Type.Integer({ minimum: 1 })),
  email: Type.Optional(Email),
};

export const TeamMember = Type.Object({ id: Type.Integer(), email: Type.String(), name: Type.String() });

export const Team = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  name: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  members: Type.Array(TeamMember),
});

export const presentTeam = (team: TeamRow, members: TeamMemberRow[]) => ({
  id: team.id,
  slug: team.slug,
  name: team.name,
  createdAt: iso(team.created_at),
  members: members
    .filter((m) => m.team_id === team.id)
    .map((m) => ({ id: m.id, email: m.email, name: m.name })),
});

export const ProjectMember = Type.Object({
  id: Type.Integer(),
  projectId: Type.Integer(),
  role: RoleSchema,
  /** Exactly one of user and team is set. */
  user: Nullable(TeamMember),
  team: Nullable(Type.Object({ id: Type.Integer(), slug: Type.String(), name: Type.String() })),
  createdAt: Type.String({ format: 'date-time' }),
});

export const presentMember = (m: ProjectMemberRow) => ({
  id: m.id,
  projectId: m.project_id,
  role: m.role,
  user: m.user_id !== null ? { id: m.user_id, email: m.user_email ?? '', name: m.user_name ?? '' } : null,
  team: m.team_id !== null ? { id: m.team_id, slug: m.team_slug ?? '', name: m.team_name ?? '' } : null,
  createdAt: iso(m.created_at),
});
