import { describe, expect, it } from 'vitest';
import { poissonUpperTail } from './poisson.ts';
import {
  alphaFor,
  type Decision,
  evaluateMinute,
  explainDecision,
  QUIET_MINUTES_TO_RESOLVE,
  type SubjectState,
  seededState,
} from './spike-detector.ts';

/** Feeds one subject's per-minute counts through the detector, minute by minute, as the job does. */
function run(
  series: readonly number[],
  options: { budget?: number; others?: number; history?: number } = {},
) {
  const decisions: Decision[] = [];
  // A day of history at `history` events a minute, as the job seeds an issue it meets for the first time.
  let state: SubjectState | undefined =
    options.history === undefined ? undefined : seededState(options.history, -1440, -1);
  for (let minute = 0; minute < series.length; minute++) {
    const counts = series.slice(Math.max(0, minute - 4), minute + 1);
    while (counts.length < 5) counts.unshift(0);
    const quietNeighbours = Array.from({ length: options.others ?? 0 }, (_, i) => ({
      issueId: 1000 + i,
      counts: [1, 0, 0, 0, 1],
      state: undefined,
    }));
    const [result] = evaluateMinute(
      minute,
      [{ issueId: 7, counts, state }, ...quietNeighbours],
      options.budget ?? 0.5,
    );
    if (result?.decision) decisions.push(result.decision);
    state = result?.next ?? state;
  }
  return decisions;
}

/** A steady Poisson-free trickle: `rate` events a minute as a repeating integer pattern. */
const steady = (minutes: number, pattern: readonly number[]) =>
  Array.from({ length: minutes }, (_, i) => pattern[i % pattern.length]!);

describe('poisson upper tail', () => {
  it('matches known values and keeps tiny tails', () => {
    expect(poissonUpperTail(0, 3)).toBe(1);
    expect(poissonUpperTail(1, 3)).toBeCloseTo(1 - Math.exp(-3), 12);
    // P(X ≥ 10 | λ = 2) = 4.649807e-5
    expect(poissonUpperTail(10, 2)).toBeCloseTo(4.649807e-5, 9);
    expect(poissonUpperTail(200, 5)).toBeGreaterThan(0);
    expect(poissonUpperTail(200, 5)).toBeLessThan(1e-150);
    // Large λ: the median is about λ.
    expect(poissonUpperTail(1000, 1000)).toBeCloseTo(0.5042, 3);
  });
});

describe('spike detector', () => {
  it('fires once on a 10× burst over a steady baseline, then resolves after 15 quiet minutes', () => {
    const series = [...steady(240, [2, 1, 3, 2]), ...steady(5, [20]), ...steady(40, [2, 1, 3, 2])];
    const decisions = run(series);
    const fired = decisions.filter((d) => d.outcome === 'fired');
    expect(fired).toHaveLength(1);
    expect(fired[0]!.minute).toBe(240);
    const window1 = fired[0]!.windows[0]!;
    expect(window1.observed).toBe(20);
    expect(window1.expected).toBeGreaterThan(1.5);
    expect(window1.expected).toBeLessThan(2.5);
    expect(window1.pValue).toBeLessThan(fired[0]!.alpha);
    expect(explainDecision(fired[0]!)).toMatch(/20 events in 1 min vs 2\.\d expected/);
    const resolved = decisions.filter((d) => d.outcome === 'resolved');
    expect(resolved).toHaveLength(1);
    // The 5-minute window stays above its threshold a little after the burst, then 15 quiet minutes.
    const lastAbove = decisions.filter((d) => d.outcome === 'above').at(-1)!;
    expect(lastAbove.minute).toBeGreaterThanOrEqual(244);
    expect(lastAbove.minute).toBeLessThanOrEqual(248);
    expect(resolved[0]!.minute).toBe(lastAbove.minute + QUIET_MINUTES_TO_RESOLVE);
    expect(resolved[0]!.quietMinutes).toBe(QUIET_MINUTES_TO_RESOLVE);
    expect(decisions.filter((d) => d.minute > resolved[0]!.minute && d.outcome === 'fired')).toHaveLength(0);
  });

  it('does not page on a steady stream, whatever its rate', () => {
    for (const pattern of [
      [0, 0, 1],
      [2, 1, 3, 2],
      [48, 52, 50, 55, 45],
    ]) {
      const mean = pattern.reduce((a, b) => a + b, 0) / pattern.length;
      const decisions = run(steady(600, pattern), { history: mean });
      expect(decisions.filter((d) => d.outcome === 'fired')).toEqual([]);
    }
  });

  it('needs the effect size: a significant 2× rise on a busy issue does not fire', () => {
    const decisions = run([...steady(300, [100]), ...steady(10, [200])], { history: 100 });
    const late = decisions.filter((d) => d.minute >= 300);
    expect(late.every((d) => d.outcome === 'below')).toBe(true);
    expect(late[0]!.windows[0]!.pValue).toBeLessThan(1e-15);
    expect(late[0]!.windows[0]!.threshold).toBeGreaterThanOrEqual(300);
  });

  it('needs the minimum count: 6 events on a silent issue are not a page', () => {
    const decisions = run([...steady(300, [0, 0, 0, 0, 0, 0, 0, 0, 0, 1]), 6]);
    expect(decisions.filter((d) => d.outcome === 'fired')).toEqual([]);
  });

  it('judges a new issue conservatively: 20 events in its first minutes do not page, 40 do', () => {
    expect(run([20]).filter((d) => d.outcome === 'fired')).toEqual([]);
    const decisions = run([40]);
    expect(decisions[0]).toMatchObject({ outcome: 'fired', conservative: true, minCount: 30, baseline: 1 });
  });

  it('splits the false-page budget over the subjects with events: more subjects, a stricter α', () => {
    expect(alphaFor(0.5, 1)).toBeCloseTo(0.5 / 2880, 12);
    const alone = run([...steady(120, [1]), 12]).at(-1)!;
    const crowded = run([...steady(120, [1]), 12], { others: 99 }).at(-1)!;
    expect(crowded.subjectsTested).toBe(100);
    expect(crowded.alpha).toBeCloseTo(alone.alpha / 100, 15);
    expect(crowded.windows[0]!.threshold).toBeGreaterThanOrEqual(alone.windows[0]!.threshold);
  });

  it('restarts the quiet count when the rate comes back above the threshold', () => {
    const series = [...steady(240, [1]), ...steady(3, [30]), ...steady(10, [1]), 30, ...steady(30, [1])];
    const decisions = run(series);
    expect(decisions.filter((d) => d.outcome === 'fired')).toHaveLength(1);
    const resolved = decisions.find((d) => d.outcome === 'resolved')!;
    const lastAbove = decisions.filter((d) => d.outcome === 'above').at(-1)!;
    expect(lastAbove.minute).toBeGreaterThanOrEqual(253);
    expect(resolved.minute).toBe(lastAbove.minute + QUIET_MINUTES_TO_RESOLVE);
  });

  it('does not take the daily rise of traffic for a spike, and still catches a 5× burst at its peak', () => {
    // Three days of Poisson traffic at 6 events a minute swinging ±50 % over the day (seeded): the 3-hour
    // baseline alone follows the daily rise late, and paged on this series once.
    let seed = 3;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const poisson = (lambda: number) => {
      let k = 0;
      let p = random();
      while (p > Math.exp(-lambda)) {
        k += 1;
        p *= random();
      }
      return k;
    };
    const rate = (minute: number) => 6 * (1 + 0.5 * Math.sin((2 * Math.PI * minute) / 1440));
    const days = Array.from({ length: 3 * 1440 }, (_, m) => poisson(rate(m)));
    expect(run(days, { history: 6 }).filter((d) => d.outcome === 'fired')).toEqual([]);
    // At the peak of the fourth day (minute 360 of it), five times the rate for 10 minutes.
    const peak = 3 * 1440 + 360;
    const withBurst = [
      ...days,
      ...Array.from({ length: 370 }, (_, i) => poisson(rate(3 * 1440 + i) * (i >= 360 ? 5 : 1))),
    ];
    const fired = run(withBurst, { history: 6 }).filter((d) => d.outcome === 'fired');
    expect(fired.map((d) => d.minute)).toEqual([peak]);
  });
});
