import { describe, expect, it } from 'vitest';
import { isoWeekOf, weekAfter, weekSpan } from './weeks.ts';

describe('ISO weeks in the dashboard', () => {
  it('names the week of an instant as the server does, across year boundaries', () => {
    expect(isoWeekOf(Date.UTC(2026, 10, 25, 15))).toBe('2026-W48');
    expect(isoWeekOf(Date.UTC(2026, 10, 23))).toBe('2026-W48'); // its Monday
    expect(isoWeekOf(Date.UTC(2026, 10, 29, 23, 59))).toBe('2026-W48'); // its Sunday night
    expect(isoWeekOf(Date.UTC(2027, 0, 1))).toBe('2026-W53');
    expect(isoWeekOf(Date.UTC(2027, 0, 4))).toBe('2027-W01');
    expect(isoWeekOf(Date.UTC(2024, 11, 30))).toBe('2025-W01');
  });

  it('steps weeks from a week start, and spells the span', () => {
    expect(weekAfter('2026-11-23T00:00:00.000Z', -1)).toBe('2026-W47');
    expect(weekAfter('2026-12-28T00:00:00.000Z', 1)).toBe('2027-W01');
    expect(weekSpan('2026-11-30T00:00:00.000Z')).toBe('30 Nov – 6 Dec');
  });
});
