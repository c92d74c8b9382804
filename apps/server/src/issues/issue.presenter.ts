// Database rows to the API's JSON shapes.

import type { Selectable } from 'kysely';
import type { Static } from 'typebox';
import type { EventDetail, EventSummary, Issue as IssueSchema } from '../api/schemas.ts';
import { iso } from '../api/schemas.ts';
import { groupingSummary } from '../grouping/grouping-summary.ts';
import { decodePayload } from '../storage/payload.ts';
import type { EventTable, Issue } from '../storage/schema.ts';

type EventRow = Pick<
  Selectable<EventTable>,
  | 'id'
  | 'project_id'
  | 'issue_id'
  | 'event_id'
  | 'timestamp'
  | 'received_at'
  | 'level'
  | 'title'
  | 'release'
  | 'environment'
  | 'user_key'
>;

export function presentIssue(row: Issue): Static<typeof IssueSchema> {
  return {
    id: row.id,
    projectId: row.project_id,
    title: row.title,
    culprit: row.culprit,
    level: row.level,
    platform: row.platform,
    status: row.status,
    substatus: row.substatus,
    firstSeen: iso(row.first_seen),
    lastSeen: iso(row.last_seen),
    count: row.times_seen,
    userCount: row.users_seen,
    firstRelease: row.first_release,
    lastRelease: row.last_release,
    fingerprint: {
      hash: row.fingerprint,
      strategy: row.fingerprint_strategy,
      components: JSON.parse(row.fingerprint_components),
      summary: groupingSummary(row.fingerprint_strategy, JSON.parse(row.fingerprint_components)),
      groupingVersion: row.grouping_version,
    },
  };
}

export function presentEventSummary(row: EventRow): Static<typeof EventSummary> {
  return {
    eventId: row.event_id,
    issueId: row.issue_id,
    projectId: row.project_id,
    timestamp: iso(row.timestamp),
    receivedAt: iso(row.received_at),
    level: row.level,
    title: row.title,
    release: row.release,
    environment: row.environment,
    userKey: row.user_key,
  };
}

export function presentEvent(row: EventRow & { payload: Uint8Array }): Static<typeof EventDetail> {
  return {
    ...presentEventSummary(row),
    data: decodePayload(row.payload) as unknown as Record<string, unknown>,
  };
}
