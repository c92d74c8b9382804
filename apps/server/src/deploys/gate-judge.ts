// The deploy gate's judge, in the manner of Kayenta's: each metric of the candidate release is compared with the
// baseline's over the same window and classified pass, fail or inconclusive; the verdict fails when any metric
// fails, passes when every one passes, and is inconclusive otherwise. A metric fails only when we are sure (at
// failConfidence) that the candidate is worse than the baseline times the tolerance, and passes only when we are
// sure (at passConfidence) that it is not worse than the baseline times passMargin, or so rare that it cannot
// matter: with too little data neither holds, and the answer is "inconclusive". Errors are counted per session
// when both sides send sessions, else per request (traced transactions) when both send those. Pure.

import { poissonUpperBound, rateRatio } from './rate-ratio.ts';

export type Verdict = 'pass' | 'fail' | 'inconclusive';

/** What one side (a release in an environment) did in the window. */
export interface SideCounts {
  /** Sessions started in the window (each session update or each aggregated session counts once). */
  sessions: number;
  /** Sessions that ended crashed or abnormal. */
  crashedSessions: number;
  /** Sessions with at least one error, crashed ones included. */
  erroredSessions: number;
  /** Error events stored for the release in the window. */
  errorEvents: number;
  /** Distinct users among individual sessions; null when the SDK only sends aggregates. */
  users: number | null;
  crashedUsers: number | null;
  /** Transactions received in the window: the requests Vigie saw, the per-request metric's evidence. */
  transactions: number;
  /** The requests they stand for: each transaction weighted by 1 / its trace's sample rate. */
  requests: number;
}

/** What errors are divided by: sessions win when both sides have some; requests when only transactions came. */
export type Denominator = 'sessions' | 'requests';

export interface IssueFact {
  issueId: number;
  title: string;
  /** The issue's events of the candidate release in the window. */
  events: number;
}

export interface GateInput {
  candidate: SideCounts;
  baseline: SideCounts;
  /** Issues first seen in the candidate release (never in the baseline's). */
  newIssues: IssueFact[];
  /** Issues that came back (regressed) with the candidate release in the window. */
  regressions: IssueFact[];
}

export interface GateThresholds {
  /** Each side needs this many sessions in the window before any verdict. */
  minSessions: number;
  /**
   * Without sessions, each side needs this many transactions in the window before a per-request verdict:
   * sampled ones, the requests actually seen (100 at a 10% rate are 100 observations, not 1,000).
   */
  minRequests: number;
  /** A metric fails when surely worse than the baseline × this. */
  tolerance: number;
  /** A metric passes when surely better than the baseline × this. */
  passMargin: number;
  /** How sure a failure must be (one-sided); high because pipelines ask again and again. */
  failConfidence: number;
  /** How sure a pass must be (one-sided). */
  passConfidence: number;
  /** Errors per session (or per request) the candidate may add to the baseline's × passMargin and still pass (absolute). */
  errorSlack: number;
  /** Crash rate it may add likewise: 0.005 lets crash-free sessions drop by half a point at most. */
  crashSlack: number;
  /** A new issue or a regression fails the release when it has this many events in the window… */
  issueMinEvents: number;
  /** …and this share of the candidate's sessions or more (0.01: one session in a hundred). */
  issueMinShare: number;
}

export const DEFAULT_THRESHOLDS: Readonly<GateThresholds> = Object.freeze({
  minSessions: 50,
  minRequests: 100,
  tolerance: 1.2,
  passMargin: 1.5,
  failConfidence: 0.999,
  passConfidence: 0.9,
  errorSlack: 0.01,
  crashSlack: 0.005,
  issueMinEvents: 10,
  issueMinShare: 0.01,
});

export type MetricName =
  | 'crash_free_sessions'
  | 'errored_sessions'
  | 'errors_per_session'
  | 'errors_per_request';

export interface MetricComparison {
  metric: MetricName;
  /** Crash rate, or errors per session or per request, of each side. */
  candidate: number | null;
  baseline: number | null;
  ratio: number | null;
  /** The ratio's one-sided bounds: low at failConfidence, high at passConfidence (null for unbounded). */
  ratioLow: number;
  ratioHigh: number | null;
  classification: Verdict;
}

export interface GateJudgement {
  verdict: Verdict;
  denominator: Denominator;
  reasons: string[];
  comparisons: MetricComparison[];
}

const percent = (x: number) => `${(x * 100).toFixed(x < 0.001 ? 3 : 2)}%`;
const times = (x: number) => `${x.toFixed(2)}×`;

/** Sessions when both sides have some (even too few); else requests when both sent transactions. */
export function denominatorOf(candidate: SideCounts, baseline: SideCounts): Denominator {
  if (candidate.sessions > 0 && baseline.sessions > 0) return 'sessions';
  return candidate.transactions > 0 && baseline.transactions > 0 ? 'requests' : 'sessions';
}

/** Judges a candidate against its baseline. */
export function judge(input: GateInput, t: GateThresholds = DEFAULT_THRESHOLDS): GateJudgement {
  const { candidate, baseline } = input;
  const denominator = denominatorOf(candidate, baseline);
  const reasons: string[] = denominator === 'requests' ? [perRequestNote(candidate, baseline)] : [];
  const issueFailures = [
    ...notableIssues(input.newIssues, candidate, denominator, t).map(
      (i) => `new issue #${i.issueId} "${i.title}": ${i.events} events`,
    ),
    ...notableIssues(input.regressions, candidate, denominator, t).map(
      (i) => `regression of issue #${i.issueId} "${i.title}": ${i.events} events`,
    ),
  ];
  const short = shortOfData(candidate, baseline, denominator, t);
  if (short !== null) {
    const comparisons = comparisonsOf(input, denominator, t, false);
    if (issueFailures.length > 0)
      return { verdict: 'fail', denominator, reasons: [...reasons, ...issueFailures], comparisons };
    reasons.push(short);
    return { verdict: 'inconclusive', denominator, reasons, comparisons };
  }
  const comparisons = comparisonsOf(input, denominator, t, true);
  for (const c of comparisons) reasons.push(explain(c, t));
  reasons.push(...issueFailures);
  const verdict: Verdict =
    issueFailures.length > 0 || comparisons.some((c) => c.classification === 'fail')
      ? 'fail'
      : comparisons.every((c) => c.classification === 'pass')
        ? 'pass'
        : 'inconclusive';
  return { verdict, denominator, reasons, comparisons };
}

/** The average sample rate of a side's transactions, as people write it: 0.5, 0.333, 1. */
export const sampleRateText = (side: SideCounts) =>
  side.requests > 0 ? String(Number((side.transactions / side.requests).toPrecision(3))) : 'n/a';

function perRequestNote(c: SideCounts, b: SideCounts): string {
  const side = (s: SideCounts) =>
    `${s.transactions} sampled transactions at sample rate ${sampleRateText(s)} (≈${Math.round(s.requests)} requests)`;
  const sessions = c.sessions === 0 && b.sessions === 0 ? 'Neither side' : 'One side';
  return (
    `${sessions} sent sessions in the window, so errors are judged per request: the candidate from ${side(c)}, ` +
    `the baseline from ${side(b)}.`
  );
}

/** Why there is too little to judge yet, or null when both sides have enough. */
function shortOfData(
  c: SideCounts,
  b: SideCounts,
  denominator: Denominator,
  t: GateThresholds,
): string | null {
  if (denominator === 'requests') {
    if (c.transactions >= t.minRequests && b.transactions >= t.minRequests) return null;
    return (
      `Not enough requests yet: the candidate has ${c.transactions} sampled transactions and the baseline ` +
      `${b.transactions} in the window; each needs ${t.minRequests}.`
    );
  }
  if (c.sessions >= t.minSessions && b.sessions >= t.minSessions) return null;
  const requests =
    c.transactions > 0 || b.transactions > 0
      ? ` Transactions cannot stand in: the candidate has ${c.transactions} and the baseline ${b.transactions}, and errors are judged per request only when both sides sent some.`
      : ' Turn on release health in the SDK, or tracing (errors are then judged per request), if both stay at 0.';
  return (
    `Not enough sessions yet: the candidate has ${c.sessions} and the baseline ${b.sessions} in the window; ` +
    `each needs ${t.minSessions}.${c.sessions > 0 && b.sessions > 0 ? '' : requests}`
  );
}

function notableIssues(
  issues: IssueFact[],
  candidate: SideCounts,
  denominator: Denominator,
  t: GateThresholds,
): IssueFact[] {
  const exposure = denominator === 'requests' ? candidate.requests : candidate.sessions;
  return issues.filter(
    (i) => i.events >= t.issueMinEvents && i.events >= t.issueMinShare * Math.max(exposure, 1),
  );
}

/**
 * Errors and requests of one side as evidence for the Poisson test. The requests are an estimate (T sampled
 * transactions × 1 / rate r), uncertain themselves: testing the errors against them as if they were exact
 * would be overconfident when sampling is heavy, and testing an up-weighted count more so. So both are scaled
 * by f = 1 / (1 + E (1 − r) / T): the errors per request keep their value, and the test sees E × f events,
 * whose Poisson variance 1 / (E f) = 1/E + (1 − r)/T is that of the rate (errors Poisson, the transactions
 * binomial draws at rate r). At r = 1 every request was seen and nothing changes. With mixed rates, r is
 * their average over the window (T over the estimate), which understates the spread a little.
 */
export function perRequestEvidence(side: SideCounts): { errors: number; requests: number } {
  if (side.transactions === 0 || side.requests === 0) return { errors: side.errorEvents, requests: 0 };
  const rate = Math.min(1, side.transactions / side.requests);
  const f = 1 / (1 + (side.errorEvents * (1 - rate)) / side.transactions);
  return { errors: side.errorEvents * f, requests: side.requests * f };
}

/**
 * Crashes, sessions that saw an error (robust to the SDK's sampling and deduplication of repeated errors), and
 * error events per session (which also sees several errors in one session).
 */
function comparisonsOf(
  input: GateInput,
  denominator: Denominator,
  t: GateThresholds,
  enough: boolean,
): MetricComparison[] {
  const { candidate: c, baseline: b } = input;
  if (denominator === 'requests') {
    const ce = perRequestEvidence(c);
    const be = perRequestEvidence(b);
    return [
      compare('errors_per_request', ce.errors, ce.requests, be.errors, be.requests, t.errorSlack, t, enough),
    ];
  }
  return [
    compare(
      'crash_free_sessions',
      c.crashedSessions,
      c.sessions,
      b.crashedSessions,
      b.sessions,
      t.crashSlack,
      t,
      enough,
    ),
    compare(
      'errored_sessions',
      c.erroredSessions,
      c.sessions,
      b.erroredSessions,
      b.sessions,
      t.errorSlack,
      t,
      enough,
    ),
    compare(
      'errors_per_session',
      c.errorEvents,
      c.sessions,
      b.errorEvents,
      b.sessions,
      t.errorSlack,
      t,
      enough,
    ),
  ];
}

function compare(
  metric: MetricName,
  candidateCount: number,
  candidateExposure: number,
  baselineCount: number,
  baselineExposure: number,
  slack: number,
  t: GateThresholds,
  enough: boolean,
): MetricComparison {
  const rate = (k: number, n: number) => (n > 0 ? k / n : null);
  const base = {
    metric,
    candidate: rate(candidateCount, candidateExposure),
    baseline: rate(baselineCount, baselineExposure),
  };
  if (candidateExposure === 0 || baselineExposure === 0) {
    return { ...base, ratio: null, ratioLow: 0, ratioHigh: null, classification: 'inconclusive' };
  }
  const r = rateRatio(
    candidateCount,
    candidateExposure,
    baselineCount,
    baselineExposure,
    t.failConfidence,
    t.passConfidence,
  );
  // The candidate's rate, at most (passConfidence): under the baseline's × passMargin plus the slack, it passes
  // even when the ratio cannot be bounded (rare crashes, few errors); under the slack alone it cannot fail.
  const candidateAtMost = poissonUpperBound(candidateCount, t.passConfidence) / candidateExposure;
  const baselineRate = baselineCount / baselineExposure;
  const classification: Verdict = !enough
    ? 'inconclusive'
    : r.low > t.tolerance && candidateAtMost >= slack
      ? 'fail'
      : r.high < t.passMargin || candidateAtMost < baselineRate * t.passMargin + slack
        ? 'pass'
        : 'inconclusive';
  return {
    ...base,
    ratio: r.ratio,
    ratioLow: r.low,
    ratioHigh: Number.isFinite(r.high) ? r.high : null,
    classification,
  };
}

function explain(c: MetricComparison, t: GateThresholds): string {
  const name = {
    crash_free_sessions: 'Crash rate',
    errored_sessions: 'Sessions with errors',
    errors_per_session: 'Errors per session',
    errors_per_request: 'Errors per request',
  }[c.metric];
  const perUnit = c.metric === 'errors_per_session' || c.metric === 'errors_per_request';
  const show = (x: number | null) => (x === null ? 'n/a' : perUnit ? x.toFixed(3) : percent(x));
  const numbers = `${name}: ${show(c.candidate)} against ${show(c.baseline)}`;
  const bounds = `ratio ${c.ratio === null ? 'n/a' : times(c.ratio)}, between ${times(c.ratioLow)} and ${
    c.ratioHigh === null ? '∞' : times(c.ratioHigh)
  }`;
  switch (c.classification) {
    case 'fail':
      return `${numbers} (${bounds}): surely worse than the baseline × ${t.tolerance}. Fail.`;
    case 'pass':
      return `${numbers} (${bounds}): not worse than the baseline × ${t.passMargin}, give or take a few. Pass.`;
    default:
      return `${numbers} (${bounds}): not enough data to tell yet.`;
  }
}
