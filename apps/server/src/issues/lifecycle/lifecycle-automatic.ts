// What incoming events and periodic ticks do to an issue: guarded transitions, tried in order, first match wins.
// Human triage actions live in lifecycle.ts's TRIAGE_TABLE; this is the half no person clicks.

import { ESCALATION_FACTOR, escalatingRecentHour, firstEscalatingHour } from './escalation.ts';
import type {
  IssueEventArrival,
  IssueLifecycleState,
  LifecycleContext,
  LifecycleNode,
  LifecycleTick,
} from './lifecycle.ts';

export type AutomaticReason =
  | 'regressed'
  | 'snooze_until_passed'
  | 'snooze_events_reached'
  | 'snooze_users_reached'
  | 'snooze_escalated'
  | 'escalated'
  | 'aged_to_ongoing';

/** `when` returns why the transition applies (for the activity row), or null when it does not. */
export interface GuardedTransition<I> {
  readonly from: LifecycleNode;
  readonly to: LifecycleNode;
  readonly reason: AutomaticReason;
  readonly when: (state: IssueLifecycleState, input: I, ctx: LifecycleContext) => string | null;
}

/** New, regressed and escalating are inbox flags; after this long they settle into ongoing (as in Sentry). */
export const SUBSTATUS_SETTLES_AFTER_MS = 7 * 24 * 3_600_000;

const iso = (ms: number) => new Date(ms).toISOString();

function regression(state: IssueLifecycleState, event: IssueEventArrival, ctx: LifecycleContext) {
  if (state.status !== 'resolved') return null;
  const { resolution } = state;
  if (resolution.kind === 'now') return 'new event after the issue was resolved';
  // An event without a release cannot be shown to run the fixed code's successor: it stays resolved (Sentry too).
  if (event.release === null) return null;
  if (resolution.kind === 'inRelease') {
    // Unknown order (the fix's release never seen yet) keeps it resolved: that is the normal state between
    // marking a fix and deploying it, when every event still comes from older releases.
    const order = ctx.compareReleases(event.release, resolution.release);
    return order !== null && order >= 0
      ? `event from ${event.release}, fixed in ${resolution.release}`
      : null;
  }
  if (resolution.afterRelease === null) {
    return `event from ${event.release}, the first release since resolving`;
  }
  const order = ctx.compareReleases(event.release, resolution.afterRelease);
  return order !== null && order > 0
    ? `event from ${event.release}, newer than ${resolution.afterRelease}`
    : null;
}

const snoozeOf = (state: IssueLifecycleState) => (state.status === 'snoozed' ? state.snooze : null);

function untilPassed(state: IssueLifecycleState, atMs: number) {
  const condition = snoozeOf(state)?.condition;
  return condition?.kind === 'until' && atMs >= condition.untilMs
    ? `snoozed until ${iso(condition.untilMs)}`
    : null;
}

function countReached(state: IssueLifecycleState, kind: 'events' | 'users', total: number) {
  const snooze = snoozeOf(state);
  if (snooze?.condition.kind !== kind) return null;
  const more = total - (kind === 'events' ? snooze.baseline.eventCount : snooze.baseline.userCount);
  const label = kind === 'events' ? 'events' : 'distinct users';
  return more >= snooze.condition.count
    ? `${more} more ${label} since snoozed (until ${snooze.condition.count})`
    : null;
}

const eventsReached = (state: IssueLifecycleState, event: IssueEventArrival) =>
  countReached(state, 'events', event.eventCount);
const usersReached = (state: IssueLifecycleState, event: IssueEventArrival) =>
  countReached(state, 'users', event.userCount);

function snoozeEscalated(state: IssueLifecycleState, tick: LifecycleTick) {
  const snooze = snoozeOf(state);
  if (snooze?.condition.kind !== 'escalating' || !tick.hourly) return null;
  const hour = firstEscalatingHour(
    tick.hourly,
    snooze.baseline.highestHourlyCount,
    state.sinceMs,
    tick.nowMs,
  );
  return (
    hour &&
    `${hour.count} events in the hour of ${iso(hour.startMs)}, over ${ESCALATION_FACTOR}× ${snooze.baseline.highestHourlyCount}`
  );
}

function escalated(_state: IssueLifecycleState, tick: LifecycleTick) {
  const hour = tick.hourly ? escalatingRecentHour(tick.hourly, tick.nowMs) : null;
  return (
    hour &&
    `${hour.count} events in the hour of ${iso(hour.startMs)}, over ${ESCALATION_FACTOR}× the week's highest`
  );
}

function settled(state: IssueLifecycleState, tick: LifecycleTick) {
  return tick.nowMs - state.sinceMs >= SUBSTATUS_SETTLES_AFTER_MS ? `${state.substatus} for 7 days` : null;
}

/** What an incoming event does; the first transition whose guard holds wins, none means no change. */
export const EVENT_TRANSITIONS: readonly GuardedTransition<IssueEventArrival>[] = [
  { from: 'resolved', to: 'regressed', reason: 'regressed', when: regression },
  { from: 'snoozed', to: 'ongoing', reason: 'snooze_until_passed', when: (s, e) => untilPassed(s, e.atMs) },
  { from: 'snoozed', to: 'ongoing', reason: 'snooze_events_reached', when: eventsReached },
  { from: 'snoozed', to: 'ongoing', reason: 'snooze_users_reached', when: usersReached },
];

/** What a periodic tick does. */
export const TICK_TRANSITIONS: readonly GuardedTransition<LifecycleTick>[] = [
  { from: 'snoozed', to: 'ongoing', reason: 'snooze_until_passed', when: (s, t) => untilPassed(s, t.nowMs) },
  { from: 'snoozed', to: 'escalating', reason: 'snooze_escalated', when: snoozeEscalated },
  { from: 'ongoing', to: 'escalating', reason: 'escalated', when: escalated },
  { from: 'new', to: 'ongoing', reason: 'aged_to_ongoing', when: settled },
  { from: 'regressed', to: 'ongoing', reason: 'aged_to_ongoing', when: settled },
  { from: 'escalating', to: 'ongoing', reason: 'aged_to_ongoing', when: settled },
];
