import { describe, expect, it } from 'vitest';
import { sparkBars, sparkSummary } from './sparkline.ts';

describe('sparkBars', () => {
  it('draws the busiest bucket full height and skips empty ones', () => {
    const bars = sparkBars([0, 4, 2, 0], 40, 20);
    expect(bars).toEqual([
      { x: 10, y: 0, width: 9, height: 20 },
      { x: 20, y: 10, width: 9, height: 10 },
    ]);
  });

  it('keeps one event visible beside thousands', () => {
    const [one] = sparkBars([1, 5000], 20, 20);
    expect(one!.height).toBeGreaterThanOrEqual(1.5);
  });

  it('draws nothing for a quiet period', () => {
    expect(sparkBars([0, 0, 0], 30, 20)).toEqual([]);
    expect(sparkBars([], 30, 20)).toEqual([]);
  });
});

describe('sparkSummary', () => {
  it('says the total and the busiest bucket in words', () => {
    expect(sparkSummary([0, 3, 1200], '24h')).toBe('1,203 events in the last 24 hours; busiest hour: 1,200');
    expect(sparkSummary([1], '14d')).toBe('1 event in the last 14 days; busiest day: 1');
    expect(sparkSummary([0, 0], '14d')).toBe('No events in the last 14 days');
  });
});
