// Who may do what: project roles and token scopes map to capabilities; a caller may use a
// capability on a project when both their role there and their token's scopes allow it.

export const PROJECT_ROLES = ['owner', 'admin', 'member', 'support', 'viewer'] as const;
export type ProjectRole = (typeof PROJECT_ROLES)[number];

export const SCOPES = ['read', 'triage', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

/**
 * - read: see issues and events
 * - lookup: look up what a customer hit (support)
 * - triage: resolve, ignore, snooze, assign, comment, link, merge, file GitHub issues
 * - manage: project settings, members, keys, GitHub settings, delete and discard
 */
export const CAPABILITIES = ['read', 'lookup', 'triage', 'manage'] as const;
export type Capability = (typeof CAPABILITIES)[number];

const ROLE_CAPABILITIES: Record<ProjectRole, readonly Capability[]> = {
  owner: CAPABILITIES,
  admin: CAPABILITIES,
  member: ['read', 'lookup', 'triage'],
  support: ['read', 'lookup'],
  viewer: ['read'],
};

const SCOPE_CAPABILITIES: Record<Scope, readonly Capability[]> = {
  read: ['read', 'lookup'],
  triage: ['read', 'lookup', 'triage'],
  admin: CAPABILITIES,
};

/** Highest first, so the strongest of a user's direct and team memberships wins. */
export function strongestRole(roles: readonly string[]): ProjectRole | null {
  for (const role of PROJECT_ROLES) if (roles.includes(role)) return role;
  return null;
}

/** `scopes` null means a browser session: limited by the role alone. */
export function allows(
  role: ProjectRole | null,
  scopes: readonly Scope[] | null,
  capability: Capability,
): boolean {
  if (!role || !ROLE_CAPABILITIES[role].includes(capability)) return false;
  return scopes === null || scopes.some((scope) => SCOPE_CAPABILITIES[scope].includes(capability));
}

/**
 * Whether a caller holding `held` scopes (null: a browser session) may hand out `requested`:
 * scopes are ordered read < triage < admin, so a triage token may create read or triage tokens.
 */
export function scopesWithin(requested: readonly Scope[], held: readonly Scope[] | null): boolean {
  if (held === null) return true;
  const highest = Math.max(-1, ...held.map((s) => SCOPES.indexOf(s)));
  return requested.every((s) => SCOPES.indexOf(s) <= highest);
}
