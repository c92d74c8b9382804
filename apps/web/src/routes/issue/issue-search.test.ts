import { describe, expect, it } from 'vitest';
import { fromLocalInput, toLocalInput } from '../../ui/datetime-local.ts';
import { graphRangeOf, rangeParams, validateIssueSearch } from './issue-search.ts';

describe('the issue page URL', () => {
  it('keeps an event id, a known period and a range whose start comes before its end', () => {
    const event = 'a'.repeat(32);
    expect(validateIssueSearch({ event, period: '7d' })).toEqual({ event, period: '7d' });
    expect(validateIssueSearch({ start: '2026-12-01T00:00:00Z', end: '2026-12-02T00:00:00Z' })).toEqual({
      start: '2026-12-01T00:00:00.000Z',
      end: '2026-12-02T00:00:00.000Z',
    });
  });

  it('drops what it cannot use: a bad event id, an unknown period, a range backwards', () => {
    expect(validateIssueSearch({ event: '<script>', period: '1y' })).toEqual({});
    expect(validateIssueSearch({ start: '2026-12-02T00:00:00Z', end: '2026-12-01T00:00:00Z' })).toEqual({});
    expect(validateIssueSearch({ period: '24h' })).toEqual({});
  });

  it('reads the graph range from the URL and writes it back', () => {
    expect(graphRangeOf({})).toEqual({ period: '24h' });
    expect(graphRangeOf({ period: '30d' })).toEqual({ period: '30d' });
    const range = { start: '2026-12-01T00:00:00.000Z', end: '2026-12-02T00:00:00.000Z' };
    expect(graphRangeOf(range)).toEqual(range);
    expect(rangeParams({ period: '24h' })).toEqual({ period: undefined, start: undefined, end: undefined });
    expect(rangeParams(range)).toEqual({ period: undefined, ...range });
  });

  it('round-trips a time through a datetime-local field', () => {
    const iso = new Date(2026, 11, 1, 9, 30).toISOString();
    expect(toLocalInput(iso)).toBe('2026-12-01T09:30');
    expect(fromLocalInput('2026-12-01T09:30')).toBe(iso);
    expect(fromLocalInput('')).toBeNull();
  });
});
