import { describe, expect, it } from 'vitest';
import { gammaPoissonThreshold, gammaPoissonUpperTail, poissonUpperTail } from './poisson.ts';
import {
  alphaFor,
  COUNTED_MINUTES,
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
    const counts = series.slice(Math.max(0, minute - COUNTED_MINUTES + 1), minute + 1);
    while (counts.length < COUNTED_MINUTES) counts.unshift(0);
    const quietNeighbours = Array.from({ length: options.others ?? 0 }, (_, i) => ({
      issueId: 1000 + i,
      counts: [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
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

/** Poisson draws from a small seeded generator, so that every run sees the same counts. */
function seededPoisson(seed: number) {
  let state = seed;
  const random = () => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647;
  };
  return (lambda: number) => {
    let k = 0;
    let p = random();
    while (p > Math.exp(-lambda)) {
      k += 1;
      p *= random();
    }
    return k;
  };
}

/**
 * Days of traffic at `rate` events a minute swinging ±50 % over the day (peak at minute 360 of each day,
 * trough at minute 1,080), times `factor` from minute `from` for `minutes`.
 */
function dailyCycle(seed: number, rate: number, days: number, spike = { from: -1, minutes: 0, factor: 1 }) {
  const poisson = seededPoisson(seed);
  return Array.from({ length: days * 1440 }, (_, m) => {
    const during = m >= spike.from && m < spike.from + spike.minutes;
    return poisson(rate * (1 + 0.5 * Math.sin((2 * Math.PI * m) / 1440)) * (during ? spike.factor : 1));
  });
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

  it('widens the tail for an uncertain rate (gamma-Poisson), and is the Poisson when the rate is certain', () => {
    // P(X ≥ k) summed term by term for a negative binomial of this mean and shape.
    const direct = (k: number, mean: number, shape: number) => {
      const q = mean / (mean + shape);
      let term = (1 - q) ** shape;
      let below = 0;
      for (let i = 0; i < k; i++) {
        below += term;
        term *= ((i + shape) / (i + 1)) * q;
      }
      return 1 - below;
    };
    for (const [k, mean, shape] of [
      [3, 2, 5],
      [10, 2.5, 200],
      [20, 7, 130],
      [1, 0.3, 4],
      [30, 30, 1000],
    ] as const) {
      expect(gammaPoissonUpperTail(k, mean, shape)).toBeCloseTo(direct(k, mean, shape), 12);
    }
    // Far above the mean, a rate learnt from 130 events makes 20 events in a window of 7 likelier.
    expect(gammaPoissonUpperTail(20, 7, 130) / poissonUpperTail(20, 7)).toBeGreaterThan(1.5);
    expect(gammaPoissonUpperTail(25, 6, 1e5) / poissonUpperTail(25, 6)).toBeCloseTo(1, 2);
    expect(gammaPoissonUpperTail(25, 6, Number.POSITIVE_INFINITY)).toBe(poissonUpperTail(25, 6));
  });

  it('finds the least count whose tail is under α', () => {
    for (const mean of [0.05, 1, 2.5, 7.5, 40, 750])
      for (const shape of [4, 87, 4000, Number.POSITIVE_INFINITY])
        for (const alpha of [1e-3, 1e-6, 1e-9])
          for (const floor of [1, 10, 3 * mean]) {
            const k = gammaPoissonThreshold(mean, shape, alpha, floor);
            expect(k).toBeGreaterThanOrEqual(Math.ceil(floor));
            expect(gammaPoissonUpperTail(k, mean, shape)).toBeLessThan(alpha);
            if (k > Math.max(1, Math.ceil(floor)))
              expect(gammaPoissonUpperTail(k - 1, mean, shape)).toBeGreaterThanOrEqual(alpha);
          }
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
    // The 15-minute window stays above its threshold until the burst leaves it, then 15 quiet minutes.
    const lastAbove = decisions.filter((d) => d.outcome === 'above').at(-1)!;
    expect(lastAbove.minute).toBeGreaterThanOrEqual(244);
    expect(lastAbove.minute).toBeLessThanOrEqual(258);
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
    // A steady 3 a minute from its first minute: 45 events in 15 minutes is 3× the rate a new issue is
    // assumed to have, but a new issue is not judged over 15 minutes.
    expect(run(steady(60, [3])).filter((d) => d.outcome === 'fired')).toEqual([]);
    const burst = run([...steady(14, [3]), 40]).at(-1)!;
    expect(burst).toMatchObject({ outcome: 'fired', conservative: true });
    expect(burst.windows.map((w) => w.window)).toEqual([1, 5]);
  });

  it('splits the false-page budget over the subjects with events: more subjects, a stricter α', () => {
    expect(alphaFor(0.5, 1)).toBeCloseTo(0.5 / (1440 * 3), 12);
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
    const poisson = seededPoisson(3);
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

  // Budget 0.005: this issue's share of 0.5 a day in a project of 100 issues with events.
  const shareOfHundred = 0.5 / 100;

  it('expects the rate of the quiet hour at the quiet hour, not the average of the day', () => {
    // At the trough of the third day the issue runs at 0.5 a minute; the 3-hour baseline still remembers
    // the afternoon (about 0.8), which hid 5× spikes at night.
    const night = 2 * 1440 + 1080;
    const decisions = run([...dailyCycle(4, 1, 3).slice(0, night), ...steady(5, [3])], {
      history: 1,
      budget: shareOfHundred,
    });
    const first = decisions.find((d) => d.minute >= night)!;
    expect(first.baseline).toBeGreaterThan(0.4);
    expect(first.baseline).toBeLessThan(0.65);
  });

  it('catches most 10-minute 5× spikes at the quiet hour of an issue of 1 event a minute', () => {
    // 2.5 events a minute for 10 minutes where 0.5 are usual: 25 against 5, on 20 seeded nights. The
    // detector before the 15-minute window and the recent rate caught 2 of them.
    const from = 2 * 1440 + 1080;
    let caught = 0;
    const falsePages: number[] = [];
    for (let seed = 1; seed <= 20; seed++) {
      const series = dailyCycle(seed, 1, 3, { from, minutes: 10, factor: 5 });
      const fired = run(series, { history: 1, budget: shareOfHundred }).filter((d) => d.outcome === 'fired');
      if (fired.some((d) => d.minute >= from && d.minute < from + 10 + 15)) caught += 1;
      falsePages.push(...fired.filter((d) => d.minute < from).map((d) => d.minute));
    }
    expect(caught).toBeGreaterThanOrEqual(8);
    expect(falsePages).toEqual([]);
  });

  it('does not page on the daily rise of a noisy issue of 1.5 events a minute', () => {
    // 40 seeded three-day series; the detector that expected its recent rate less two standard errors
    // paged on 5 of them.
    const pagedOn: number[] = [];
    for (let seed = 1; seed <= 40; seed++) {
      const decisions = run(dailyCycle(seed, 1.5, 3), { history: 1.5, budget: shareOfHundred });
      if (decisions.some((d) => d.outcome === 'fired')) pagedOn.push(seed);
    }
    expect(pagedOn).toEqual([]);
  });
});
