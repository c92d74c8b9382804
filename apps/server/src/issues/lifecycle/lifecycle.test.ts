import { describe, expect, it } from 'vitest';
import {
  applyAction,
  type IssueLifecycleState,
  type IssueStatus,
  LIFECYCLE_NODES,
  type LifecycleContext,
  type LifecycleNode,
  newIssueState,
  type SnoozeBaseline,
  type Substatus,
  TRIAGE_ACTION_TYPES,
  type TriageAction,
  type TriageActionType,
} from './lifecycle.ts';
import { releaseComparator } from './release-order.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2025, 0, 6, 9, 30); // a Monday-morning triage
const ctx: LifecycleContext = { nowMs: NOW, compareReleases: releaseComparator() };
const baseline: SnoozeBaseline = { eventCount: 1_240, userCount: 87, highestHourlyCount: 36 };

// One realistic issue in each place of the diagram.
const STATES: Record<LifecycleNode, IssueLifecycleState> = {
  new: { status: 'unresolved', substatus: 'new', sinceMs: NOW - DAY },
  ongoing: { status: 'unresolved', substatus: 'ongoing', sinceMs: NOW - 20 * DAY },
  regressed: { status: 'unresolved', substatus: 'regressed', sinceMs: NOW - 2 * DAY },
  escalating: { status: 'unresolved', substatus: 'escalating', sinceMs: NOW - 3 * HOUR },
  resolved: {
    status: 'resolved',
    substatus: null,
    resolution: { kind: 'inRelease', release: 'checkout@2.4.0' },
    sinceMs: NOW - 2 * DAY,
  },
  ignored: { status: 'ignored', substatus: null, sinceMs: NOW - 30 * DAY },
  snoozed: {
    status: 'snoozed',
    substatus: null,
    snooze: { condition: { kind: 'events', count: 500 }, baseline },
    sinceMs: NOW - 3 * DAY,
  },
};

const ACTIONS: Record<TriageActionType, TriageAction> = {
  resolve: { type: 'resolve', resolution: { kind: 'inNextRelease', afterRelease: 'checkout@2.4.1' } },
  unresolve: { type: 'unresolve' },
  ignore: { type: 'ignore' },
  snooze: { type: 'snooze', condition: { kind: 'until', untilMs: NOW + 7 * DAY }, baseline },
  review: { type: 'review' },
};

type Outcome = readonly [IssueStatus, Substatus] | 409;
const RESOLVED = ['resolved', null] as const;
const IGNORED = ['ignored', null] as const;
const SNOOZED = ['snoozed', null] as const;
const ONGOING = ['unresolved', 'ongoing'] as const;

// Written out by hand from the issue's rules, not read from TRIAGE_TABLE: every status × every action.
const EXPECTED: Record<LifecycleNode, Record<TriageActionType, Outcome>> = {
  new: { resolve: RESOLVED, unresolve: 409, ignore: IGNORED, snooze: SNOOZED, review: ONGOING },
  ongoing: { resolve: RESOLVED, unresolve: 409, ignore: IGNORED, snooze: SNOOZED, review: 409 },
  regressed: { resolve: RESOLVED, unresolve: 409, ignore: IGNORED, snooze: SNOOZED, review: ONGOING },
  escalating: { resolve: RESOLVED, unresolve: 409, ignore: IGNORED, snooze: SNOOZED, review: ONGOING },
  resolved: { resolve: 409, unresolve: ONGOING, ignore: IGNORED, snooze: SNOOZED, review: 409 },
  ignored: { resolve: RESOLVED, unresolve: ONGOING, ignore: 409, snooze: SNOOZED, review: 409 },
  snoozed: { resolve: RESOLVED, unresolve: ONGOING, ignore: IGNORED, snooze: 409, review: 409 },
};

const cells = Object.entries(EXPECTED).flatMap(([node, row]) =>
  Object.entries(row).map(([action, outcome]) => ({
    node: node as LifecycleNode,
    action: action as TriageActionType,
    outcome,
  })),
);

describe('triage actions, every status × every action', () => {
  it('covers exactly the statuses and actions the module knows', () => {
    expect([...LIFECYCLE_NODES].sort()).toEqual(Object.keys(EXPECTED).sort());
    expect([...TRIAGE_ACTION_TYPES].sort()).toEqual(Object.keys(EXPECTED.new).sort());
    expect(cells).toHaveLength(35);
  });

  it.each(cells)('$action on $node → $outcome', ({ node, action, outcome }) => {
    const state = STATES[node];
    const result = applyAction(state, ACTIONS[action], ctx);
    if (outcome === 409) {
      expect(result).toEqual({
        ok: false,
        error: expect.objectContaining({
          code: 'illegal_transition',
          currentStatus: state.status,
          currentSubstatus: state.substatus,
        }),
      });
      expect(!result.ok && result.error.message).toContain(
        `cannot ${action} an issue that is ${state.status}`,
      );
      return;
    }
    if (!result.ok) throw new Error(result.error.message);
    const [status, substatus] = outcome;
    expect({ status: result.next.status, substatus: result.next.substatus }).toEqual({ status, substatus });
    expect(result.next.sinceMs).toBe(NOW);
    expect(result.activity).toMatchObject({
      from: { status: state.status, substatus: state.substatus },
      to: { status, substatus },
      reason: action,
      atMs: NOW,
    });
  });
});

describe('what a triage action records', () => {
  it('keeps the resolution so a later event can be judged against it', () => {
    const result = applyAction(STATES.regressed, ACTIONS.resolve, ctx);
    expect(result.ok && result.next).toEqual({
      status: 'resolved',
      substatus: null,
      resolution: { kind: 'inNextRelease', afterRelease: 'checkout@2.4.1' },
      sinceMs: NOW,
    });
    expect(result.ok && result.activity?.detail).toBe('resolved in the release after checkout@2.4.1');
  });

  it('keeps the snooze condition and the counters it counts from', () => {
    const result = applyAction(STATES.new, ACTIONS.snooze, ctx);
    expect(result.ok && result.next).toEqual({
      status: 'snoozed',
      substatus: null,
      snooze: { condition: { kind: 'until', untilMs: NOW + 7 * DAY }, baseline },
      sinceMs: NOW,
    });
    expect(result.ok && result.activity?.detail).toBe('snoozed until 2025-01-13T09:30:00.000Z');
  });

  it('says which substatus blocked a second review', () => {
    const result = applyAction(STATES.ongoing, ACTIONS.review, ctx);
    expect(!result.ok && result.error.message).toBe(
      'cannot review an issue that is unresolved (ongoing); reload it and try again',
    );
  });

  it('starts a new issue as unresolved and new', () => {
    expect(newIssueState(NOW)).toEqual({ status: 'unresolved', substatus: 'new', sinceMs: NOW });
  });
});

describe('triage actions that are legal but malformed', () => {
  const snooze = (condition: Extract<TriageAction, { type: 'snooze' }>['condition']): TriageAction => ({
    type: 'snooze',
    condition,
    baseline,
  });
  it.each([
    [
      'a snooze date already past',
      snooze({ kind: 'until', untilMs: NOW - HOUR }),
      'the snooze date must be in the future',
    ],
    [
      'a snooze for 0 more events',
      snooze({ kind: 'events', count: 0 }),
      'snoozing for more events needs a whole count',
    ],
    [
      'a snooze for 2.5 more users',
      snooze({ kind: 'users', count: 2.5 }),
      'snoozing for more users needs a whole count',
    ],
    [
      'a resolution in a release with no name',
      { type: 'resolve', resolution: { kind: 'inRelease', release: '  ' } } as const,
      'resolving in a release needs the release name',
    ],
  ])('refuses %s', (_name, action, message) => {
    const result = applyAction(STATES.ongoing, action, ctx);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatchObject({ code: 'invalid_action', currentStatus: 'unresolved' });
    expect(!result.ok && result.error.message).toContain(message);
  });

  it('answers 409 before judging the payload when the action is illegal anyway', () => {
    const result = applyAction(STATES.snoozed, snooze({ kind: 'events', count: 0 }), ctx);
    expect(!result.ok && result.error.code).toBe('illegal_transition');
  });
});

// An event from a release newer than any here, not enough to end the snooze: only the resolved issue moves.
const EVENT_OUTCOME: Record<LifecycleNode, readonly [IssueStatus, Substatus]> = {
  new: ['unresolved', 'new'],
  ongoing: ['unresolved', 'ongoing'],
  regressed: ['unresolved', 'regressed'],
  escalating: ['unresolved', 'escalating'],
  resolved: ['unresolved', 'regressed'],
  ignored: ['ignored', null],
  snoozed: ['snoozed', null],
};

describe('an event arriving in every status', () => {
  it.each(LIFECYCLE_NODES)('event on %s', (node) => {
    const state = STATES[node];
    const event = {
      type: 'event',
      atMs: NOW,
      release: 'checkout@2.5.0',
      eventCount: 1_241,
      userCount: 88,
    } as const;
    const result = applyAction(state, event, ctx);
    if (!result.ok) throw new Error('an event never fails');
    const [status, substatus] = EVENT_OUTCOME[node];
    expect({ status: result.next.status, substatus: result.next.substatus }).toEqual({ status, substatus });
    if (status === state.status && substatus === state.substatus) {
      expect(result.next).toBe(state);
      expect(result.activity).toBeNull();
    } else {
      expect(result.activity).toMatchObject({ reason: 'regressed', atMs: NOW });
    }
  });
});

// A tick eight days on, with a steady hourly history: inbox flags settle into ongoing, nothing else moves
// (the snoozed issue waits for events, not for time).
const TICK_OUTCOME: Record<LifecycleNode, readonly [IssueStatus, Substatus]> = {
  new: ['unresolved', 'ongoing'],
  ongoing: ['unresolved', 'ongoing'],
  regressed: ['unresolved', 'ongoing'],
  escalating: ['unresolved', 'ongoing'],
  resolved: ['resolved', null],
  ignored: ['ignored', null],
  snoozed: ['snoozed', null],
};

describe('a tick in every status', () => {
  const later = NOW + 8 * DAY;
  const steady = Array.from({ length: 200 }, (_, i) => ({ startMs: later - (199 - i) * HOUR, count: 20 }));

  it.each(LIFECYCLE_NODES)('tick on %s', (node) => {
    const state = STATES[node];
    const result = applyAction(state, { type: 'tick', nowMs: later, hourly: steady }, ctx);
    if (!result.ok) throw new Error('a tick never fails');
    const [status, substatus] = TICK_OUTCOME[node];
    expect({ status: result.next.status, substatus: result.next.substatus }).toEqual({ status, substatus });
    expect(result.activity?.reason ?? null).toBe(
      substatus === 'ongoing' && state.substatus !== 'ongoing' ? 'aged_to_ongoing' : null,
    );
  });

  it.each(LIFECYCLE_NODES)('a tick moments later leaves %s as it is', (node) => {
    const result = applyAction(STATES[node], { type: 'tick', nowMs: NOW + 60_000 }, ctx);
    expect(result).toEqual({ ok: true, next: STATES[node], activity: null });
  });
});
