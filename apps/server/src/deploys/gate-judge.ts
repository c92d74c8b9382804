// The deploy gate's judge, in the manner of Kayenta's: each metric of the candidate release is compared with the
// baseline's over the same window and classified pass, fail or inconclusive; the verdict fails when any metric
// fails, passes when every one passes, and is inconclusive otherwise. A metric fails only when we are sure (at
// failConfidence) that the candidate is worse than the baseline times the tolerance, and passes only when we are
// sure (at passConfidence) that it is not worse than the baseline times passMargin, or so rare that it cannot
// matter: with too little data neither holds, and the answer is "inconclusive". Pure.

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
}

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
  /** A metric fails when surely worse than the baseline × this. */
  tolerance: number;
  /** A metric passes when surely better than the baseline × this. */
  passMargin: number;
  /** How sure a failure must be (one-sided); high because pipelines ask again and again. */
  failConfidence: number;
  /** How sure a pass must be (one-sided). */
  passConfidence: number;
  /** Errors per session the candidate may add to the baseline's × passMargin and still pass (absolute). */
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
  tolerance: 1.2,
  passMargin: 1.5,
  failConfidence: 0.999,
  passConfidence: 0.9,
  errorSlack: 0.01,
  crashSlack: 0.005,
  issueMinEvents: 10,
  issueMinShare: 0.01,
});

export type MetricName = 'crash_free_sessions' | 'errored_sessions' | 'errors_per_session';

export interface MetricComparison {
  metric: MetricName;
  /** Crash rate or errors per session of each side. */
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
  reasons: string[];
  comparisons: MetricComparison[];
}

const percent = (x: number) => `${(x * 100).toFixed(x < 0.001 ? 3 : 2)}%`;
const times = (x: number) => `${x.toFixed(2)}×`;

/** Judges a candidate against its baseline. */
export function judge(input: GateInput, t: GateThresholds = DEFAULT_THRESHOLDS): GateJudgement {
  const { candidate, baseline } = input;
  const reasons: string[] = [];
  const issueFailures = [
    ...notableIssues(input.newIssues, candidate, t).map(
      (i) => `new issue #${i.issueId} "${i.title}": ${i.events} events`,
    ),
    ...notableIssues(input.regressions, candidate, t).map(
      (i) => `regression of issue #${i.issueId} "${i.title}": ${i.events} events`,
    ),
  ];
  if (candidate.sessions < t.minSessions || baseline.sessions < t.minSessions) {
    const comparisons = comparisonsOf(input, t, false);
    if (issueFailures.length > 0) return { verdict: 'fail', reasons: issueFailures, comparisons };
    reasons.push(
      `Not enough sessions yet: the candidate has ${candidate.sessions} and the baseline ${baseline.sessions} in the window; ` +
        `each needs ${t.minSessions} (turn on release health in the SDK if both stay at 0).`,
    );
    return { verdict: 'inconclusive', reasons, comparisons };
  }
  const comparisons = comparisonsOf(input, t, true);
  for (const c of comparisons) reasons.push(explain(c, t));
  reasons.push(...issueFailures);
  const verdict: Verdict =
    issueFailures.length > 0 || comparisons.some((c) => c.classification === 'fail')
      ? 'fail'
      : comparisons.every((c) => c.classification === 'pass')
        ? 'pass'
        : 'inconclusive';
  return { verdict, reasons, comparisons };
}

function notableIssues(issues: IssueFact[], candidate: SideCounts, t: GateThresholds): IssueFact[] {
  return issues.filter(
    (i) => i.events >= t.issueMinEvents && i.events >= t.issueMinShare * Math.max(candidate.sessions, 1),
  );
}

/**
 * Crashes, sessions that saw an error (robust to the SDK's sampling and deduplication of repeated errors), and
 * error events per session (which also sees several errors in one session).
 */
function comparisonsOf(input: GateInput, t: GateThresholds, enough: boolean): MetricComparison[] {
  const { candidate: c, baseline: b } = input;
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
  candidateSessions: number,
  baselineCount: number,
  baselineSessions: number,
  slack: number,
  t: GateThresholds,
  enough: boolean,
): MetricComparison {
  const rate = (k: number, n: number) => (n > 0 ? k / n : null);
  const base = {
    metric,
    candidate: rate(candidateCount, candidateSessions),
    baseline: rate(baselineCount, baselineSessions),
  };
  if (candidateSessions === 0 || baselineSessions === 0) {
    return { ...base, ratio: null, ratioLow: 0, ratioHigh: null, classification: 'inconclusive' };
  }
  const r = rateRatio(
    candidateCount,
    candidateSessions,
    baselineCount,
    baselineSessions,
    t.failConfidence,
    t.passConfidence,
  );
  // The candidate's rate, at most (passConfidence): under the baseline's × passMargin plus the slack, it passes
  // even when the ratio cannot be bounded (rare crashes, few errors); under the slack alone it cannot fail.
  const candidateAtMost = poissonUpperBound(candidateCount, t.passConfidence) / candidateSessions;
  const baselineRate = baselineCount / baselineSessions;
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
  }[c.metric];
  const show = (x: number | null) =>
    x === null ? 'n/a' : c.metric === 'errors_per_session' ? x.toFixed(3) : percent(x);
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
