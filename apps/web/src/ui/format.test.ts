import { describe, expect, it } from 'vitest';
import { formatCount, relativeTime } from './format.ts';

describe('relativeTime', () => {
  const now = Date.parse('2026-12-07T12:00:00Z');
  it('says how long ago, in the largest unit that fits', () => {
    expect(relativeTime('2026-12-07T11:59:55Z', now)).toBe('just now');
    expect(relativeTime('2026-12-07T11:59:30Z', now)).toBe('30 s ago');
    expect(relativeTime('2026-12-07T11:55:00Z', now)).toBe('5 min ago');
    expect(relativeTime('2026-12-07T09:00:00Z', now)).toBe('3 h ago');
    expect(relativeTime('2026-12-01T12:00:00Z', now)).toBe('6 d ago');
    expect(relativeTime('2026-12-07T14:00:00Z', now)).toBe('in 2 h');
  });
});

describe('formatCount', () => {
  it('writes small counts in full and large ones compactly', () => {
    expect(formatCount(9_999)).toBe('9,999');
    expect(formatCount(208_421)).toBe('208.4K');
  });
});
