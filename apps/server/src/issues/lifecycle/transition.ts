// One lifecycle change to one issue, whatever asked for it (a triage action, an event, a tick): reads the row,
// runs the pure state machine (lifecycle.ts) and writes the result through issue-state.repository.ts. A write that
// loses its compare-and-set to another change is evaluated again against the new state.

import type { Kysely } from 'kysely';
import { VigieError } from '../../errors.ts';
import type { Schema } from '../../storage/schema.ts';
import { type Actor, lastStatusChange } from '../activity.repository.ts';
import { issueMerged, issueNotFound } from '../issue-errors.ts';
import { loadLifecycleRow, writeReview, writeTransition } from './issue-state.repository.ts';
import { type LifecycleRow, lifecycleStateOf } from './issue-state.ts';
import {
  applyAction,
  type IssueLifecycleState,
  type LifecycleActivity,
  type LifecycleError,
  type LifecycleInput,
  nodeOf,
  TRIAGE_TABLE,
} from './lifecycle.ts';
import { releaseComparatorFor } from './release-order.repository.ts';
import { releaseComparator } from './release-order.ts';

type Db = Kysely<Schema>;

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
  return new VigieError(
    error.code,
    { message: error.message },
    { currentStatus: error.currentStatus, currentSubstatus: error.currentSubstatus },
  );
}

/**
 * The 409 of an action that came too late, with the status change that made it so: when and by whom
 * (`details.changedAt`, `details.changedBy`: a user's email, a token, or Vigie itself), so that the
 * person can see why their action did not apply.
 */
async function lifecycleFailure(db: Db, issueId: number, error: LifecycleError): Promise<VigieError> {
  const failure = lifecycleErrorToVigie(error);
  if (error.code !== 'illegal_transition') return failure;
  const change = await lastStatusChange(db, issueId);
  if (!change) return failure;
  const type = change.actor_user_id !== null ? 'user' : change.actor_token_id !== null ? 'token' : 'system';
  return new VigieError(
    error.code,
    { message: error.message },
    {
      ...failure.details,
      changedAt: new Date(Number(change.created_at)).toISOString(),
      changedBy: { type, email: change.email ?? null },
    },
  );
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
    throw issueNotFound(issueId);
  }
  if (row.merged_into_id !== null)
    throw issueMerged(issueId, row.merged_into_id, '; triage that one instead.');
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
  if (!result.ok) throw await lifecycleFailure(db, row.id, result.error);
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
 * 409 `illegal_transition` (details: currentStatus, currentSubstatus, changedAt, changedBy), as a person acting on stale data expects.
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
    'concurrent_change',
    { message: `Issue ${issueId} kept changing while this was applied; reload it and try again.` },
    { currentStatus: last?.status, currentSubstatus: last?.substatus },
  );
}
