// Rows for the search, customer and rotation tests, written straight into the database: issues in every
// lifecycle state with the columns triage sets, their events with the customer's id and email (what ingest
// stores), users with roles on projects and their API tokens.

import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { encodePayload } from '../src/storage/payload.ts';
import type { Schema } from '../src/storage/schema.ts';

type Db = Kysely<Schema>;

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export interface IssueSeed {
  title: string;
  culprit?: string | null;
  level?: string;
  status?: string;
  substatus?: string | null;
  firstSeen: number;
  lastSeen: number;
  timesSeen?: number;
  usersSeen?: number;
  assigneeUserId?: number | null;
  assigneeTeamId?: number | null;
  inboxAt?: number | null;
  reviewedAt?: number | null;
  externalUrl?: string | null;
  mergedIntoId?: number | null;
  /** issue_tags rows, as ingest writes them. */
  releases?: string[];
  environments?: string[];
  /** Other issue_tags rows (browser, url, the SDK's own tags). */
  tags?: Array<[key: string, value: string]>;
}

export async function insertIssue(db: Db, projectId: number, seed: IssueSeed): Promise<number> {
  const row = await db
    .insertInto('issues')
    .values({
      project_id: projectId,
      fingerprint: randomUUID().replaceAll('-', ''),
      fingerprint_strategy: 'stacktrace',
      fingerprint_components: '[]',
      title: seed.title,
      culprit: seed.culprit === undefined ? 'routes/checkout in checkout' : seed.culprit,
      level: seed.level ?? 'error',
      platform: 'node',
      status: seed.status ?? 'unresolved',
      substatus:
        seed.substatus === undefined
          ? (seed.status ?? 'unresolved') === 'unresolved'
            ? 'new'
            : null
          : seed.substatus,
      first_seen: seed.firstSeen,
      last_seen: seed.lastSeen,
      times_seen: seed.timesSeen ?? 1,
      users_seen: seed.usersSeen ?? 0,
      first_release: seed.releases?.[0] ?? null,
      last_release: seed.releases?.at(-1) ?? null,
      last_event_id: randomUUID().replaceAll('-', ''),
      assignee_user_id: seed.assigneeUserId ?? null,
      assignee_team_id: seed.assigneeTeamId ?? null,
      resolution: null,
      snooze: null,
      status_changed_at: null,
      inbox_reason: seed.inboxAt ? 'new' : null,
      inbox_at: seed.inboxAt ?? null,
      reviewed_at: seed.reviewedAt ?? null,
      external_url: seed.externalUrl ?? null,
      external_number: null,
      merged_into_id: seed.mergedIntoId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const tags = [
    ...(seed.releases ?? []).map((value) => ({ key: 'release', value })),
    ...(seed.environments ?? []).map((value) => ({ key: 'environment', value })),
    ...(seed.tags ?? []).map(([key, value]) => ({ key, value })),
  ];
  for (const tag of tags) {
    await db
      .insertInto('issue_tags')
      .values({
        issue_id: row.id,
        ...tag,
        times_seen: 1,
        first_seen: seed.firstSeen,
        last_seen: seed.lastSeen,
      })
      .execute();
  }
  return row.id;
}

export interface EventSeed {
  projectId: number;
  issueId: number;
  timestamp: number;
  userId?: string | null;
  userEmail?: string | null;
  title?: string;
  release?: string | null;
  environment?: string | null;
}

/** An event of an issue, as ingest stores it (user id and email in their indexed columns). */
export async function insertEvent(db: Db, seed: EventSeed): Promise<string> {
  const eventId = randomUUID().replaceAll('-', '');
  const userId = seed.userId ?? null;
  const userEmail = seed.userEmail ?? null;
  const user = { ...(userId ? { id: userId } : {}), ...(userEmail ? { email: userEmail } : {}) };
  await db
    .insertInto('events')
    .values({
      project_id: seed.projectId,
      issue_id: seed.issueId,
      event_id: eventId,
      timestamp: seed.timestamp,
      received_at: seed.timestamp + 150,
      level: 'error',
      title: seed.title ?? "TypeError: Cannot read properties of undefined (reading 'id')",
      release: seed.release ?? 'shop@1.4.2',
      environment: seed.environment ?? 'production',
      user_key: userId ? `id:${userId}` : userEmail ? `email:${userEmail}` : null,
      user_id: userId,
      user_email: userEmail,
      payload: encodePayload(JSON.stringify({ event_id: eventId, user })),
    })
    .execute();
  return eventId;
}

export async function insertTeam(db: Db, slug: string, memberIds: number[]): Promise<number> {
  const team = await db
    .insertInto('teams')
    .values({ slug, name: slug, created_at: Date.now() })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const userId of memberIds)
    await db.insertInto('team_members').values({ team_id: team.id, user_id: userId }).execute();
  return team.id;
}

export { insertUser, request, type SeededUser } from './triage-fixtures.ts';
