// The writes and reads event-arrivals.ts makes inside the ingest transaction: new issues opened in bulk, and the
// rows of the batch's issues that an event can move.

import type { Transaction } from 'kysely';
import { CHUNK, chunks } from '../../storage/rows.ts';
import type { Schema } from '../../storage/schema.ts';
import type { EventArrival } from './event-arrivals.ts';
import { LIFECYCLE_COLUMNS, type LifecycleRow } from './issue-state.ts';

type Trx = Transaction<Schema>;

/** New issues: into the inbox as 'new', a 'created' activity row each, and `issue.created` for alerts. */
export async function openNewIssues(trx: Trx, created: readonly EventArrival[]): Promise<void> {
  const byTime = new Map<number, number[]>();
  for (const a of created) byTime.set(a.atMs, [...(byTime.get(a.atMs) ?? []), a.issueId]);
  for (const [atMs, ids] of byTime) {
    for (const part of chunks(ids, 500)) {
      await trx
        .updateTable('issues')
        .set({ inbox_reason: 'new', inbox_at: atMs, status_changed_at: atMs })
        .where('id', 'in', part)
        .where('status_changed_at', 'is', null)
        .execute();
    }
  }
  for (const part of chunks([...created], CHUNK)) {
    await trx
      .insertInto('issue_activity')
      .values(
        part.map((a) => ({
          issue_id: a.issueId,
          project_id: a.projectId,
          actor_user_id: null,
          actor_token_id: null,
          kind: 'created',
          from_status: null,
          to_status: 'unresolved',
          reason: 'new',
          data: JSON.stringify({ toSubstatus: 'new', release: a.release }),
          created_at: a.atMs,
        })),
      )
      .execute();
    await trx
      .insertInto('outbox')
      .values(
        part.map((a) => ({
          topic: 'issue.created',
          project_id: a.projectId,
          issue_id: a.issueId,
          payload: JSON.stringify({ issueId: a.issueId, projectId: a.projectId, release: a.release }),
          created_at: a.atMs,
          processed_at: null,
        })),
      )
      .execute();
  }
}

/** The batch's issues an event can move: resolved (regression) and snoozed (conditions met). */
export async function movableIssues(trx: Trx, ids: readonly number[]): Promise<LifecycleRow[]> {
  const rows: LifecycleRow[] = [];
  for (const part of chunks([...ids], 500)) {
    const found = await trx
      .selectFrom('issues')
      .select(LIFECYCLE_COLUMNS)
      .where('id', 'in', part)
      .where('status', 'in', ['resolved', 'snoozed'])
      .where('merged_into_id', 'is', null)
      .orderBy('id')
      .execute();
    rows.push(...found);
  }
  return rows;
}
