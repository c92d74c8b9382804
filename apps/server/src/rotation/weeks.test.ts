import { describe, expect, it } from 'vitest';
import { formatIsoWeek, onDutyIndex, parseIsoWeek, weekOf, weekStartMs } from './weeks.ts';

describe('rotation weeks', () => {
  it('starts weeks on Monday 00:00 UTC', () => {
    const wednesday = Date.UTC(2026, 10, 25, 15, 30); // 2026-11-25, a Wednesday
    const week = weekOf(wednesday);
    expect(new Date(weekStartMs(week)).toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(weekOf(Date.UTC(2026, 10, 29, 23, 59, 59))).toBe(week); // Sunday night
    expect(weekOf(Date.UTC(2026, 10, 30))).toBe(week + 1); // next Monday
    expect(weekOf(Date.UTC(2026, 10, 22, 23, 59))).toBe(week - 1); // previous Sunday
  });

  it('names weeks as ISO weeks, across year boundaries', () => {
    expect(formatIsoWeek(weekOf(Date.UTC(2026, 10, 25)))).toBe('2026-W48');
    // 2027-01-01 is a Friday: it belongs to the last week of 2026 (2026 has 53 ISO weeks).
    expect(formatIsoWeek(weekOf(Date.UTC(2027, 0, 1)))).toBe('2026-W53');
    expect(formatIsoWeek(weekOf(Date.UTC(2027, 0, 4)))).toBe('2027-W01');
    // 2024-12-30 is a Monday in ISO week 1 of 2025.
    expect(formatIsoWeek(weekOf(Date.UTC(2024, 11, 30)))).toBe('2025-W01');
  });

  it('reads ISO weeks back to the same week, and rejects weeks that do not exist', () => {
    for (const name of ['2026-W01', '2026-W48', '2026-W53', '2025-W01', '2020-W53']) {
      expect(formatIsoWeek(parseIsoWeek(name))).toBe(name);
    }
    expect(new Date(weekStartMs(parseIsoWeek('2026-W48'))).toISOString()).toBe('2026-11-23T00:00:00.000Z');
    for (const bad of ['2025-W53', '2026-W00', '2026-48', 'last week', '2026-W6']) {
      expect(() => parseIsoWeek(bad), bad).toThrow(/not an ISO week/);
    }
  });

  it('advances the person on duty one a week, wrapping, before and after the anchor', () => {
    expect([0, 1, 2, 3, 4].map((w) => onDutyIndex(3, 0, w))).toEqual([0, 1, 2, 0, 1]);
    expect(onDutyIndex(3, 10, 9)).toBe(2);
    expect(onDutyIndex(0, 10, 12)).toBeNull();
  });
});
