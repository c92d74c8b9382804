// The only writer of an issue's lifecycle columns (status, substatus, resolution, snooze, status_changed_at, and
// the inbox they drive): each write is a compare-and-set on the row's lifecycle_version, with its activity row and
// its outbox row in the same transaction. What to write is decided in transition.ts, by the pure state machine.

import type { Kysely, Transaction } from 'kysely';
import type { Schema } from '../../storage/schema.ts';
import { type Actor, enqueueOutbox, recordActivity } from '../activity.repository.ts';
import { inboxColumns, inboxEffectOf } from './inbox.ts';
import { LIFECYCLE_COLUMNS, type LifecycleRow } from './issue-state.ts';
import type { IssueLifecycleState, LifecycleActivity } from './lifecycle.ts';

type Conn = Kysely<Schema> | Transaction<Schema>;

export function loadLifecycleRow(db: Conn, issueId: number): Promise<LifecycleRow | undefined> {
  return db.selectFrom('issues').select(LIFECYCLE_COLUMNS).where('id', '=', issueId).executeTakeFirst();
}

const TOPICS: Partial<Record<LifecycleActivity['reason'], string>> = {
  regressed: 'issue.regressed',
  escalated: 'issue.escalated',
  snooze_escalated: 'issue.escalated',
};

export interface LifecycleChange {
  readonly next: IssueLifecycleState;
  readonly activity: LifecycleActivity;
}

/**
 * Writes one lifecycle change inside `trx`: the compare-and-set first (so a SQLite transaction takes the write
 * lock before reading anything), then the activity and outbox rows. False, with nothing written, when the row
 * changed since `row` was read.
 */
export async function writeTransition(
  trx: Transaction<Schema>,
  row: LifecycleRow,
  change: LifecycleChange,
  actor: Actor,
): Promise<boolean> {
  const { next, activity } = change;
  const updated = await trx
    .updateTable('issues')
    .set({
      status: next.status,
      substatus: next.substatus,
      resolution: next.status === 'resolved' ? JSON.stringify(next.resolution) : null,
      snooze: next.status === 'snoozed' ? JSON.stringify(next.snooze) : null,
      status_changed_at: next.sinceMs,
      ...inboxColumns(inboxEffectOf(activity.reason), row, activity.atMs),
      lifecycle_version: row.lifecycle_version + 1,
    })
    .where('id', '=', row.id)
    .where('lifecycle_version', '=', row.lifecycle_version)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) return false;
  const { from, to, reason, detail, atMs } = activity;
  const data = {
    fromSubstatus: from.substatus,
    toSubstatus: to.substatus,
    detail,
    ...(next.status === 'resolved' ? { resolution: next.resolution } : {}),
    ...(next.status === 'snoozed' ? { snooze: next.snooze } : {}),
  };
  const base = { issueId: row.id, projectId: row.project_id, atMs };
  await recordActivity(trx, {
    ...base,
    actor,
    kind: 'status',
    fromStatus: from.status,
    toStatus: to.status,
    reason,
    data,
  });
  await enqueueOutbox(trx, {
    ...base,
    topic: TOPICS[reason] ?? 'issue.status_changed',
    payload: {
      issueId: row.id,
      projectId: row.project_id,
      title: row.title,
      from,
      to,
      reason,
      detail,
      actor,
    },
  });
  return true;
}

/**
 * "Mark reviewed" on an issue whose status it does not change (ongoing, back from snooze): the inbox only. False,
 * with nothing written, when the row changed since `row` was read.
 */
export async function writeReview(trx: Transaction<Schema>, row: LifecycleRow, actor: Actor, atMs: number) {
  const updated = await trx
    .updateTable('issues')
    .set({ ...inboxColumns('reviewed', row, atMs), lifecycle_version: row.lifecycle_version + 1 })
    .where('id', '=', row.id)
    .where('lifecycle_version', '=', row.lifecycle_version)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) return false;
  const data = { inboxReason: row.inbox_reason };
  await recordActivity(trx, {
    issueId: row.id,
    projectId: row.project_id,
    actor,
    kind: 'review',
    data,
    atMs,
  });
  return true;
}
