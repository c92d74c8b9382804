// The append-only record of what happened to an issue (who, when, from, to, why), and the
// outbox rows later features (alerts, Slack, webhooks) consume. Both are written in the same
// transaction as the change they describe; the log is read back oldest first, with who did it.

import type { Kysely, Transaction } from 'kysely';
import type { Caller } from '../auth/caller.ts';
import type { Schema } from '../storage/schema.ts';

type Db = Kysely<Schema> | Transaction<Schema>;

/** Who did it: a user, a token, or Vigie itself (null ids: an event arrival or a timer). */
export interface Actor {
  userId: number | null;
  tokenId: number | null;
}

export const SYSTEM: Actor = { userId: null, tokenId: null };

export const actorOf = (caller: Caller): Actor => ({ userId: caller.userId, tokenId: caller.tokenId });

export interface ActivityEntry {
  issueId: number;
  projectId: number;
  actor: Actor;
  /** status, assign, unassign, comment, link, github, merge, unmerge, review… */
  kind: string;
  fromStatus?: string | null;
  toStatus?: string | null;
  reason?: string | null;
  data?: Record<string, unknown>;
  atMs?: number;
}

export async function recordActivity(db: Db, entry: ActivityEntry): Promise<number> {
  const row = await db
    .insertInto('issue_activity')
    .values({
      issue_id: entry.issueId,
      project_id: entry.projectId,
      actor_user_id: entry.actor.userId,
      actor_token_id: entry.actor.tokenId,
      kind: entry.kind,
      from_status: entry.fromStatus ?? null,
      to_status: entry.toStatus ?? null,
      reason: entry.reason ?? null,
      data: JSON.stringify(entry.data ?? {}),
      created_at: entry.atMs ?? Date.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface OutboxMessage {
  /** e.g. issue.status_changed, issue.created, issue.regressed, issue.assigned */
  topic: string;
  projectId: number;
  issueId: number | null;
  payload: Record<string, unknown>;
  atMs?: number;
}

export async function enqueueOutbox(db: Db, message: OutboxMessage): Promise<void> {
  await db
    .insertInto('outbox')
    .values({
      topic: message.topic,
      project_id: message.projectId,
      issue_id: message.issueId,
      payload: JSON.stringify(message.payload),
      created_at: message.atMs ?? Date.now(),
      processed_at: null,
    })
    .execute();
}

export function listActivity(db: Db, issueId: number) {
  return db.selectFrom('issue_activity').selectAll().where('issue_id', '=', issueId).orderBy('id').execute();
}

function activityQuery(db: Db) {
  return db
    .selectFrom('issue_activity as a')
    .leftJoin('users as u', 'u.id', 'a.actor_user_id')
    .select([
      'a.id',
      'a.kind',
      'a.actor_user_id',
      'a.actor_token_id',
      'a.from_status',
      'a.to_status',
      'a.reason',
      'a.data',
      'a.created_at',
      'u.email',
    ]);
}
export type ActivityRow = Awaited<ReturnType<ReturnType<typeof activityQuery>['executeTakeFirstOrThrow']>>;

/** An issue's activity after the given id, oldest first; `limit + 1` rows so the caller knows if a page follows. */
export function listActivityPage(db: Db, issueId: number, afterId: number, limit: number) {
  return activityQuery(db)
    .where('a.issue_id', '=', issueId)
    .where('a.id', '>', afterId)
    .orderBy('a.id')
    .limit(limit + 1)
    .execute();
}

/** The issue's latest status change, with who made it (undefined if it never changed): what a 409 tells the
 * person whose action came too late, and what the issue page says. */
export function lastStatusChange(db: Db, issueId: number) {
  return activityQuery(db)
    .where('a.issue_id', '=', issueId)
    .where('a.kind', '=', 'status')
    .orderBy('a.id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function findActivity(db: Db, id: number) {
  return activityQuery(db).where('a.id', '=', id).executeTakeFirstOrThrow();
}
