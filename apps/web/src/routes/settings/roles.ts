// The project roles as people read them: what each one may do (auth/roles.ts on the server decides).

export const ROLES = ['owner', 'admin', 'member', 'support', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_HELP: Record<Role, string> = {
  owner: 'Everything an admin does, and makes or removes other owners.',
  admin: 'Manages the project: DSN keys, members, the GitHub integration; triages too.',
  member: 'Triages issues: resolve, ignore, snooze, assign, comment, file GitHub issues.',
  support: 'Reads issues and looks up what a customer hit; no triage.',
  viewer: 'Reads issues and events, nothing more.',
};

export const roleName = (role: string): string => role.charAt(0).toUpperCase() + role.slice(1);
