import { describe, expect, it } from 'vitest';
import { type HourlyCount, highestHourlyCount } from './escalation.ts';
import {
  applyAction,
  type IssueEventArrival,
  type IssueLifecycleState,
  type LifecycleContext,
  type LifecycleInput,
  type Resolution,
  type SnoozeCondition,
} from './lifecycle.ts';
import { releaseComparator } from './release-order.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2025, 0, 6, 9, 0); // when the triager acted

// Git-sha releases have no semver order: Vigie knows them by when they were first seen.
const firstSeen = new Map([
  ['4be1f0c', T0 - 10 * DAY],
  ['9f2c1e7', T0 - 2 * DAY],
  ['c07a5d3', T0 + DAY],
]);
const ctx: LifecycleContext = { nowMs: T0, compareReleases: releaseComparator((r) => firstSeen.get(r)) };

const step = (state: IssueLifecycleState, input: LifecycleInput) => {
  const result = applyAction(state, input, ctx);
  if (!result.ok) throw new Error(result.error.message);
  return result;
};
const position = (state: IssueLifecycleState) =>
  `${state.status}${state.substatus ? `/${state.substatus}` : ''}`;

const ongoing: IssueLifecycleState = { status: 'unresolved', substatus: 'ongoing', sinceMs: T0 - 30 * DAY };
const event = (release: string | null, more: Partial<IssueEventArrival> = {}): IssueEventArrival => ({
  type: 'event',
  atMs: T0 + HOUR,
  release,
  eventCount: 1_241,
  userCount: 88,
  ...more,
});

describe('an event for a resolved issue', () => {
  const resolvedAs = (resolution: Resolution) => step(ongoing, { type: 'resolve', resolution }).next;
  const after = (resolution: Resolution, release: string | null) =>
    position(step(resolvedAs(resolution), event(release)).next);

  it('reopens an issue resolved "now" as regressed, whatever its release', () => {
    const result = step(resolvedAs({ kind: 'now' }), event(null));
    expect(position(result.next)).toBe('unresolved/regressed');
    expect(result.next.sinceMs).toBe(T0 + HOUR);
    expect(result.activity).toMatchObject({
      from: { status: 'resolved', substatus: null },
      to: { status: 'unresolved', substatus: 'regressed' },
      reason: 'regressed',
      detail: 'new event after the issue was resolved',
    });
  });

  it.each([
    ['checkout@2.3.9', 'resolved'],
    ['checkout@2.4.0-rc.2', 'resolved'],
    ['checkout@2.4.0', 'unresolved/regressed'],
    ['checkout@2.4.1', 'unresolved/regressed'],
    ['checkout@2.10.0', 'unresolved/regressed'],
    [null, 'resolved'],
  ])('resolved in checkout@2.4.0: an event from %s leaves it %s', (release, expected) => {
    expect(after({ kind: 'inRelease', release: 'checkout@2.4.0' }, release)).toBe(expected);
  });

  it.each([
    ['4be1f0c', 'resolved'],
    ['9f2c1e7', 'unresolved/regressed'],
    ['c07a5d3', 'unresolved/regressed'],
    ['e5d0b91', 'resolved'],
  ])('resolved in sha 9f2c1e7: an event from %s (first-seen order) leaves it %s', (release, expected) => {
    expect(after({ kind: 'inRelease', release: '9f2c1e7' }, release)).toBe(expected);
  });

  it('stays resolved while the fixing release is not deployed yet and events come from the old one', () => {
    expect(after({ kind: 'inRelease', release: 'f00dfee' }, '9f2c1e7')).toBe('resolved');
  });

  it.each([
    ['checkout@2.4.0', 'resolved'],
    ['checkout@2.4.1', 'resolved'],
    ['checkout@2.4.2-beta.1', 'unresolved/regressed'],
    ['checkout@2.5.0', 'unresolved/regressed'],
    [null, 'resolved'],
  ])('resolved in the release after checkout@2.4.1: an event from %s leaves it %s', (release, expected) => {
    expect(after({ kind: 'inNextRelease', afterRelease: 'checkout@2.4.1' }, release)).toBe(expected);
  });

  it('resolved in the next release of a project with no releases yet: the first release reopens it', () => {
    const resolution: Resolution = { kind: 'inNextRelease', afterRelease: null };
    expect(after(resolution, null)).toBe('resolved');
    expect(after(resolution, 'checkout@1.0.0')).toBe('unresolved/regressed');
  });

  it('binds "next release" to release order, not to time: an old release seen again keeps it resolved', () => {
    const resolution: Resolution = { kind: 'inNextRelease', afterRelease: '9f2c1e7' };
    expect(after(resolution, '4be1f0c')).toBe('resolved');
    expect(after(resolution, 'c07a5d3')).toBe('unresolved/regressed');
  });
});

const snoozedWith = (condition: SnoozeCondition, hourly: readonly HourlyCount[] = []) =>
  step(ongoing, {
    type: 'snooze',
    condition,
    baseline: { eventCount: 1_240, userCount: 87, highestHourlyCount: highestHourlyCount(hourly, T0) },
  }).next;

/** Feeds events in order and says after how many the issue came back (null: never). */
function eventsUntilBack(state: IssueLifecycleState, events: readonly IssueEventArrival[]) {
  let current = state;
  for (const [i, e] of events.entries()) {
    const result = step(current, e);
    current = result.next;
    if (current.status === 'unresolved') return { after: i + 1, state: current, activity: result.activity };
  }
  return null;
}

describe('snooze conditions', () => {
  it('brings an issue snoozed for 100 more events back on the 100th event since the snooze', () => {
    const events = Array.from({ length: 150 }, (_, i) => event('checkout@2.4.1', { eventCount: 1_241 + i }));
    const back = eventsUntilBack(snoozedWith({ kind: 'events', count: 100 }), events);
    expect(back?.after).toBe(100);
    expect(position(back!.state)).toBe('unresolved/ongoing');
    expect(back?.activity).toMatchObject({
      reason: 'snooze_events_reached',
      detail: '100 more events since snoozed (until 100)',
    });
  });

  it('brings an issue snoozed for 25 more users back when the 25th new user hits it, not on events alone', () => {
    const sameUsers = Array.from({ length: 500 }, (_, i) =>
      event(null, { eventCount: 1_241 + i, userCount: 87 }),
    );
    expect(eventsUntilBack(snoozedWith({ kind: 'users', count: 25 }), sameUsers)).toBeNull();
    const newUsers = Array.from({ length: 40 }, (_, i) =>
      event(null, { eventCount: 1_741 + i, userCount: 88 + i }),
    );
    const back = eventsUntilBack(snoozedWith({ kind: 'users', count: 25 }), newUsers);
    expect(back?.after).toBe(25);
    expect(back?.activity?.reason).toBe('snooze_users_reached');
  });

  it('brings an issue snoozed for a week back at the tick that passes the date, not before', () => {
    const snoozed = snoozedWith({ kind: 'until', untilMs: T0 + 7 * DAY });
    expect(step(snoozed, { type: 'tick', nowMs: T0 + 7 * DAY - 1 }).activity).toBeNull();
    expect(step(snoozed, event(null, { atMs: T0 + 6 * DAY })).activity).toBeNull();
    const back = step(snoozed, { type: 'tick', nowMs: T0 + 7 * DAY });
    expect(position(back.next)).toBe('unresolved/ongoing');
    expect(back.activity).toMatchObject({
      reason: 'snooze_until_passed',
      detail: 'snoozed until 2025-01-13T09:00:00.000Z',
    });
  });

  it('brings a date-snoozed issue back with the first event after the date even if no tick ran', () => {
    const snoozed = snoozedWith({ kind: 'until', untilMs: T0 + 7 * DAY });
    expect(position(step(snoozed, event(null, { atMs: T0 + 7 * DAY + HOUR })).next)).toBe(
      'unresolved/ongoing',
    );
  });

  it('ignores count and date conditions that belong to another kind of snooze', () => {
    const snoozed = snoozedWith({ kind: 'escalating' });
    const flood = event('checkout@9.0.0', { atMs: T0 + 90 * DAY, eventCount: 99_999, userCount: 9_999 });
    expect(step(snoozed, flood).activity).toBeNull();
  });
});

const hours = (fromMs: number, counts: readonly number[]): HourlyCount[] =>
  counts.map((count, i) => ({ startMs: fromMs + i * HOUR, count }));
// A week before the snooze: 20 an hour, with one bad hour of 36 on Thursday.
const week = hours(
  T0 - 167 * HOUR,
  Array.from({ length: 168 }, (_, i) => (i === 70 ? 36 : 20)),
);

describe('snoozed until it escalates (more than 10× the highest hour of the week before)', () => {
  it('stores the week’s highest hour as the baseline', () => {
    const snoozed = snoozedWith({ kind: 'escalating' }, week);
    expect(snoozed.status === 'snoozed' && snoozed.snooze.baseline.highestHourlyCount).toBe(36);
  });

  it.each([
    [360, 'snoozed'],
    [361, 'unresolved/escalating'],
  ])('an hour of %i events two days later leaves it %s', (count, expected) => {
    const hourly = [...week, ...hours(T0 + HOUR, Array(47).fill(25)), ...hours(T0 + 48 * HOUR, [count])];
    const result = step(snoozedWith({ kind: 'escalating' }, week), {
      type: 'tick',
      nowMs: T0 + 48 * HOUR + 50 * 60_000,
      hourly,
    });
    expect(position(result.next)).toBe(expected);
    if (result.activity) expect(result.activity.reason).toBe('snooze_escalated');
  });

  it('does not count a spike from before the snooze', () => {
    const spikeBefore = [...week.slice(0, 100), { startMs: T0 - 30 * HOUR, count: 5_000 }];
    const snoozed = snoozedWith({ kind: 'escalating' }, week);
    expect(step(snoozed, { type: 'tick', nowMs: T0 + HOUR, hourly: spikeBefore }).activity).toBeNull();
  });

  it('wakes a quiet issue (no events the week before) past 10 events in an hour', () => {
    const snoozed = snoozedWith({ kind: 'escalating' }, []);
    const tick = (count: number) =>
      ({ type: 'tick', nowMs: T0 + 5 * HOUR, hourly: hours(T0 + 4 * HOUR, [count]) }) as const;
    expect(step(snoozed, tick(10)).activity).toBeNull();
    expect(position(step(snoozed, tick(11)).next)).toBe('unresolved/escalating');
  });

  it('needs the hourly counts: a tick without them changes nothing', () => {
    expect(
      step(snoozedWith({ kind: 'escalating' }, week), { type: 'tick', nowMs: T0 + 30 * DAY }).activity,
    ).toBeNull();
  });
});

describe('an unresolved issue escalating', () => {
  const hourly = (current: number, previous = 22) => [...week, ...hours(T0 + HOUR, [previous, current])];
  const nowMs = T0 + 2 * HOUR + 10 * 60_000;

  it.each([
    [360, 'unresolved/ongoing'],
    [361, 'unresolved/escalating'],
  ])('an ongoing issue with %i events this hour is %s', (count, expected) => {
    const result = step(ongoing, { type: 'tick', nowMs, hourly: hourly(count) });
    expect(position(result.next)).toBe(expected);
    if (result.activity) expect(result.activity).toMatchObject({ reason: 'escalated', atMs: nowMs });
  });

  it('catches a spike in the hour that just ended when the check runs after the hour turns', () => {
    const result = step(ongoing, { type: 'tick', nowMs, hourly: hourly(3, 2_000) });
    expect(position(result.next)).toBe('unresolved/escalating');
  });

  it('leaves a new issue new however loud it is: it is in the inbox already', () => {
    const fresh: IssueLifecycleState = { status: 'unresolved', substatus: 'new', sinceMs: T0 };
    expect(step(fresh, { type: 'tick', nowMs, hourly: hourly(5_000) }).activity).toBeNull();
  });
});

describe('substatus settling into ongoing after 7 days', () => {
  it.each(['new', 'regressed', 'escalating'] as const)(
    'a %s issue is still flagged at 6 days 23 hours, ongoing at 7 days',
    (substatus) => {
      const state: IssueLifecycleState = { status: 'unresolved', substatus, sinceMs: T0 };
      expect(step(state, { type: 'tick', nowMs: T0 + 7 * DAY - HOUR }).activity).toBeNull();
      const result = step(state, { type: 'tick', nowMs: T0 + 7 * DAY });
      expect(position(result.next)).toBe('unresolved/ongoing');
      expect(result.activity).toMatchObject({ reason: 'aged_to_ongoing', detail: `${substatus} for 7 days` });
    },
  );

  it('counts a regression’s 7 days from the regression, not from when the issue was first seen', () => {
    const resolved = step(
      { status: 'unresolved', substatus: 'new', sinceMs: T0 - 60 * DAY },
      { type: 'resolve', resolution: { kind: 'now' } },
    ).next;
    const regressed = step(resolved, event(null, { atMs: T0 + DAY })).next;
    expect(step(regressed, { type: 'tick', nowMs: T0 + 7 * DAY }).activity).toBeNull();
    expect(position(step(regressed, { type: 'tick', nowMs: T0 + 8 * DAY }).next)).toBe('unresolved/ongoing');
  });
});
