// TypeBox schemas of the auth API (login, sessions, users, tokens) and the presenters that turn
// rows into them: only what is declared here ever leaves the server.

import { Type } from 'typebox';
import { ErrorResponse, iso, isoOrNull } from '../api/schemas.ts';
import type { User as UserRow } from '../storage/schema.ts';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './password.ts';
import type { TokenSummary as TokenRow } from './token.repository.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const Email = Type.String({ minLength: 3, maxLength: 254, pattern: '^[^@\\s]+@[^@\\s]+$' });
export const Password = Type.String({ maxLength: MAX_PASSWORD_LENGTH });
/** A password someone chooses: long enough to resist guessing under the login rate limit. */
export const NewPassword = Type.String({ minLength: MIN_PASSWORD_LENGTH, maxLength: MAX_PASSWORD_LENGTH });
export const ScopeSchema = Type.Enum(['read', 'triage', 'admin']);

export const User = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  name: Type.String(),
  isAdmin: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  disabledAt: Nullable(Type.String({ format: 'date-time' })),
});

export const presentUser = (u: UserRow) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  isAdmin: u.is_admin === 1,
  createdAt: iso(u.created_at),
  disabledAt: isoOrNull(u.disabled_at),
});

export const Session = Type.Object({
  user: User,
  /** Send it back in X-CSRF-Token on every request that changes something. */
  csrfToken: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
});

/** The projects a token acts on. */
export const TokenProjects = Nullable(
  Type.Array(Type.Integer(), {
    description:
      'The ids of the projects the token is limited to; null: every project its user may see (a service token: every project, including those created later). Its scopes limit what it does on them.',
  }),
);

export const Me = Type.Object({
  /** Null for a service token, which belongs to no user. */
  user: Nullable(User),
  isAdmin: Type.Boolean(),
  via: Type.Enum(['session', 'token']),
  /** The token's scopes; null for a session, limited by roles alone. */
  scopes: Nullable(Type.Array(ScopeSchema)),
  /** A token's projects (see TokenProjects); null for a session too. */
  projects: TokenProjects,
  csrfToken: Nullable(Type.String()),
});

export const TokenSummary = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  /** The token's first characters, to tell tokens apart. */
  prefix: Type.String(),
  scopes: Type.Array(ScopeSchema),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Nullable(Type.String({ format: 'date-time' })),
  projects: TokenProjects,
});

export const presentToken = (t: TokenRow) => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  scopes: t.scopes,
  createdAt: iso(t.createdAt),
  lastUsedAt: isoOrNull(t.lastUsedAt),
  projects: t.projectIds,
});

export const CreatedToken = Type.Intersect([
  TokenSummary,
  Type.Object({ token: Type.String({ description: 'Shown once: Vigie keeps only its hash.' }) }),
]);

export const authErrors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  429: ErrorResponse,
};

export const NoContent = Type.Null({ description: 'No content.' });
