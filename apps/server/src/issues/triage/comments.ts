// Comments on an issue: each is a row of its activity log (activity.repository.ts), where it appears among the
// status changes, reviews, assignments and links, and an `issue.commented` outbox row for alerts.

import type { Kysely } from 'kysely';
import type { Schema } from '../../storage/schema.ts';
import { type Actor, enqueueOutbox, recordActivity } from '../activity.repository.ts';

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
