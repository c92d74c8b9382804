// npm run bench:spikes — does the false-page budget hold? Simulates a month of traffic for 200 issues
// (Poisson, a daily cycle, base rates from 0.01 to 50 events a minute, log-uniform), injects spikes of 3×,
// 5× and 10× lasting 5 to 60 minutes, and feeds every minute through the real detector
// (src/alerts/spike-detector.ts, evaluateMinute, as the spike-detection job calls it for a project's
// issues) and, in the same run on the same counts, through a baseline: Sentry's escalating-issues formula
// (sentry-escalating.ts). Prints false pages a day, missed spikes and detection delay by spike size and
// base rate, both detectors side by side, the ratios between them, and whether the targets hold.
//
// Both detectors first learn from a week of plain traffic (as in production, where issues have history);
// pages and spikes are counted over the 30 days after it.
//
// A page is the minute a detector starts alerting on an issue. It catches a spike when it pages between the
// spike's start and 15 minutes after its end; any other page is false. The delay is from the spike's start
// to the end of the minute evaluated (the detector runs when a minute is over).
//
// Options: --issues N (200) --days N (30) --seed N (1) --budget F (0.5 false pages a day)
// --spikes-per-issue N (6) --min-rate F (0.01) --max-rate F (50) --warmup-days N (7)
// --strict-budget F (0.05: a second Vigie run with a tenth of the budget, to compare false pages with the
// baseline's at detection still equal or better)

import { parseArgs } from 'node:util';
import {
  COUNTED_MINUTES,
  evaluateMinute,
  type SubjectCounts,
  type SubjectState,
} from '../src/alerts/spike-detector.ts';
import { SentryEscalating } from './sentry-escalating.ts';
import { type Spike, simulateTraffic, type Traffic } from './spikes-traffic.ts';

const { values: opts } = parseArgs({
  options: {
    issues: { type: 'string', default: '200' },
    days: { type: 'string', default: '30' },
    seed: { type: 'string', default: '1' },
    budget: { type: 'string', default: '0.5' },
    'spikes-per-issue': { type: 'string', default: '6' },
    'min-rate': { type: 'string', default: '0.01' },
    'max-rate': { type: 'string', default: '50' },
    'warmup-days': { type: 'string', default: '7' },
    'strict-budget': { type: 'string', default: '0.05' },
  },
});

const FACTORS = [3, 5, 10] as const;
const CATCH_AFTER_END = 15;
const RATE_BUCKETS = [
  { label: '0.01–0.1/min', min: 0, max: 0.1 },
  { label: '0.1–1/min', min: 0.1, max: 1 },
  { label: '1–10/min', min: 1, max: 10 },
  { label: '10–50/min', min: 10, max: Number.POSITIVE_INFINITY },
] as const;

const budget = Number(opts.budget);
const days = Number(opts.days);

console.log(`bench:spikes ${new Date().toISOString()}, Node ${process.version}`);
const madeAt = performance.now();
const traffic = simulateTraffic({
  issues: Number(opts.issues),
  days,
  minRate: Number(opts['min-rate']),
  maxRate: Number(opts['max-rate']),
  factors: FACTORS,
  minDuration: 5,
  maxDuration: 60,
  spikesPerIssue: Number(opts['spikes-per-issue']),
  dailySwing: 0.5,
  warmupDays: Number(opts['warmup-days']),
  seed: Number(opts.seed),
});
const counts = Array.from({ length: traffic.minutes }, (_, m) => traffic.countsAt(m));
const events = counts.reduce((sum, c) => sum + c.reduce((a, b) => a + b, 0), 0);
console.log(
  `traffic: ${traffic.issues.length} issues × ${days} days after ${opts['warmup-days']} of warm-up, ${events.toLocaleString('en')} events, ` +
    `${traffic.spikes.length} spikes injected (made in ${((performance.now() - madeAt) / 1000).toFixed(1)} s)`,
);

/** Pages per issue (index), as minutes. */
type Pages = number[][];

function runVigie(t: Traffic, budget: number): { pages: Pages; seconds: number } {
  const started = performance.now();
  const pages: Pages = t.issues.map(() => []);
  const states = new Map<number, SubjectState>();
  const windows = t.issues.map(() => new Array<number>(COUNTED_MINUTES).fill(0));
  for (let minute = 0; minute < t.minutes; minute++) {
    const now = counts[minute]!;
    const subjects: SubjectCounts[] = [];
    for (let i = 0; i < t.issues.length; i++) {
      const w = windows[i]!;
      w.shift();
      w.push(now[i]!);
      const id = t.issues[i]!.id;
      const state = states.get(id);
      if (w.some((c) => c > 0) || state?.spikeOpen) subjects.push({ issueId: id, counts: [...w], state });
    }
    for (const result of evaluateMinute(minute, subjects, budget)) {
      if (result.next) states.set(result.issueId, result.next);
      if (result.decision?.outcome === 'fired') pages[result.issueId - 1]!.push(minute);
    }
  }
  return { pages, seconds: (performance.now() - started) / 1000 };
}

function runSentry(t: Traffic): { pages: Pages; seconds: number } {
  const started = performance.now();
  const pages: Pages = t.issues.map(() => []);
  const detectors = t.issues.map(() => new SentryEscalating());
  for (let minute = 0; minute < t.minutes; minute++) {
    const now = counts[minute]!;
    for (let i = 0; i < detectors.length; i++)
      if (detectors[i]!.minute(minute, now[i]!)) pages[i]!.push(minute);
  }
  return { pages, seconds: (performance.now() - started) / 1000 };
}

interface Score {
  falsePages: number;
  falsePerBucket: number[];
  /** Per spike: the delay in minutes, or null when missed. */
  delays: Map<Spike, number | null>;
}

function score(t: Traffic, pages: Pages): Score {
  const falsePerBucket = RATE_BUCKETS.map(() => 0);
  const delays = new Map<Spike, number | null>();
  let falsePages = 0;
  for (const issue of t.issues) {
    const own = t.spikes.filter((s) => s.issue === issue.id);
    const list = pages[issue.id - 1]!;
    for (const page of list) {
      if (page < t.measuredFrom) continue;
      const during = own.some((s) => page >= s.start && page < s.start + s.duration + CATCH_AFTER_END);
      if (!during) {
        falsePages += 1;
        falsePerBucket[RATE_BUCKETS.findIndex((b) => issue.rate >= b.min && issue.rate < b.max)]! += 1;
      }
    }
    for (const spike of own) {
      const first = list.find((p) => p >= spike.start && p < spike.start + spike.duration + CATCH_AFTER_END);
      delays.set(spike, first === undefined ? null : first + 1 - spike.start);
    }
  }
  return { falsePages, falsePerBucket, delays };
}

const median = (values: number[]) => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

function cell(s: Score, spikes: Spike[]): string {
  const delays = spikes
    .map((sp) => s.delays.get(sp))
    .filter((d): d is number => d !== null && d !== undefined);
  const m = median(delays);
  return `${delays.length}/${spikes.length} caught${m === null ? '' : `, median ${m} min`}`;
}

const rateOf = (issueId: number) => traffic.issues[issueId - 1]!.rate;
const inBucket = (b: (typeof RATE_BUCKETS)[number]) => (s: Spike) =>
  rateOf(s.issue) >= b.min && rateOf(s.issue) < b.max;

const vigie = runVigie(traffic, budget);
const sentry = runSentry(traffic);
const strictBudget = Number(opts['strict-budget']);
const strict = score(traffic, runVigie(traffic, strictBudget).pages);
const v = score(traffic, vigie.pages);
const s = score(traffic, sentry.pages);

const pad = (text: string, n: number) => text.padEnd(n);
console.log(`\nfalse pages a day (budget ${budget}):`);
console.log(`  ${pad('', 16)}${pad('Vigie', 14)}Sentry's formula`);
console.log(
  `  ${pad('all issues', 16)}${pad((v.falsePages / days).toFixed(3), 14)}${(s.falsePages / days).toFixed(3)}`,
);
RATE_BUCKETS.forEach((b, i) => {
  console.log(
    `  ${pad(b.label, 16)}${pad((v.falsePerBucket[i]! / days).toFixed(3), 14)}${(s.falsePerBucket[i]! / days).toFixed(3)}`,
  );
});

console.log('\nspikes caught (within their length + 15 min) and median delay, Vigie | Sentry:');
for (const factor of FACTORS) {
  for (const b of RATE_BUCKETS) {
    const spikes = traffic.spikes.filter((sp) => sp.factor === factor).filter(inBucket(b));
    if (spikes.length === 0) continue;
    console.log(
      `  ${pad(`${factor}×`, 4)}${pad(b.label, 14)}${pad(cell(v, spikes), 32)}| ${cell(s, spikes)}`,
    );
  }
}
const caught = (sc: Score) => [...sc.delays.values()].filter((d) => d !== null).length;
console.log(
  `  all spikes: Vigie ${caught(v)}/${traffic.spikes.length} caught, Sentry's formula ${caught(s)}/${traffic.spikes.length}`,
);

const perCaught = (sc: Score) => (caught(sc) === 0 ? '–' : (sc.falsePages / caught(sc)).toFixed(3));
console.log(
  `  false pages per spike caught: Vigie ${perCaught(v)}, Sentry's formula ${perCaught(s)}; ` +
    `Vigie with a budget of ${strictBudget}: ${(strict.falsePages / days).toFixed(3)} false pages a day, ` +
    `${caught(strict)}/${traffic.spikes.length} caught, ${perCaught(strict)} per spike caught`,
);

const cpuV = vigie.seconds;
const cpuS = sentry.seconds;
console.log(
  `\ntime to evaluate the month: Vigie ${cpuV.toFixed(2)} s (${((cpuV * 1e6) / traffic.minutes).toFixed(0)} µs a minute ` +
    `for ${traffic.issues.length} issues, ${(traffic.minutes / 1440).toFixed(0)} days), Sentry's formula ${cpuS.toFixed(2)} s; ratio ${(cpuV / cpuS).toFixed(1)}`,
);

// The issue's targets.
const fivefold = traffic.spikes.filter((sp) => sp.factor === 5 && rateOf(sp.issue) >= 1);
const fiveDelays = fivefold.map((sp) => v.delays.get(sp));
const fiveMedian = median(fiveDelays.filter((d): d is number => typeof d === 'number'));
const vRate = v.falsePages / days;
const sRate = s.falsePages / days;
const targets = [
  [`false pages a day ≤ ${budget}`, vRate <= budget, `${vRate.toFixed(3)}`],
  [
    '5× spikes on issues of ≥ 1 event/min: all caught, median delay ≤ 2 min',
    fiveDelays.every((d) => typeof d === 'number') && fiveMedian !== null && fiveMedian <= 2,
    `${fiveDelays.filter((d) => typeof d === 'number').length}/${fivefold.length}, median ${fiveMedian ?? '–'} min`,
  ],
  [
    "fewer false pages than Sentry's formula (same budget)",
    vRate < sRate,
    `${vRate.toFixed(3)} vs ${sRate.toFixed(3)} a day (ratio ${sRate === 0 ? '∞' : (vRate / sRate).toFixed(2)})`,
  ],
  [
    `fewer false pages than Sentry's formula at equal or better detection (budget ${strictBudget})`,
    strict.falsePages < s.falsePages && caught(strict) >= caught(s),
    `${(strict.falsePages / days).toFixed(3)} vs ${sRate.toFixed(3)} a day, ${caught(strict)} vs ${caught(s)} caught`,
  ],
  [
    "detection equal or better than Sentry's formula",
    caught(v) >= caught(s),
    `${caught(v)} vs ${caught(s)} of ${traffic.spikes.length} spikes caught`,
  ],
] as const;
console.log('\ntargets:');
for (const [what, holds, figure] of targets)
  console.log(`  ${holds ? 'holds' : 'FAILS'}  ${what}: ${figure}`);
