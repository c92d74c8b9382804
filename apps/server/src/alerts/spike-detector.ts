// The spike detector: for one minute, each subject (an issue, or the whole project) is tested on its last 1
// and 5 minutes against its own baseline. Pure: counts and state in, decisions and next state out.
//
// - Baseline: an exponentially weighted rate of events a minute (half-life 3 hours), with a floor, updated
//   each minute with the minute's count capped at EFFECT × the baseline, so a spike barely moves its own
//   baseline while a lasting change of level is still learnt.
// - Test: P(X ≥ observed) under Poisson(baseline × window) below α, where α is the project's false-page
//   budget a day split over every test a day could run (1,440 minutes × 2 windows × the subjects with events
//   in the window): a Bonferroni bound, so false pages stay under the budget.
// - And a minimum count and a minimum effect size (observed ≥ 3 × expected): a significant but small or
//   modest rise is not worth waking anyone for.
// - The expected rate is the larger of that baseline and a recent rate (half-life 30 minutes, learnt only
//   while no spike is open, less two standard errors), so that the daily rise of traffic, which a 3-hour baseline follows late, is not
//   taken for a spike (bench:spikes measured 1.1 false pages a day on a ±50 % daily cycle without it).
// - A subject with less than an hour of history has no baseline worth the name: its floor is 1 event a minute
//   and its minimum count 3 times higher.
// - An open spike resolves once both windows have stayed under their thresholds for 15 minutes in a row.

import { poissonUpperTail } from './poisson.ts';

export const WINDOWS = [1, 5] as const;
export const MINUTES_PER_DAY = 1_440;
export const HALF_LIFE_MINUTES = 180;
export const DECAY = 2 ** (-1 / HALF_LIFE_MINUTES);
export const RECENT_HALF_LIFE_MINUTES = 30;
export const RECENT_DECAY = 2 ** (-1 / RECENT_HALF_LIFE_MINUTES);
/** Events a minute: a subject is never expected to be quieter than this. */
export const BASELINE_FLOOR = 0.05;
export const MIN_COUNT = 10;
export const EFFECT = 3;
export const NEW_SUBJECT_MINUTES = 60;
export const NEW_SUBJECT_FLOOR = 1;
export const NEW_SUBJECT_MIN_COUNT = 3 * MIN_COUNT;
export const QUIET_MINUTES_TO_RESOLVE = 15;
export const DEFAULT_FALSE_PAGES_PER_DAY = 0.5;

/** What the detector remembers about a subject between minutes. */
export interface SubjectState {
  /** The exponentially weighted sum of events a minute as of baselineMinute (that minute folded in). */
  readonly baseline: number;
  readonly baselineMinute: number;
  /**
   * The same sum with a 30-minute half-life, as of baselineMinute, not learning while a spike is open; absent
   * in a state saved before it existed (then taken from the baseline).
   */
  readonly recent?: number | undefined;
  /** The first minute the subject had events. */
  readonly firstMinute: number;
  readonly spikeOpen: boolean;
  readonly quietMinutes: number;
}

export interface SubjectCounts {
  /** 0: the whole project. */
  readonly issueId: number;
  /** Counts of the 5 minutes ending with the evaluated one, oldest first. */
  readonly counts: readonly number[];
  readonly state: SubjectState | undefined;
}

export interface WindowTest {
  readonly window: number;
  readonly observed: number;
  /** Events expected in the window: baseline × window. */
  readonly expected: number;
  /** The least count that would be significant, large enough and 3× the expected. */
  readonly threshold: number;
  readonly pValue: number;
  readonly above: boolean;
}

export type Outcome = 'fired' | 'above' | 'quiet' | 'resolved' | 'below';

/** The numbers behind one decision, stored and shown as they are. */
export interface Decision {
  readonly issueId: number;
  readonly minute: number;
  readonly outcome: Outcome;
  /** Events a minute the test expected (the baseline, or its floor). */
  readonly baseline: number;
  readonly alpha: number;
  readonly falsePagesPerDay: number;
  /** Subjects with events in the window this minute: α is the budget split over their tests. */
  readonly subjectsTested: number;
  readonly conservative: boolean;
  readonly minCount: number;
  readonly quietMinutes: number;
  readonly windows: readonly WindowTest[];
}

export interface SubjectResult {
  readonly issueId: number;
  /** Null when nothing worth keeping happened (no spike open, under the minimum counts). */
  readonly decision: Decision | null;
  /** Null when the subject has no events and nothing to remember yet. */
  readonly next: SubjectState | null;
}

/** The weighted sum as of `minute`, the zero-count minutes since the last update decayed in. */
function decayedTo(state: SubjectState, minute: number): number {
  return state.baseline * DECAY ** Math.max(0, minute - state.baselineMinute);
}

/**
 * Events a minute learnt from the minutes before `minute`: the weighted sum divided by the weights so far,
 * so that a subject with two hours of history has the rate of those two hours, not a fraction of it.
 */
export function learntRate(state: SubjectState, minute: number): number {
  const minutes = minute - state.firstMinute;
  if (minutes <= 0) return 0;
  return decayedTo(state, minute - 1) / (1 - DECAY ** minutes);
}

/** The recent weighted sum as of `minute`; from the baseline's rate when the state has none yet. */
function recentSumTo(state: SubjectState, minute: number): number {
  if (state.recent !== undefined)
    return state.recent * RECENT_DECAY ** Math.max(0, minute - state.baselineMinute);
  const minutes = minute + 1 - state.firstMinute;
  return minutes <= 0 ? 0 : learntRate(state, minute + 1) * (1 - RECENT_DECAY ** minutes);
}

/** Events a minute over the last half hour or so before `minute`, weighted as learntRate is. */
export function recentRate(state: SubjectState, minute: number): number {
  const minutes = minute - state.firstMinute;
  if (minutes <= 0) return 0;
  return recentSumTo(state, minute - 1) / (1 - RECENT_DECAY ** minutes);
}

/** Minutes the recent rate effectively averages over: 1 / (1 − RECENT_DECAY), about 44. */
const RECENT_SPAN = 1 / (1 - RECENT_DECAY);

/**
 * The recent rate less two of its standard errors (a Poisson rate averaged over RECENT_SPAN minutes): for
 * a quiet issue, a few chance events must not raise what it is expected to do.
 */
export const recentLowerBound = (recent: number) => Math.max(0, recent - 2 * Math.sqrt(recent / RECENT_SPAN));

/**
 * The state of a subject first seen by the detector that already has history (Vigie upgraded, alerting
 * turned on): `rate` events a minute over the minutes from firstMinute to lastMinute.
 */
export function seededState(rate: number, firstMinute: number, lastMinute: number): SubjectState {
  const minutes = Math.max(0, lastMinute - firstMinute + 1);
  return {
    baseline: rate * (1 - DECAY ** minutes),
    recent: rate * (1 - RECENT_DECAY ** minutes),
    baselineMinute: lastMinute,
    firstMinute,
    spikeOpen: false,
    quietMinutes: 0,
  };
}

/** The per-test false-positive rate: the day's budget over the tests a day of such minutes would run. */
export function alphaFor(falsePagesPerDay: number, subjectsTested: number): number {
  return falsePagesPerDay / (MINUTES_PER_DAY * WINDOWS.length * Math.max(1, subjectsTested));
}

/** The least count k ≥ floor with P(X ≥ k) < alpha. */
export function thresholdCount(expected: number, alpha: number, floor: number): number {
  let k = Math.max(1, Math.ceil(floor));
  // Each step multiplies the tail by less than expected / k; the loop ends within a few times √expected.
  while (poissonUpperTail(k, expected) >= alpha) k += 1;
  return k;
}

function windowTest(
  window: number,
  observed: number,
  rate: number,
  alpha: number,
  minCount: number,
): WindowTest {
  const expected = rate * window;
  const threshold = thresholdCount(expected, alpha, Math.max(minCount, EFFECT * expected));
  return {
    window,
    observed,
    expected,
    threshold,
    pValue: poissonUpperTail(observed, expected),
    above: observed >= threshold,
  };
}

/** Whether a subject's windows reach its minimum count: only then is it tested. */
function windowCounts(counts: readonly number[]): number[] {
  return WINDOWS.map((w) => counts.slice(-w).reduce((a, b) => a + b, 0));
}

/** One minute of one project: every subject with events in the last 5 minutes or a spike open. */
export function evaluateMinute(
  minute: number,
  subjects: readonly SubjectCounts[],
  falsePagesPerDay: number,
): SubjectResult[] {
  const subjectsTested = subjects.filter((s) => s.counts.some((c) => c > 0)).length;
  const alpha = alphaFor(falsePagesPerDay, subjectsTested);
  return subjects.map((s) => evaluateSubject(minute, s, alpha, falsePagesPerDay, subjectsTested));
}

function evaluateSubject(
  minute: number,
  subject: SubjectCounts,
  alpha: number,
  falsePagesPerDay: number,
  subjectsTested: number,
): SubjectResult {
  const { issueId, counts, state } = subject;
  const current = counts.at(-1) ?? 0;
  const firstNonZero = counts.findIndex((c) => c > 0);
  if (!state && firstNonZero < 0) return { issueId, decision: null, next: null };
  const firstMinute = state?.firstMinute ?? minute - (counts.length - 1 - firstNonZero);
  const learnt = state ? learntRate(state, minute) : 0;
  const recent = state ? recentRate(state, minute) : 0;
  const sum = state ? decayedTo(state, minute - 1) : 0;
  const recentSum = state ? recentSumTo(state, minute - 1) : 0;
  const conservative = minute - firstMinute < NEW_SUBJECT_MINUTES;
  const floor = conservative ? NEW_SUBJECT_FLOOR : BASELINE_FLOOR;
  const longRate = Math.max(learnt, floor);
  const rate = Math.max(longRate, recentLowerBound(recent));
  const minCount = conservative ? NEW_SUBJECT_MIN_COUNT : MIN_COUNT;
  const observed = windowCounts(counts);
  const windows = WINDOWS.map((w, i) => windowTest(w, observed[i]!, rate, alpha, minCount));
  const above = windows.some((w) => w.above);
  const wasOpen = state?.spikeOpen ?? false;

  let outcome: Outcome | null;
  let quietMinutes = 0;
  if (!wasOpen) outcome = above ? 'fired' : observed.some((c) => c >= minCount) ? 'below' : null;
  else if (above) outcome = 'above';
  else {
    quietMinutes = (state?.quietMinutes ?? 0) + 1;
    outcome = quietMinutes >= QUIET_MINUTES_TO_RESOLVE ? 'resolved' : 'quiet';
  }
  const spikeOpen = outcome === 'fired' || outcome === 'above' || outcome === 'quiet';

  // The minute's count joins the baseline, capped while above the threshold so that a spike does not teach
  // the detector it is normal; the recent rate does not rise at all while a spike is open.
  const folded = above ? Math.min(current, EFFECT * longRate) : current;
  const foldedRecent = spikeOpen || above ? Math.min(current, recent) : current;
  const next: SubjectState = {
    baseline: sum * DECAY + folded * (1 - DECAY),
    recent: recentSum * RECENT_DECAY + foldedRecent * (1 - RECENT_DECAY),
    baselineMinute: minute,
    firstMinute,
    spikeOpen,
    quietMinutes: spikeOpen ? quietMinutes : 0,
  };
  const decision: Decision | null =
    outcome === null
      ? null
      : {
          issueId,
          minute,
          outcome,
          baseline: rate,
          alpha,
          falsePagesPerDay,
          subjectsTested,
          conservative,
          minCount,
          quietMinutes,
          windows,
        };
  return { issueId, decision, next };
}

/** One line a person reads: why it fired, or why it resolved. */
export function explainDecision(decision: Decision): string {
  const lines = decision.windows.map(
    (w) =>
      `${w.observed} events in ${w.window} min vs ${formatNumber(w.expected)} expected ` +
      `(threshold ${w.threshold}, p=${w.pValue.toExponential(2)})`,
  );
  const why =
    decision.outcome === 'resolved'
      ? `under the threshold for ${decision.quietMinutes} minutes`
      : `α=${decision.alpha.toExponential(2)} from a budget of ${decision.falsePagesPerDay} false pages a day` +
        (decision.conservative ? '; new, so judged by the conservative rule' : '');
  return `${lines.join('; ')}; ${why}`;
}

function formatNumber(value: number): string {
  return value >= 10 ? value.toFixed(0) : value.toPrecision(2);
}
