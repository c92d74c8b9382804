// The simulated month of bench:spikes: issues with Poisson traffic on a daily cycle, base rates spread
// log-uniformly over a range, and spikes of chosen sizes and lengths injected at random, never two on one
// issue within a day. Seeded, so that two runs (and the two detectors of one run) see the same traffic.

export const MINUTES_PER_DAY = 1_440;

/** mulberry32: a small seeded generator, good enough for simulation. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** ln k! for the sampler, exact for small k. */
const LOG_FACTORIALS = [0];
for (let k = 1; k < 256; k++) LOG_FACTORIALS.push(LOG_FACTORIALS[k - 1]! + Math.log(k));
function logFactorial(k: number): number {
  if (k < 256) return LOG_FACTORIALS[k]!;
  return (k + 0.5) * Math.log(k) - k + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * k);
}

/** A Poisson draw: Knuth's product under 30, Hörmann's PTRS (transformed rejection) above. */
export function poisson(lambda: number, random: () => number): number {
  if (lambda <= 0) return 0;
  if (lambda < 30) {
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = random();
    while (p > limit) {
      k += 1;
      p *= random();
    }
    return k;
  }
  const slam = Math.sqrt(lambda);
  const loglam = Math.log(lambda);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = random() - 0.5;
    const v = random();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (
      Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <=
      -lambda + k * loglam - logFactorial(k)
    )
      return k;
  }
}

export interface Spike {
  issue: number;
  start: number;
  /** Minutes. */
  duration: number;
  /** The rate is multiplied by this while it lasts. */
  factor: number;
}

export interface SimulatedIssue {
  id: number;
  /** Mean events a minute, before the daily cycle. */
  rate: number;
  /** Where in the day its peak falls (radians). */
  phase: number;
}

export interface Traffic {
  issues: SimulatedIssue[];
  spikes: Spike[];
  /** Every minute simulated, the warm-up's included. */
  minutes: number;
  /** The first minute measured, after the warm-up. */
  measuredFrom: number;
  /** Events of every issue in one minute. */
  countsAt(minute: number): Int32Array;
}

export interface TrafficOptions {
  issues: number;
  days: number;
  minRate: number;
  maxRate: number;
  factors: readonly number[];
  minDuration: number;
  maxDuration: number;
  spikesPerIssue: number;
  /** Days of plain traffic first, with no spike: the history both detectors have learnt from. */
  warmupDays: number;
  /** How far the rate swings over a day: 0.5 is ±50 %. */
  dailySwing: number;
  seed: number;
}

export function simulateTraffic(o: TrafficOptions): Traffic {
  const random = seededRandom(o.seed);
  const warmup = o.warmupDays * MINUTES_PER_DAY;
  const minutes = warmup + o.days * MINUTES_PER_DAY;
  const ratio = o.maxRate / o.minRate;
  const issues: SimulatedIssue[] = Array.from({ length: o.issues }, (_, i) => ({
    id: i + 1,
    // Spread evenly on a log scale, so that each decade of rates has as many issues.
    rate: o.minRate * ratio ** (o.issues === 1 ? 0 : i / (o.issues - 1)),
    phase: random() * 2 * Math.PI,
  }));
  const spikes: Spike[] = [];
  let next = 0;
  for (const issue of issues) {
    // Spikes after the warm-up, each in its own stretch of the month, a day apart at least.
    const stretch = Math.floor((minutes - warmup) / o.spikesPerIssue);
    for (let s = 0; s < o.spikesPerIssue; s++) {
      const duration = o.minDuration + Math.floor(random() * (o.maxDuration - o.minDuration + 1));
      const room = Math.max(1, stretch - MINUTES_PER_DAY - duration);
      const start = warmup + s * stretch + Math.floor(random() * room);
      spikes.push({ issue: issue.id, start, duration, factor: o.factors[next++ % o.factors.length]! });
    }
  }
  const spikeOf = new Map<number, Spike[]>();
  for (const spike of spikes) spikeOf.set(spike.issue, [...(spikeOf.get(spike.issue) ?? []), spike]);
  const draws = seededRandom(o.seed ^ 0x5bd1e995);
  return {
    issues,
    spikes,
    minutes,
    measuredFrom: warmup,
    countsAt(minute: number): Int32Array {
      const counts = new Int32Array(issues.length);
      const dayAngle = (2 * Math.PI * (minute % MINUTES_PER_DAY)) / MINUTES_PER_DAY;
      for (let i = 0; i < issues.length; i++) {
        const issue = issues[i]!;
        let rate = issue.rate * (1 + o.dailySwing * Math.sin(dayAngle + issue.phase));
        for (const spike of spikeOf.get(issue.id) ?? []) {
          if (minute >= spike.start && minute < spike.start + spike.duration) rate *= spike.factor;
        }
        counts[i] = poisson(rate, draws);
      }
      return counts;
    },
  };
}
