// The authenticated caller of an API request, whichever way they authenticated.

import type { Scope } from './roles.ts';

export interface Caller {
  /** A user (by token or session), or a service token that belongs to no user. */
  kind: 'user' | 'service';
  userId: number | null;
  email: string | null;
  /** Instance administrators (and admin service tokens) act as owner on every project, or on the
   * projects their token is limited to; administering the instance takes an unlimited token too
   * (administersInstance in access.ts). */
  isAdmin: boolean;
  /** The token's scopes; null for a browser session, which is limited by roles alone. */
  scopes: Scope[] | null;
  tokenId: number | null;
  via: 'token' | 'session';
  /** The projects a token was limited to when made; null: no such limit (roles alone decide). */
  projectIds: ReadonlySet<number> | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller;
  }
}
