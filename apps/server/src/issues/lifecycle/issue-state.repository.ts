// The only writer of an issue's lifecycle columns (status, substatus, resolution, snooze, status_changed_at, and
// the inbox they drive): reads the row, runs the pure state machine, and writes the change, its activity row and
// its outbox row in one transaction, guarded by a compare-and-set on the row's lifecycle_version.

import type { Kysely, Transaction } from 'kysely';
import { VigieError } from '../../errors.ts';
import type { Schema } from '../../storage/schema.ts';
import { type Actor, enqueueOutbox, recordActivity } from '../activity.repository.ts';
import { inboxColumns, inboxEffectOf } from './inbox.ts';
import { LIFECYCLE_COLUMNS, type LifecycleRow, lifecycleStateOf } from './issue-state.ts';
import {
  applyAction,
  type IssueLifecycleState,
  type LifecycleActivity,
  type LifecycleError,
  type LifecycleInput,
  nodeOf,
  TRIAGE_TABLE,
} from './lifecycle.ts';
import { type ReleaseComparator, releaseComparator } from './release-order.ts';

type Db = Kysely<Schema>;
type Conn = Db | Transaction<Schema>;

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

/** "Mark reviewed" on an issue whose status it does not change (ongoing, back from snooze): the inbox only. */
async function writeReview(trx: Transaction<Schema>, row: LifecycleRow, actor: Actor, atMs: number) {
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

/**
 * Orders releases for one project: semver first, then the order the project first saw them in. Only the given
 * versions are loaded, so the comparator knows nothing of other releases.
 */
export async function releaseComparatorFor(
  db: Conn,
  projectId: number,
  versions: readonly string[],
): Promise<ReleaseComparator> {
  const wanted = [...new Set(versions)];
  if (wanted.length < 2) return releaseComparator();
  const rows = await db
    .selectFrom('releases')
    .select(['version'])
    .where('project_id', '=', projectId)
    .where('version', 'in', wanted)
    .orderBy('first_seen')
    .orderBy('id')
    .execute();
  const rank = new Map(rows.map((r, i) => [r.version, i]));
  return releaseComparator((release) => rank.get(release));
}

/** The releases an event's arrival compares: the event's and the one the issue was resolved in or after. */
export function releasesToCompare(state: IssueLifecycleState, eventRelease: string | null): string[] {
  if (state.status !== 'resolved' || eventRelease === null) return [];
  const { resolution } = state;
  if (resolution.kind === 'inRelease') return [eventRelease, resolution.release];
  if (resolution.kind === 'inNextRelease' && resolution.afterRelease !== null) {
    return [eventRelease, resolution.afterRelease];
  }
  return [];
}

export function lifecycleErrorToVigie(error: LifecycleError): VigieError {
  const status = error.code === 'illegal_transition' ? 409 : 400;
  return new VigieError(status, error.code, error.message, {
    currentStatus: error.currentStatus,
    currentSubstatus: error.currentSubstatus,
  });
}

/** An input, or how to build it from the row as read (a snooze's baseline counts, a tick's hourly counts). */
export type LifecycleInputSource =
  | LifecycleInput
  | ((row: LifecycleRow, state: IssueLifecycleState) => LifecycleInput | Promise<LifecycleInput>);

export interface TransitionOptions {
  /** When a triage action happens; defaults to now. */
  nowMs?: number;
  /** The issue must belong to this project (404 otherwise): for callers that authorized a project. */
  projectId?: number;
}

export interface TransitionOutcome {
  readonly changed: boolean;
  /** The status change written, if any (null for "no change" and for a review that only left the inbox). */
  readonly activity: LifecycleActivity | null;
}

/** The row, if it exists (in `projectId` when given: 404 otherwise) and was not merged away (409). */
export function assertTriageable<R extends { project_id: number; merged_into_id: number | null }>(
  row: R | undefined,
  issueId: number,
  projectId?: number,
): R {
  if (!row || (projectId !== undefined && row.project_id !== projectId)) {
    throw new VigieError(404, 'not_found', `Issue ${issueId} does not exist.`);
  }
  if (row.merged_into_id !== null) {
    throw new VigieError(
      409,
      'issue_merged',
      `Issue ${issueId} was merged into issue ${row.merged_into_id}; triage that one instead.`,
      { mergedIntoId: row.merged_into_id },
    );
  }
  return row;
}

// Each miss means someone else's change landed; a handful covers any realistic contention on one issue.
const MAX_ATTEMPTS = 10;

async function attemptTransition(
  db: Db,
  row: LifecycleRow,
  input: LifecycleInput,
  actor: Actor,
  nowMs: number,
): Promise<TransitionOutcome | 'conflict'> {
  const state = lifecycleStateOf(row);
  if (input.type === 'review' && TRIAGE_TABLE[nodeOf(state)].review === null && row.inbox_reason !== null) {
    const written = await db.transaction().execute((trx) => writeReview(trx, row, actor, nowMs));
    return written ? { changed: true, activity: null } : 'conflict';
  }
  const compareReleases =
    input.type === 'event'
      ? await releaseComparatorFor(db, row.project_id, releasesToCompare(state, input.release))
      : releaseComparator();
  const result = applyAction(state, input, { nowMs, compareReleases });
  if (!result.ok) throw lifecycleErrorToVigie(result.error);
  const { next, activity } = result;
  if (activity === null) return { changed: false, activity: null };
  const written = await db
    .transaction()
    .execute((trx) => writeTransition(trx, row, { next, activity }, actor));
  return written ? { changed: true, activity } : 'conflict';
}

/**
 * Applies a triage action, an event or a tick to one issue. A compare-and-set miss means another change landed
 * first: the input is evaluated again against the new state, so an action that has become illegal fails with
 * 409 `illegal_transition` (details: currentStatus, currentSubstatus), as a person acting on stale data expects.
 */
export async function transitionIssue(
  db: Db,
  issueId: number,
  input: LifecycleInputSource,
  actor: Actor,
  options: TransitionOptions = {},
): Promise<TransitionOutcome> {
  let last: LifecycleRow | undefined;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const row = assertTriageable(await loadLifecycleRow(db, issueId), issueId, options.projectId);
    last = row;
    const resolved = typeof input === 'function' ? await input(row, lifecycleStateOf(row)) : input;
    const outcome = await attemptTransition(db, row, resolved, actor, options.nowMs ?? Date.now());
    if (outcome !== 'conflict') return outcome;
  }
  throw new VigieError(
    409,
    'concurrent_change',
    `Issue ${issueId} kept changing while this was applied; reload it and try again.`,
    { currentStatus: last?.status, currentSubstatus: last?.substatus },
  );
}
