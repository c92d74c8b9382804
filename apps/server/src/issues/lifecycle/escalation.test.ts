import { describe, expect, it } from 'vitest';
import {
  escalatingRecentHour,
  escalationThreshold,
  firstEscalatingHour,
  HOUR_MS,
  type HourlyCount,
  highestHourlyCount,
  hourStartOf,
} from './escalation.ts';

const SNOOZED_AT = Date.UTC(2025, 0, 6, 9, 40);
const HOUR = hourStartOf(SNOOZED_AT); // 09:00
const at = (hoursFromSnoozeHour: number, count: number): HourlyCount => ({
  startMs: HOUR + hoursFromSnoozeHour * HOUR_MS,
  count,
});

describe('the baseline: highest hourly count of the week up to the snooze', () => {
  it('takes the 168 hours ending with the hour of the snooze', () => {
    expect(highestHourlyCount([at(-167, 90), at(-3, 12), at(0, 30)], SNOOZED_AT)).toBe(90);
  });

  it('leaves out hours older than a week and hours after the snooze', () => {
    expect(highestHourlyCount([at(-168, 900), at(-5, 14), at(1, 700)], SNOOZED_AT)).toBe(14);
  });

  it('is 0 for an issue with no events that week', () => {
    expect(highestHourlyCount([], SNOOZED_AT)).toBe(0);
  });
});

describe('the threshold: more than 10× the baseline, with the baseline at least 1', () => {
  it.each([
    [0, 10],
    [1, 10],
    [36, 360],
    [1_500, 15_000],
  ])('baseline %i escalates above %i', (baseline, threshold) => {
    expect(escalationThreshold(baseline)).toBe(threshold);
  });
});

describe('snoozed until escalating', () => {
  it('finds the first hour since the snooze hour that goes over the threshold', () => {
    const hourly = [at(-2, 9_000), at(0, 200), at(3, 361), at(5, 9_000)];
    expect(firstEscalatingHour(hourly, 36, SNOOZED_AT, HOUR + 6 * HOUR_MS)).toEqual(at(3, 361));
  });

  it('stays quiet when no hour goes over', () => {
    expect(firstEscalatingHour([at(1, 360), at(2, 12)], 36, SNOOZED_AT, HOUR + 3 * HOUR_MS)).toBeNull();
  });
});

describe('an unresolved issue escalating', () => {
  const week = Array.from({ length: 168 }, (_, i) => at(i - 168, i === 40 ? 48 : 20));

  it('measures the current hour against the week before it', () => {
    expect(escalatingRecentHour([...week, at(0, 481)], SNOOZED_AT)).toEqual(at(0, 481));
    expect(escalatingRecentHour([...week, at(0, 480)], SNOOZED_AT)).toBeNull();
  });

  it('also looks at the hour that just ended, so a check right after the hour turns sees the spike', () => {
    expect(escalatingRecentHour([...week, at(0, 600)], SNOOZED_AT + 25 * 60_000)).toEqual(at(0, 600));
  });

  it('does not measure an hour against itself', () => {
    // A lone spike is over 10× the quiet hours before it even though it is the highest of its own week.
    expect(escalatingRecentHour([at(-5, 1), at(0, 11)], SNOOZED_AT)).toEqual(at(0, 11));
  });
});
