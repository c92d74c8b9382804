// The issue lifecycle as a pure state machine: a typed table says which triage action is legal from where, and
// guarded transitions say what incoming events and periodic ticks do. Nothing else decides an issue's status.

import type { HourlyCount } from './escalation.ts';
import {
  type AutomaticReason,
  EVENT_TRANSITIONS,
  type GuardedTransition,
  TICK_TRANSITIONS,
} from './lifecycle-automatic.ts';
import type { ReleaseComparator } from './release-order.ts';

export type IssueStatus = 'unresolved' | 'resolved' | 'ignored' | 'snoozed';
export type UnresolvedSubstatus = 'new' | 'ongoing' | 'regressed' | 'escalating';
/** Null unless the issue is unresolved. */
export type Substatus = UnresolvedSubstatus | null;

export type Resolution =
  | { readonly kind: 'now' }
  | { readonly kind: 'inRelease'; readonly release: string }
  /** `afterRelease`: the newest release seen when resolving; null when the project had none yet. */
  | { readonly kind: 'inNextRelease'; readonly afterRelease: string | null };

export type SnoozeCondition =
  | { readonly kind: 'until'; readonly untilMs: number }
  | { readonly kind: 'events'; readonly count: number }
  | { readonly kind: 'users'; readonly count: number }
  | { readonly kind: 'escalating' };

/** The issue's counters when snoozed: "N more events/users" count from here, escalation compares with it. */
export interface SnoozeBaseline {
  readonly eventCount: number;
  readonly userCount: number;
  /** See escalation.ts `highestHourlyCount`. */
  readonly highestHourlyCount: number;
}

export interface Snooze {
  readonly condition: SnoozeCondition;
  readonly baseline: SnoozeBaseline;
}

/** `sinceMs`: when the issue entered its current status and substatus. */
export type IssueLifecycleState =
  | { readonly status: 'unresolved'; readonly substatus: UnresolvedSubstatus; readonly sinceMs: number }
  | {
      readonly status: 'resolved';
      readonly substatus: null;
      readonly resolution: Resolution;
      readonly sinceMs: number;
    }
  | { readonly status: 'ignored'; readonly substatus: null; readonly sinceMs: number }
  | {
      readonly status: 'snoozed';
      readonly substatus: null;
      readonly snooze: Snooze;
      readonly sinceMs: number;
    };

export type TriageAction =
  | { readonly type: 'resolve'; readonly resolution: Resolution }
  | { readonly type: 'unresolve' }
  | { readonly type: 'ignore' }
  | { readonly type: 'snooze'; readonly condition: SnoozeCondition; readonly baseline: SnoozeBaseline }
  | { readonly type: 'review' };
export type TriageActionType = TriageAction['type'];

/** An event stored for the issue; `eventCount` and `userCount` are the issue's totals including it. */
export interface IssueEventArrival {
  readonly type: 'event';
  readonly atMs: number;
  readonly release: string | null;
  readonly eventCount: number;
  readonly userCount: number;
}

/** A periodic check: snooze dates, substatus ageing and, when `hourly` is given, escalation. */
export interface LifecycleTick {
  readonly type: 'tick';
  readonly nowMs: number;
  /** The issue's hourly counts over at least the last 8 days. */
  readonly hourly?: readonly HourlyCount[];
}

export type LifecycleInput = TriageAction | IssueEventArrival | LifecycleTick;

export interface LifecycleContext {
  /** When a triage action happens (events and ticks carry their own time). */
  readonly nowMs: number;
  readonly compareReleases: ReleaseComparator;
}

/** A place in the diagram: an unresolved substatus, or one of the other statuses. */
export type LifecycleNode = UnresolvedSubstatus | 'resolved' | 'ignored' | 'snoozed';

/**
 * Where each triage action leads from each node; null is illegal (HTTP 409). An action that would leave the
 * status as it is is illegal: it usually means someone else got there first, and changing how an issue is
 * resolved or snoozed goes through unresolve. A human bringing an issue back has looked at it: `ongoing`.
 */
// biome-ignore format: a table reads best as a table
export const TRIAGE_TABLE: { readonly [N in LifecycleNode]: { readonly [A in TriageActionType]: LifecycleNode | null } } = {
  new:        { resolve: 'resolved', unresolve: null,      ignore: 'ignored', snooze: 'snoozed', review: 'ongoing' },
  ongoing:    { resolve: 'resolved', unresolve: null,      ignore: 'ignored', snooze: 'snoozed', review: null },
  regressed:  { resolve: 'resolved', unresolve: null,      ignore: 'ignored', snooze: 'snoozed', review: 'ongoing' },
  escalating: { resolve: 'resolved', unresolve: null,      ignore: 'ignored', snooze: 'snoozed', review: 'ongoing' },
  resolved:   { resolve: null,       unresolve: 'ongoing', ignore: 'ignored', snooze: 'snoozed', review: null },
  ignored:    { resolve: 'resolved', unresolve: 'ongoing', ignore: null,      snooze: 'snoozed', review: null },
  snoozed:    { resolve: 'resolved', unresolve: 'ongoing', ignore: 'ignored', snooze: null,      review: null },
};

/** Every node and every triage action, in the table's order (the diagram and the tests walk them). */
export const LIFECYCLE_NODES = Object.keys(TRIAGE_TABLE) as readonly LifecycleNode[];
export const TRIAGE_ACTION_TYPES = Object.keys(TRIAGE_TABLE.new) as readonly TriageActionType[];

export interface LifecyclePosition {
  readonly status: IssueStatus;
  readonly substatus: Substatus;
}

/** What the repository writes as the activity row (it adds who) and hands to the outbox. */
export interface LifecycleActivity {
  readonly from: LifecyclePosition;
  readonly to: LifecyclePosition;
  readonly reason: TriageActionType | AutomaticReason;
  /** For people: "event from 2.1.0, fixed in 2.0.0", "snoozed until 2025-01-06T09:00:00.000Z". */
  readonly detail: string;
  readonly atMs: number;
}

export interface LifecycleError {
  /** illegal_transition → 409; invalid_action (a snooze date in the past, a count below 1) → 400. */
  readonly code: 'illegal_transition' | 'invalid_action';
  readonly currentStatus: IssueStatus;
  readonly currentSubstatus: Substatus;
  readonly message: string;
}

/** `activity` null: nothing changed and nothing is to be written. */
export type LifecycleResult =
  | { readonly ok: true; readonly next: IssueLifecycleState; readonly activity: LifecycleActivity | null }
  | { readonly ok: false; readonly error: LifecycleError };

const iso = (ms: number) => new Date(ms).toISOString();

export function nodeOf(state: IssueLifecycleState): LifecycleNode {
  return state.status === 'unresolved' ? state.substatus : state.status;
}

/** The state of an issue created by its first event. */
export function newIssueState(firstSeenMs: number): IssueLifecycleState {
  return { status: 'unresolved', substatus: 'new', sinceMs: firstSeenMs };
}

function enter(node: LifecycleNode, input: LifecycleInput, atMs: number): IssueLifecycleState {
  switch (node) {
    case 'resolved':
      return {
        status: 'resolved',
        substatus: null,
        resolution: input.type === 'resolve' ? input.resolution : { kind: 'now' },
        sinceMs: atMs,
      };
    case 'snoozed':
      if (input.type !== 'snooze') throw new Error(`the lifecycle table leads ${input.type} into snoozed`);
      return {
        status: 'snoozed',
        substatus: null,
        snooze: { condition: input.condition, baseline: input.baseline },
        sinceMs: atMs,
      };
    case 'ignored':
      return { status: 'ignored', substatus: null, sinceMs: atMs };
    default:
      return { status: 'unresolved', substatus: node, sinceMs: atMs };
  }
}

const positionOf = (state: IssueLifecycleState): LifecyclePosition => ({
  status: state.status,
  substatus: state.substatus,
});

const DONE: { readonly [A in 'unresolve' | 'ignore' | 'review']: string } = {
  unresolve: 'unresolved',
  ignore: 'ignored',
  review: 'marked reviewed',
};

function describeAction(action: TriageAction): string {
  if (action.type === 'resolve') {
    const { resolution: r } = action;
    if (r.kind === 'now') return 'resolved';
    if (r.kind === 'inRelease') return `resolved in ${r.release}`;
    return r.afterRelease === null
      ? 'resolved in the first release'
      : `resolved in the release after ${r.afterRelease}`;
  }
  if (action.type !== 'snooze') return DONE[action.type];
  const c = action.condition;
  if (c.kind === 'until') return `snoozed until ${iso(c.untilMs)}`;
  return c.kind === 'escalating' ? 'snoozed until it escalates' : `snoozed for ${c.count} more ${c.kind}`;
}

/** Why a legal action still cannot be taken as given, or null. */
function invalidity(action: TriageAction, nowMs: number): string | null {
  if (
    action.type === 'resolve' &&
    action.resolution.kind === 'inRelease' &&
    action.resolution.release.trim() === ''
  ) {
    return 'resolving in a release needs the release name';
  }
  if (action.type !== 'snooze') return null;
  const { condition: c, baseline: b } = action;
  if (c.kind === 'until' && !(c.untilMs > nowMs)) return 'the snooze date must be in the future';
  if ((c.kind === 'events' || c.kind === 'users') && !(Number.isInteger(c.count) && c.count >= 1)) {
    return `snoozing for more ${c.kind} needs a whole count of at least 1`;
  }
  const counts = [b.eventCount, b.userCount, b.highestHourlyCount];
  return counts.every((n) => Number.isInteger(n) && n >= 0)
    ? null
    : 'the snooze baseline counts must be whole and ≥ 0';
}

function applyTriage(state: IssueLifecycleState, action: TriageAction, nowMs: number): LifecycleResult {
  const from = nodeOf(state);
  const to = TRIAGE_TABLE[from][action.type];
  const fail = (code: LifecycleError['code'], message: string): LifecycleResult => ({
    ok: false,
    error: { code, currentStatus: state.status, currentSubstatus: state.substatus, message },
  });
  if (to === null) {
    const where = state.substatus ? `${state.status} (${state.substatus})` : state.status;
    return fail(
      'illegal_transition',
      `cannot ${action.type} an issue that is ${where}; reload it and try again`,
    );
  }
  const invalid = invalidity(action, nowMs);
  if (invalid) return fail('invalid_action', invalid);
  const next = enter(to, action, nowMs);
  const activity = {
    from: positionOf(state),
    to: positionOf(next),
    reason: action.type,
    detail: describeAction(action),
    atMs: nowMs,
  };
  return { ok: true, next, activity };
}

function applyGuarded<I extends IssueEventArrival | LifecycleTick>(
  state: IssueLifecycleState,
  input: I,
  atMs: number,
  transitions: readonly GuardedTransition<I>[],
  ctx: LifecycleContext,
): LifecycleResult {
  const from = nodeOf(state);
  for (const transition of transitions) {
    if (transition.from !== from) continue;
    const detail = transition.when(state, input, ctx);
    if (detail === null) continue;
    const next = enter(transition.to, input, atMs);
    return {
      ok: true,
      next,
      activity: { from: positionOf(state), to: positionOf(next), reason: transition.reason, detail, atMs },
    };
  }
  return { ok: true, next: state, activity: null };
}

/**
 * Applies a triage action, an incoming event or a tick. Triage actions fail with `illegal_transition` where the
 * table says so; events and ticks never fail (an event for an ignored issue leaves it ignored).
 */
export function applyAction(
  state: IssueLifecycleState,
  input: LifecycleInput,
  ctx: LifecycleContext,
): LifecycleResult {
  if (input.type === 'event') return applyGuarded(state, input, input.atMs, EVENT_TRANSITIONS, ctx);
  if (input.type === 'tick') return applyGuarded(state, input, input.nowMs, TICK_TRANSITIONS, ctx);
  return applyTriage(state, input, ctx.nowMs);
}
