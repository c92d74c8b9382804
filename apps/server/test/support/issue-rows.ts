// The triage columns of an issue that nobody has triaged yet, for code that writes issue rows straight
// into the database (tests, the API benchmark's seed): spread it, then set what the row is about.

import type { RowOf } from '../../src/storage/schema.ts';

export const UNTRIAGED = {
  assignee_user_id: null,
  assignee_team_id: null,
  resolution: null,
  snooze: null,
  status_changed_at: null,
  inbox_reason: null,
  inbox_at: null,
  reviewed_at: null,
  external_url: null,
  external_number: null,
  merged_into_id: null,
} as const satisfies Partial<RowOf<'issues'>>;
