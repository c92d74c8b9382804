// Delete and discard: an issue goes away with its events and aggregates, and its fingerprints (its own
// and those merged into it) are remembered so that ingest drops their future events and counts them.

import type { Kysely } from 'kysely';
import type { Schema } from '../../storage/schema.ts';
import { type Actor, enqueueOutbox } from '../activity.repository.ts';
import { issueMerged, issueNotFound } from '../issue-errors.ts';
import { lockIssues } from './merge.repository.ts';
import { subtractProjectCounts } from './move-aggregates.repository.ts';

type Db = Kysely<Schema>;

export interface DiscardResult {
  fingerprints: string[];
  deletedEvents: number;
}

export async function discardIssue(
  db: Db,
  input: { issueId: number; actor: Actor; nowMs?: number },
): Promise<DiscardResult> {
  const nowMs = input.nowMs ?? Date.now();
  return db.transaction().execute(async (trx) => {
    // The issue and those merged into it, locked together in the order ingest locks them.
    const rows = await lockIssues(trx, [input.issueId], { withMerged: true });
    const issue = rows.find((r) => r.id === input.issueId);
    if (!issue) throw issueNotFound(input.issueId);
    const into = issue.merged_into_id;
    if (into !== null) throw issueMerged(issue.id, into, `: discard issue ${into}, or unmerge it first.`);
    const merged = rows.filter((r) => r.merged_into_id === issue.id);
    const routed = await trx
      .selectFrom('issue_fingerprints')
      .select('fingerprint')
      .where('issue_id', '=', issue.id)
      .execute();
    const fingerprints = [issue.fingerprint, ...routed.map((r) => r.fingerprint)];
    await trx
      .insertInto('discarded_fingerprints')
      .values(
        fingerprints.map((fingerprint) => ({
          project_id: issue.project_id,
          fingerprint,
          title: issue.title,
          created_at: nowMs,
        })),
      )
      .onConflict((oc) => oc.columns(['project_id', 'fingerprint']).doNothing())
      .execute();
    const ids = [issue.id, ...merged.map((m) => m.id)];
    await subtractProjectCounts(trx, issue.project_id, ids);
    const events = await trx.deleteFrom('events').where('issue_id', 'in', ids).executeTakeFirst();
    // Aggregates, activity and fingerprint routes go with the issue rows (ON DELETE CASCADE).
    await trx.deleteFrom('issues').where('id', 'in', ids).execute();
    const deletedEvents = Number(events.numDeletedRows);
    // The activity log goes with the issue: the outbox keeps who discarded what, and when.
    await enqueueOutbox(trx, {
      topic: 'issue.discarded',
      projectId: issue.project_id,
      issueId: issue.id,
      payload: {
        issueId: issue.id,
        title: issue.title,
        fingerprints,
        deletedEvents,
        mergedIssueIds: ids.slice(1),
        actor: input.actor,
      },
      atMs: nowMs,
    });
    return { fingerprints, deletedEvents };
  });
}

export interface DiscardedFingerprint {
  fingerprint: string;
  title: string;
  dropped: number;
  created_at: number;
}

/** Newest first; `limit + 1` rows so the caller knows whether a page follows. */
export function listDiscarded(
  db: Db,
  projectId: number,
  after: { createdAt: number; fingerprint: string } | undefined,
  limit: number,
): Promise<DiscardedFingerprint[]> {
  let query = db
    .selectFrom('discarded_fingerprints')
    .select(['fingerprint', 'title', 'dropped', 'created_at'])
    .where('project_id', '=', projectId);
  if (after) {
    query = query.where((eb) =>
      eb(eb.refTuple('created_at', 'fingerprint'), '<', eb.tuple(after.createdAt, after.fingerprint)),
    );
  }
  return query
    .orderBy('created_at', 'desc')
    .orderBy('fingerprint', 'desc')
    .limit(limit + 1)
    .execute();
}

/** Stops discarding: the fingerprint's next event opens a new issue. False if it was not discarded. */
export async function stopDiscarding(db: Db, projectId: number, fingerprint: string): Promise<boolean> {
  const result = await db
    .deleteFrom('discarded_fingerprints')
    .where('project_id', '=', projectId)
    .where('fingerprint', '=', fingerprint)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
