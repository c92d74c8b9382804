// Kysely's view of the tables created by the migrations. Times are epoch milliseconds (bigint in
// PostgreSQL, integer in SQLite); JSON is stored as text so both dialects read it the same way.

import type { Generated, Insertable, Selectable } from 'kysely';

export interface ProjectTable {
  id: Generated<number>;
  slug: string;
  name: string;
  created_at: number;
}

export interface ProjectKeyTable {
  id: Generated<number>;
  project_id: number;
  public_key: string;
  secret_key: string;
  label: string;
  /** Events per minute this key may send; null for no limit. */
  rate_limit_per_minute: number | null;
  created_at: number;
  revoked_at: number | null;
}

export interface ApiTokenTable {
  id: Generated<number>;
  name: string;
  /** sha256 of the token; the token itself is shown once and never stored. */
  token_hash: string;
  /** The token's first characters, so a user can tell tokens apart in lists. */
  token_prefix: string;
  scopes: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface IssueTable {
  id: Generated<number>;
  project_id: number;
  fingerprint: string;
  fingerprint_strategy: string;
  /** JSON array of {id, value, hint?}: why these events were grouped together. */
  fingerprint_components: string;
  title: string;
  culprit: string | null;
  level: string;
  platform: string;
  status: Generated<string>;
  substatus: Generated<string | null>;
  first_seen: number;
  last_seen: number;
  times_seen: number;
  users_seen: Generated<number>;
  first_release: string | null;
  last_release: string | null;
  last_event_id: string;
}

export interface EventTable {
  id: Generated<number>;
  project_id: number;
  issue_id: number;
  event_id: string;
  timestamp: number;
  received_at: number;
  level: string;
  title: string;
  release: string | null;
  environment: string | null;
  user_key: string | null;
  /** The normalized event as deflated JSON. */
  payload: Uint8Array;
}

export interface IssueUserTable {
  issue_id: number;
  user_key: string;
}

export interface IssueCountTable {
  issue_id: number;
  /** Epoch minute (ms / 60000). */
  minute: number;
  count: number;
}

export interface IssueTagTable {
  issue_id: number;
  key: string;
  value: string;
  times_seen: number;
  first_seen: number;
  last_seen: number;
}

export interface ReleaseTable {
  id: Generated<number>;
  project_id: number;
  version: string;
  first_seen: number;
  last_seen: number;
}

export interface SessionTable {
  project_id: number;
  sid: string;
  did: string | null;
  release: string;
  environment: string;
  status: string;
  errors: number;
  started: number;
  last_seen: number;
  duration_ms: number | null;
}

export interface SessionAggregateTable {
  project_id: number;
  release: string;
  environment: string;
  /** Start of the minute the sessions started in. */
  bucket: number;
  exited: number;
  errored: number;
  abnormal: number;
  crashed: number;
}

export interface ClientOutcomeTable {
  project_id: number;
  minute: number;
  reason: string;
  category: string;
  quantity: number;
}

export interface Schema {
  projects: ProjectTable;
  project_keys: ProjectKeyTable;
  api_tokens: ApiTokenTable;
  issues: IssueTable;
  events: EventTable;
  issue_users: IssueUserTable;
  issue_counts: IssueCountTable;
  issue_tags: IssueTagTable;
  releases: ReleaseTable;
  sessions: SessionTable;
  session_aggregates: SessionAggregateTable;
  client_outcomes: ClientOutcomeTable;
}

export type Project = Selectable<ProjectTable>;
export type ProjectKey = Selectable<ProjectKeyTable>;
export type Issue = Selectable<IssueTable>;
export type NewEvent = Insertable<EventTable>;
