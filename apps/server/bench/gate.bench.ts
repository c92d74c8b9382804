// npm run bench:gate — 400 simulated rollouts through the gate's real judge (src/deploys/gate-judge.ts), as a
// pipeline asks it: once a minute, on everything since the deploy started, until it answers pass or fail or the
// wait runs out. Half the releases are healthy; the other half throw 1.5× to 10× the baseline's errors per
// session. Traffic from 10 to 10,000 sessions a minute on each side; the baseline's errors per session from
// 0.02 to 0.2 and its crash rate from 0.1% to 1%. Prints accuracy, false rollbacks, missed bad releases and
// time to a verdict, with the same figures for a naive gate (fail above 1.5× the baseline's errors per session,
// pass otherwise, from the first minute) as the baseline measured in the same run.
//
// Options: --rollouts N (400) --wait MINUTES (30) --seed N (18)

import { parseArgs } from 'node:util';
import { DEFAULT_THRESHOLDS, judge, type SideCounts, type Verdict } from '../src/deploys/gate-judge.ts';
import { seededRandom } from './spikes-traffic.ts';

const { values: opts } = parseArgs({
  options: {
    rollouts: { type: 'string', default: '400' },
    wait: { type: 'string', default: '30' },
    seed: { type: 'string', default: '18' },
  },
});
const ROLLOUTS = Number(opts.rollouts);
const WAIT_MINUTES = Number(opts.wait);

const random = seededRandom(Number(opts.seed));

function normal(): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A Poisson draw: Knuth's product for small means, the normal approximation for large ones. */
function poisson(mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 60) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal()));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = random();
  while (p > limit) {
    k++;
    p *= random();
  }
  return k;
}

interface Rollout {
  healthy: boolean;
  /** The candidate's errors per session over the baseline's. */
  factor: number;
  sessionsPerMinute: number;
  errorsPerSession: number;
  crashRate: number;
}

function rollouts(): Rollout[] {
  return Array.from({ length: ROLLOUTS }, (_, i) => {
    const healthy = i % 2 === 0;
    return {
      healthy,
      factor: healthy ? 1 : 1.5 + random() * 8.5,
      sessionsPerMinute: Math.round(10 * 1000 ** random()),
      errorsPerSession: 0.02 + random() * 0.18,
      crashRate: 0.001 + random() * 0.009,
    };
  });
}

interface Outcome {
  verdict: Verdict;
  /** Minutes after the deploy when the gate answered pass or fail; null when it never did. */
  minutes: number | null;
}

type Gate = (candidate: SideCounts, baseline: SideCounts) => Verdict;

const realGate: Gate = (candidate, baseline) =>
  judge({ candidate, baseline, newIssues: [], regressions: [] }, DEFAULT_THRESHOLDS).verdict;

/** What a team without statistics writes: compare the two rates as soon as there is traffic. */
const naiveGate: Gate = (candidate, baseline) => {
  if (candidate.sessions === 0 || baseline.sessions === 0) return 'inconclusive';
  const c = candidate.errorEvents / candidate.sessions;
  const b = baseline.errorEvents / baseline.sessions;
  return c > 1.5 * b ? 'fail' : 'pass';
};

const empty = (): SideCounts => ({
  sessions: 0,
  crashedSessions: 0,
  erroredSessions: 0,
  errorEvents: 0,
  users: null,
  crashedUsers: null,
  transactions: 0,
  requests: 0,
});

function minute(side: SideCounts, sessionsPerMinute: number, errorsPerSession: number, crashRate: number) {
  const sessions = poisson(sessionsPerMinute);
  const errors = poisson(sessions * errorsPerSession);
  side.sessions += sessions;
  side.errorEvents += errors;
  // A session sees k ~ Poisson(errorsPerSession) errors: it is errored when k ≥ 1.
  side.erroredSessions += Math.min(sessions, poisson(sessions * (1 - Math.exp(-errorsPerSession))));
  side.crashedSessions += Math.min(sessions, poisson(sessions * crashRate));
}

/** Both gates see the same traffic, minute by minute. */
function simulate(r: Rollout, gates: Gate[]): Outcome[] {
  const candidate = empty();
  const baseline = empty();
  const outcomes: Array<Outcome | null> = gates.map(() => null);
  for (let m = 1; m <= WAIT_MINUTES; m++) {
    minute(baseline, r.sessionsPerMinute, r.errorsPerSession, r.crashRate);
    minute(candidate, r.sessionsPerMinute, r.errorsPerSession * r.factor, r.crashRate);
    gates.forEach((gate, i) => {
      if (outcomes[i]) return;
      const verdict = gate({ ...candidate }, { ...baseline });
      if (verdict !== 'inconclusive') outcomes[i] = { verdict, minutes: m };
    });
    if (outcomes.every(Boolean)) break;
  }
  return outcomes.map((o) => o ?? { verdict: 'inconclusive', minutes: null });
}

interface Figures {
  right: number;
  healthyFailed: number;
  healthyInconclusive: number;
  badPassed: number;
  badInconclusive: number;
  slowOrMissedBig: number;
  bigAtTraffic: number;
  minutes: number[];
  /** The fastest traffic (sessions a minute) of a rollout left inconclusive. */
  inconclusiveTrafficMax: number;
  /** Minutes to fail each ≥3× bad release at ≥100 sessions a minute. */
  bigMinutes: number[];
}

function tally(cases: Rollout[], outcomes: Outcome[]): Figures {
  const f: Figures = {
    right: 0,
    healthyFailed: 0,
    healthyInconclusive: 0,
    badPassed: 0,
    badInconclusive: 0,
    slowOrMissedBig: 0,
    bigAtTraffic: 0,
    minutes: [],
    inconclusiveTrafficMax: 0,
    bigMinutes: [],
  };
  cases.forEach((r, i) => {
    const o = outcomes[i]!;
    if (o.minutes !== null) f.minutes.push(o.minutes);
    if (o.verdict === 'inconclusive')
      f.inconclusiveTrafficMax = Math.max(f.inconclusiveTrafficMax, r.sessionsPerMinute);
    if (r.healthy) {
      if (o.verdict === 'pass') f.right++;
      else if (o.verdict === 'fail') f.healthyFailed++;
      else f.healthyInconclusive++;
    } else {
      if (o.verdict === 'fail') f.right++;
      else if (o.verdict === 'pass') f.badPassed++;
      else f.badInconclusive++;
      if (r.factor >= 3 && r.sessionsPerMinute >= 100) {
        f.bigAtTraffic++;
        if (o.verdict === 'fail' && o.minutes !== null) f.bigMinutes.push(o.minutes);
        if (o.verdict !== 'fail' || (o.minutes ?? Infinity) > 5) f.slowOrMissedBig++;
      }
    }
  });
  return f;
}

const quantile = (xs: number[], q: number) => {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};

const cases = rollouts();
const started = performance.now();
const results = cases.map((r) => simulate(r, [realGate, naiveGate]));
const elapsedMs = performance.now() - started;
const real = tally(
  cases,
  results.map((r) => r[0]!),
);
const naive = tally(
  cases,
  results.map((r) => r[1]!),
);
const healthy = cases.filter((r) => r.healthy).length;
const bad = cases.length - healthy;
const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(1)}%`;

function print(name: string, f: Figures) {
  console.log(`${name}`);
  console.log(`  right                      ${pct(f.right, cases.length)} (${f.right} of ${cases.length})`);
  console.log(
    `  healthy releases failed    ${pct(f.healthyFailed, healthy)} (${f.healthyFailed} of ${healthy}: false rollbacks)`,
  );
  console.log(
    `  healthy, inconclusive      ${pct(f.healthyInconclusive, healthy)} (${f.healthyInconclusive})`,
  );
  console.log(`  bad releases passed        ${pct(f.badPassed, bad)} (${f.badPassed} of ${bad}: missed)`);
  console.log(
    `  bad, inconclusive          ${pct(f.badInconclusive, bad)} (${f.badInconclusive}: not promoted, not failed)`,
  );
  console.log(`  ≥3× bad at ≥100/min not failed within 5 min: ${f.slowOrMissedBig} of ${f.bigAtTraffic}`);
  console.log(
    `  ≥3× bad at ≥100/min: minutes to fail p50 ${quantile(f.bigMinutes, 0.5)}, max ${quantile(f.bigMinutes, 1)}`,
  );
  console.log(`  inconclusive rollouts had at most ${f.inconclusiveTrafficMax} sessions a minute`);
  console.log(
    `  minutes to a verdict       p50 ${quantile(f.minutes, 0.5)}, p95 ${quantile(f.minutes, 0.95)}, max ${quantile(f.minutes, 1)}`,
  );
}

console.log(
  `bench:gate — ${cases.length} rollouts (${healthy} healthy, ${bad} at 1.5–10× the errors), asked once a minute for up to ${WAIT_MINUTES} minutes; ${new Date().toISOString().slice(0, 10)}`,
);
print('Vigie gate (gate-judge.ts, default thresholds)', real);
print('naive gate (fail above 1.5× the baseline, from the first minute): the baseline', naive);
console.log(
  `ratios, Vigie over naive: right ${(real.right / naive.right).toFixed(2)}, false rollbacks ${
    naive.healthyFailed === 0 ? 'n/a' : (real.healthyFailed / naive.healthyFailed).toFixed(2)
  }`,
);
console.log(`judged ${cases.length} rollouts in ${(elapsedMs / 1000).toFixed(1)} s`);
const targets = [
  real.right / cases.length >= 0.95,
  real.healthyFailed / healthy <= 0.01,
  real.slowOrMissedBig === 0,
];
console.log(
  `targets (≥ 95% right, ≤ 1% healthy failed, every ≥3× bad at ≥100/min failed within 5 min): ${targets.every(Boolean) ? 'met' : 'NOT met'}`,
);
