// The lifecycle's clock: snoozes that end by date or by escalation, unresolved issues that escalate, and new,
// regressed or escalating issues that settle into ongoing after 7 days. Idempotent, and safe with two instances
// ticking at once: every change is a compare-and-set through transition.ts.

import type { Kysely } from 'kysely';
import { type ErrorCode, VigieError } from '../../errors.ts';
import type { Schema } from '../../storage/schema.ts';
import { SYSTEM } from '../activity.repository.ts';
import { occurrenceSeries } from '../issue.repository.ts';
import {
  ESCALATION_BASELINE_MS,
  ESCALATION_FACTOR,
  escalatingRecentHour,
  HOUR_MS,
  hourStartOf,
} from './escalation.ts';
import { type LifecycleRow, lifecycleStateOf } from './issue-state.ts';
import type { IssueLifecycleState, LifecycleTick } from './lifecycle.ts';
import { SUBSTATUS_SETTLES_AFTER_MS } from './lifecycle-automatic.ts';
import {
  hourlyEventCounts,
  ongoingIssueIdsSeenSince,
  snoozedIssues,
  unsettledIssueIdsBefore,
} from './lifecycle-tick.repository.ts';
import { transitionIssue } from './transition.ts';

type Db = Kysely<Schema>;

export interface TickReport {
  /** Issues the tick looked at closely. */
  readonly examined: number;
  /** Issues whose status changed. */
  readonly changed: number;
}

// The lowest count that can escalate an hour (10× a highest hourly count taken as at least 1).
const LEAST_ESCALATING_COUNT = ESCALATION_FACTOR;
// A tick looks this far back for hours that escalate a snoozed issue (missed ticks, downtime).
const SNOOZE_LOOKBACK_HOURS = ESCALATION_BASELINE_MS / HOUR_MS + 24;
// Deleted or merged away since the candidates were listed: nothing left to tick. Changing faster than the
// retries (concurrent_change): the next tick looks again.
const SKIPPED: ReadonlySet<ErrorCode> = new Set(['not_found', 'issue_merged', 'concurrent_change']);

/** Snoozed issues whose date has passed, and those snoozed until they escalate. */
async function snoozeCandidates(db: Db, nowMs: number): Promise<number[]> {
  const rows = await snoozedIssues(db);
  return rows
    .filter((row) => {
      const state = lifecycleStateOf(row);
      if (state.status !== 'snoozed') return false;
      const { condition } = state.snooze;
      return condition.kind === 'escalating' || (condition.kind === 'until' && condition.untilMs <= nowMs);
    })
    .map((row) => row.id);
}

/** New, regressed and escalating issues that have been so for 7 days. */
function settledCandidates(db: Db, nowMs: number): Promise<number[]> {
  return unsettledIssueIdsBefore(db, nowMs - SUBSTATUS_SETTLES_AFTER_MS);
}

/** Ongoing issues with enough events in the current or previous hour that the hour could escalate. */
async function escalationCandidates(db: Db, nowMs: number): Promise<number[]> {
  const previousHour = hourStartOf(nowMs) - HOUR_MS;
  const active = await ongoingIssueIdsSeenSince(db, previousHour);
  if (active.length === 0) return [];
  const busy = new Set<number>();
  for (const row of await hourlyEventCounts(db, active, previousHour)) {
    if (row.events > LEAST_ESCALATING_COUNT) busy.add(row.issueId);
  }
  return [...busy];
}

/**
 * The tick for one issue as it is now. An ongoing issue gets its hourly counts only when the hour that would
 * escalate it began after it became ongoing: a spike someone has just reviewed does not put it straight back.
 */
async function tickFor(db: Db, row: LifecycleRow, state: IssueLifecycleState, nowMs: number) {
  const tick: LifecycleTick = { type: 'tick', nowMs };
  if (state.status === 'snoozed' && state.snooze.condition.kind === 'escalating') {
    const since = Math.max(hourStartOf(state.sinceMs), hourStartOf(nowMs) - SNOOZE_LOOKBACK_HOURS * HOUR_MS);
    const hours = (hourStartOf(nowMs) - since) / HOUR_MS + 1;
    return { ...tick, hourly: await occurrenceSeries(db, row.id, 60, hours, nowMs) };
  }
  if (state.status === 'unresolved' && state.substatus === 'ongoing') {
    const hours = ESCALATION_BASELINE_MS / HOUR_MS + 2;
    const hourly = await occurrenceSeries(db, row.id, 60, hours, nowMs);
    const hour = escalatingRecentHour(hourly, nowMs);
    if (hour && hour.startMs >= state.sinceMs) return { ...tick, hourly };
  }
  return tick;
}

/**
 * Runs one tick at `nowMs`. Each issue changes at most once per tick; an issue another instance (or a person)
 * changed meanwhile is evaluated again against its new state.
 */
export async function runLifecycleTick(db: Db, nowMs: number): Promise<TickReport> {
  const candidates = [
    ...new Set([
      ...(await snoozeCandidates(db, nowMs)),
      ...(await settledCandidates(db, nowMs)),
      ...(await escalationCandidates(db, nowMs)),
    ]),
  ].sort((a, b) => a - b);
  let changed = 0;
  for (const issueId of candidates) {
    try {
      const input = (row: LifecycleRow, state: IssueLifecycleState) => tickFor(db, row, state, nowMs);
      const outcome = await transitionIssue(db, issueId, input, SYSTEM, { nowMs });
      if (outcome.changed) changed += 1;
    } catch (error) {
      if (!(error instanceof VigieError && SKIPPED.has(error.code))) throw error;
    }
  }
  return { examined: candidates.length, changed };
}
