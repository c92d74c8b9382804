// The spike detector: for one minute, each subject (an issue, or the whole project) is tested on its last 1,
// 5 and 15 minutes against what it usually does. Pure: counts and state in, decisions and next state out.
//
// - Expected rate: a recent rate of events a minute (exponentially weighted, half-life 30 minutes), so that
//   the rise and fall of traffic over the day is followed within the hour; never under a floor. It does not
//   rise while a spike is open, nor past the 3-hour baseline in a minute already unlikely, so that a spike
//   building up under the threshold does not raise what is expected of it before it is caught.
// - Baseline: a second weighted rate (half-life 3 hours), updated with the minute's count capped at EFFECT ×
//   the baseline while above the threshold, so that a lasting change of level is learnt while a spike is
//   open (the expected rate is then the larger of the two) and the spike resolves.
// - Test: P(X ≥ observed) below α, X the count of a window under Poisson counts whose rate is itself
//   uncertain: gamma-distributed about the expected rate, as sure as the events it was learnt from (the
//   negative binomial). A quiet issue's rate, learnt from few events, gets a wider tail; a busy issue's is
//   nearly Poisson. α is the project's false-page budget a day split over every test a day could run
//   (1,440 minutes × 3 windows × the subjects with events in the windows): a Bonferroni bound.
// - And a minimum count and a minimum effect size (observed ≥ 3 × expected): a significant but small or
//   modest rise is not worth waking anyone for.
// - bench:spikes measured why: the 3-hour baseline alone paged on the daily rise (1.1 false pages a day on a
//   ±50 % cycle), and expecting the larger of it and the recent rate still hid 5× spikes at night, when the
//   baseline remembers the afternoon; a 15-minute window catches a long spike that no 5 minutes of it prove.
// - A subject with less than an hour of history has no rate worth the name: it is expected to do at least 1
//   event a minute, the larger of its two rates (the recent one less two standard errors), and its minimum
//   count is 3 times higher.
// - An open spike resolves once every window has stayed under its threshold for 15 minutes in a row.

import { gammaPoissonThreshold, gammaPoissonUpperTail } from './poisson.ts';

export const WINDOWS = [1, 5, 15] as const;
/**
 * A new subject's windows: its expected rate is an assumption (1 a minute), and over 15 minutes a steady 2 or
 * 3 a minute would pass it 3 times over.
 */
export const NEW_SUBJECT_WINDOWS = [1, 5] as const;
/** Minutes of counts the detector needs per subject: its longest window. */
export const COUNTED_MINUTES = WINDOWS[WINDOWS.length - 1]!;
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
/** A window this unlikely does not raise the recent rate past the baseline. */
export const UNLIKELY_P_VALUE = 1e-3;

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
  /** Counts of the minutes ending with the evaluated one, oldest first: the last COUNTED_MINUTES (minutes left out count as none). */
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

/**
 * Minutes of evidence behind the recent rate after `minutes` of history: the effective number of minutes of
 * its weighted mean, (Σw)² / Σw², from 1 after a minute to (1 + d) / (1 − d), about 88, after a few hours.
 */
export function recentEvidenceMinutes(minutes: number): number {
  if (minutes <= 0) return 0;
  const d = RECENT_DECAY;
  return ((1 - d ** minutes) ** 2 * (1 + d)) / ((1 - d) * (1 - d ** (2 * minutes)));
}

/** The least count k ≥ floor with P(X ≥ k) < alpha; `shape` as in gammaPoissonUpperTail (∞: Poisson). */
export function thresholdCount(expected: number, alpha: number, floor: number, shape = Infinity): number {
  return gammaPoissonThreshold(expected, shape, alpha, floor);
}

function windowTest(
  window: number,
  observed: number,
  rate: number,
  shape: number,
  alpha: number,
  minCount: number,
): WindowTest {
  const expected = rate * window;
  const threshold = thresholdCount(expected, alpha, Math.max(minCount, EFFECT * expected), shape);
  return {
    window,
    observed,
    expected,
    threshold,
    pValue: gammaPoissonUpperTail(observed, expected, shape),
    above: observed >= threshold,
  };
}

/** The events of each window, ending with the evaluated minute. */
function windowCounts(windows: readonly number[], counts: readonly number[]): number[] {
  return windows.map((w) => counts.slice(-w).reduce((a, b) => a + b, 0));
}

/** One minute of one project: every subject with events in the last COUNTED_MINUTES minutes or a spike open. */
export function evaluateMinute(
  minute: number,
  subjects: readonly SubjectCounts[],
  falsePagesPerDay: number,
): SubjectResult[] {
  const subjectsTested = subjects.filter((s) => s.counts.some((c) => c > 0)).length;
  const alpha = alphaFor(falsePagesPerDay, subjectsTested);
  return subjects.map((s) => evaluateSubject(minute, s, alpha, falsePagesPerDay, subjectsTested));
}

/** What a subject is expected to do this minute, and how sure the detector is of it. */
interface Expectation {
  /** Events a minute. */
  readonly rate: number;
  /** Of the gamma distribution the rate is taken from: about the events it was learnt from (∞: certain). */
  readonly shape: number;
  /** The 3-hour baseline, with its floor. */
  readonly longRate: number;
  /** The recent rate (30-minute half-life). */
  readonly recent: number;
}

function expectation(state: SubjectState | undefined, minute: number, firstMinute: number): Expectation {
  const conservative = minute - firstMinute < NEW_SUBJECT_MINUTES;
  const floor = conservative ? NEW_SUBJECT_FLOOR : BASELINE_FLOOR;
  const longRate = Math.max(state ? learntRate(state, minute) : 0, floor);
  const recent = state ? recentRate(state, minute) : 0;
  if (conservative)
    return {
      rate: Math.max(longRate, recentLowerBound(recent)),
      shape: Number.POSITIVE_INFINITY,
      longRate,
      recent,
    };
  // While a spike is open the recent rate is frozen: the baseline, which learns a new level, may pass it.
  const rate = Math.max(state?.spikeOpen ? longRate : floor, recent);
  return { rate, shape: rate * recentEvidenceMinutes(minute - firstMinute), longRate, recent };
}

function evaluateSubject(
  minute: number,
  subject: SubjectCounts,
  alpha: number,
  falsePagesPerDay: number,
  subjectsTested: number,
): SubjectResult {
  const { issueId, counts, state } = subject;
  const firstNonZero = counts.findIndex((c) => c > 0);
  if (!state && firstNonZero < 0) return { issueId, decision: null, next: null };
  const firstMinute = state?.firstMinute ?? minute - (counts.length - 1 - firstNonZero);
  const expected = expectation(state, minute, firstMinute);
  const conservative = minute - firstMinute < NEW_SUBJECT_MINUTES;
  const minCount = conservative ? NEW_SUBJECT_MIN_COUNT : MIN_COUNT;
  const tested = conservative ? NEW_SUBJECT_WINDOWS : WINDOWS;
  const observed = windowCounts(tested, counts);
  const windows = tested.map((w, i) =>
    windowTest(w, observed[i]!, expected.rate, expected.shape, alpha, minCount),
  );
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
  const current = counts.at(-1) ?? 0;
  const minuteSeen = { state, minute, firstMinute, current, expected, windows, outcome, quietMinutes };
  const next = nextState(minuteSeen);
  const decision: Decision | null =
    outcome === null
      ? null
      : {
          issueId,
          minute,
          outcome,
          baseline: expected.rate,
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

/** A subject's minute as evaluated, for its next state. */
interface Minute {
  readonly state: SubjectState | undefined;
  readonly minute: number;
  readonly firstMinute: number;
  /** The minute's count. */
  readonly current: number;
  readonly expected: Expectation;
  readonly windows: readonly WindowTest[];
  readonly outcome: Outcome | null;
  readonly quietMinutes: number;
}

/**
 * The minute folded into both rates. The baseline takes the count capped while above the threshold, so that
 * a spike does not teach the detector it is normal. The recent rate does not rise while a spike is open, nor
 * past the baseline in a minute that already looks unlikely (p < 0.001 in a window): a spike building up
 * under the threshold would otherwise raise what is expected of it before it is caught.
 */
function nextState(m: Minute): SubjectState {
  const { state, minute, firstMinute, current, expected, windows, outcome, quietMinutes } = m;
  const above = windows.some((w) => w.above);
  const spikeOpen = outcome === 'fired' || outcome === 'above' || outcome === 'quiet';
  const unlikely = windows.some((w) => w.pValue < UNLIKELY_P_VALUE);
  const { longRate, recent } = expected;
  const folded = above ? Math.min(current, EFFECT * longRate) : current;
  const foldedRecent =
    spikeOpen || above
      ? Math.min(current, recent)
      : unlikely
        ? Math.min(current, Math.max(recent, longRate))
        : current;
  const sum = state ? decayedTo(state, minute - 1) : 0;
  let nextRecent =
    (state ? recentSumTo(state, minute - 1) : 0) * RECENT_DECAY + foldedRecent * (1 - RECENT_DECAY);
  // A spike that resolved because the baseline learnt a new level: the recent rate starts from that level.
  if (outcome === 'resolved')
    nextRecent = Math.max(nextRecent, expected.rate * (1 - RECENT_DECAY ** (minute + 1 - firstMinute)));
  return {
    baseline: sum * DECAY + folded * (1 - DECAY),
    recent: nextRecent,
    baselineMinute: minute,
    firstMinute,
    spikeOpen,
    quietMinutes: spikeOpen ? quietMinutes : 0,
  };
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
