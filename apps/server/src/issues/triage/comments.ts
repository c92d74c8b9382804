// Comments on an issue, and the activity log they appear in: every status change, review, assignment, link
// and comment, oldest first, with who did it.

import type { Kysely } from 'kysely';
import { iso } from '../../api/schemas.ts';
import type { Schema } from '../../storage/schema.ts';
import { type Actor, enqueueOutbox, recordActivity } from '../activity.repository.ts';
import type { ActivityEntry } from './triage.schemas.ts';

type Db = Kysely<Schema>;

export async function addComment(
  db: Db,
  issue: { id: number; projectId: number },
  actor: Actor,
  text: string,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const base = { issueId: issue.id, projectId: issue.projectId, atMs: Date.now() };
    const id = await recordActivity(trx, { ...base, actor, kind: 'comment', data: { text } });
    await enqueueOutbox(trx, {
      ...base,
      topic: 'issue.commented',
      payload: { issueId: issue.id, projectId: issue.projectId, activityId: id, text, actor },
    });
    return id;
  });
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
type ActivityRow = Awaited<ReturnType<ReturnType<typeof activityQuery>['executeTakeFirstOrThrow']>>;

/** An issue's activity after the given id, oldest first; `limit + 1` rows so the caller knows if a page follows. */
export function listActivityPage(db: Db, issueId: number, afterId: number, limit: number) {
  return activityQuery(db)
    .where('a.issue_id', '=', issueId)
    .where('a.id', '>', afterId)
    .orderBy('a.id')
    .limit(limit + 1)
    .execute();
}

export function findActivity(db: Db, id: number) {
  return activityQuery(db).where('a.id', '=', id).executeTakeFirstOrThrow();
}

function parseData(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

const substatusIn = (value: unknown) => (typeof value === 'string' ? value : null);

export function presentActivity(row: ActivityRow): ActivityEntry {
  const { fromSubstatus, toSubstatus, ...data } = parseData(row.data);
  const type = row.actor_user_id !== null ? 'user' : row.actor_token_id !== null ? 'token' : 'system';
  return {
    id: row.id,
    kind: row.kind,
    at: iso(row.created_at),
    actor: { type, userId: row.actor_user_id, email: row.email ?? null, tokenId: row.actor_token_id },
    from:
      row.from_status === null ? null : { status: row.from_status, substatus: substatusIn(fromSubstatus) },
    to: row.to_status === null ? null : { status: row.to_status, substatus: substatusIn(toSubstatus) },
    reason: row.reason,
    data,
  };
}
