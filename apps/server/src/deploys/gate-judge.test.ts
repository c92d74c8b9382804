import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS, type GateInput, judge, type SideCounts } from './gate-judge.ts';
import { rateRatio } from './rate-ratio.ts';

const side = (
  sessions: number,
  errorEvents: number,
  crashedSessions = 0,
  erroredSessions = errorEvents,
): SideCounts => ({
  sessions,
  errorEvents,
  crashedSessions,
  erroredSessions,
  users: null,
  crashedUsers: null,
  transactions: 0,
  requests: 0,
});
const input = (candidate: SideCounts, baseline: SideCounts, extra: Partial<GateInput> = {}): GateInput => ({
  candidate,
  baseline,
  newIssues: [],
  regressions: [],
  ...extra,
});

describe('the gate judge', () => {
  it('passes a release that errs as often as its baseline, with enough sessions', () => {
    expect(judge(input(side(2000, 100), side(2000, 100))).verdict).toBe('pass');
  });

  it('fails a release with three times the errors, and says by how much', () => {
    const j = judge(input(side(2000, 300), side(2000, 100)));
    expect(j.verdict).toBe('fail');
    expect(j.reasons.join('\n')).toMatch(/Errors per session: 0\.150 against 0\.050 \(ratio 3\.00×/);
  });

  it('is inconclusive below the minimum of sessions, whatever the rates look like', () => {
    const j = judge(input(side(40, 20), side(2000, 100)));
    expect(j.verdict).toBe('inconclusive');
    expect(j.reasons[0]).toMatch(/Not enough sessions yet: the candidate has 40 and the baseline 2000/);
  });

  it('is inconclusive when a small difference cannot be told from chance yet', () => {
    // 1.5× at 300 sessions a side: neither surely worse than 1.2× nor surely under 1.5×.
    expect(judge(input(side(300, 45), side(300, 30))).verdict).toBe('inconclusive');
  });

  it('passes rare crashes on both sides without failing on the ratio of two tiny numbers', () => {
    expect(judge(input(side(5000, 250, 2), side(5000, 250, 1))).verdict).toBe('pass');
  });

  it('fails a release whose new issue hits at least 1% of its sessions with 10 events or more', () => {
    const issue = { issueId: 7, title: 'TypeError: total is NaN', events: 30 };
    const j = judge(input(side(2000, 100), side(2000, 100), { newIssues: [issue] }));
    expect(j.verdict).toBe('fail');
    expect(j.reasons).toContain('new issue #7 "TypeError: total is NaN": 30 events');
    const rare = { ...issue, events: 12 };
    expect(judge(input(side(2000, 100), side(2000, 100), { newIssues: [rare] })).verdict).toBe('pass');
  });

  it('follows per-project thresholds', () => {
    const strict = { ...DEFAULT_THRESHOLDS, minSessions: 5000 };
    expect(judge(input(side(2000, 100), side(2000, 100)), strict).verdict).toBe('inconclusive');
  });
});

describe('rateRatio', () => {
  it('brackets the true ratio, wider with fewer events', () => {
    const many = rateRatio(3000, 10_000, 1000, 10_000, 0.999, 0.9);
    expect(many.ratio).toBe(3);
    expect(many.low).toBeGreaterThan(2.6);
    expect(many.high).toBeLessThan(3.3);
    const few = rateRatio(30, 100, 10, 100, 0.999, 0.9);
    expect(few.low).toBeLessThan(many.low);
    expect(few.high).toBeGreaterThan(many.high);
  });

  it('has no upper bound when the baseline has no events', () => {
    const r = rateRatio(5, 100, 0, 100, 0.999, 0.9);
    expect(r.ratio).toBeNull();
    expect(r.high).toBe(Number.POSITIVE_INFINITY);
  });
});

/** A side without sessions: `transactions` traced requests sampled at `rate`, and the error events stored. */
const traced = (transactions: number, rate: number, errorEvents: number): SideCounts => ({
  ...side(0, errorEvents, 0, 0),
  transactions,
  requests: transactions / rate,
});

describe('the gate judge per request (no sessions)', () => {
  it('judges errors per request when neither side sends sessions, and says from how many transactions', () => {
    const j = judge(input(traced(1000, 0.5, 600), traced(1000, 0.5, 20)));
    expect(j.verdict).toBe('fail');
    expect(j.denominator).toBe('requests');
    expect(j.comparisons.map((c) => c.metric)).toEqual(['errors_per_request']);
    expect(j.reasons[0]).toBe(
      'Neither side sent sessions in the window, so errors are judged per request: the candidate from 1000 sampled ' +
        'transactions at sample rate 0.5 (≈2000 requests), the baseline from 1000 sampled transactions at sample ' +
        'rate 0.5 (≈2000 requests).',
    );
    expect(j.reasons[1]).toMatch(/^Errors per request: 0\.300 against 0\.010 \(ratio 30\.00×, .*Fail\.$/);
  });

  it('passes a release that errs per request as its baseline does', () => {
    const j = judge(input(traced(1000, 0.25, 40), traced(1000, 0.25, 40)));
    expect(j.verdict).toBe('pass');
    expect(j.reasons[1]).toMatch(/^Errors per request: 0\.010 against 0\.010 .*Pass\.$/);
  });

  it('judges per request when one side has sessions and the other only transactions; sessions win when both have some', () => {
    const both = (t: SideCounts, sessions: number) => ({ ...t, sessions, erroredSessions: 0 });
    expect(judge(input(traced(1000, 1, 300), both(traced(1000, 1, 10), 500))).denominator).toBe('requests');
    const j = judge(input(both(traced(1000, 1, 300), 2000), both(traced(1000, 1, 290), 2000)));
    expect(j.denominator).toBe('sessions');
    expect(j.comparisons.map((c) => c.metric)).toEqual([
      'crash_free_sessions',
      'errored_sessions',
      'errors_per_session',
    ]);
  });

  it('is inconclusive under minRequests sampled transactions, however many requests they stand for', () => {
    // 60 transactions at 1% are 6,000 requests, but only 60 observations.
    const j = judge(input(traced(60, 0.01, 100), traced(5000, 0.01, 20)));
    expect(j.verdict).toBe('inconclusive');
    expect(j.reasons[1]).toBe(
      'Not enough requests yet: the candidate has 60 sampled transactions and the baseline 5000 in the window; each needs 100.',
    );
    const lenient = { ...DEFAULT_THRESHOLDS, minRequests: 50 };
    expect(judge(input(traced(60, 0.01, 100), traced(5000, 0.01, 20)), lenient).verdict).toBe('fail');
  });

  it('says why transactions cannot stand in when only one side has them', () => {
    const j = judge(input(traced(1000, 1, 300), side(0, 0)));
    expect(j.denominator).toBe('sessions');
    expect(j.verdict).toBe('inconclusive');
    expect(j.reasons[0]).toMatch(
      /Not enough sessions yet: .* Transactions cannot stand in: the candidate has 1000 and the baseline 0/,
    );
  });

  it('counts the sampling of the requests in the test: fewer transactions, wider bounds, the same rate', () => {
    // The same errors and estimated requests, seen through 10,000 transactions at rate 1 or 100 at 1%.
    const exact = judge(input(traced(10_000, 1, 150), traced(10_000, 1, 100))).comparisons[0]!;
    const sampled = judge(input(traced(100, 0.01, 150), traced(100, 0.01, 100))).comparisons[0]!;
    expect(sampled.candidate).toBe(exact.candidate);
    expect(sampled.ratio).toBeCloseTo(exact.ratio!, 9);
    expect(sampled.ratioLow).toBeLessThan(exact.ratioLow);
    expect(sampled.ratioHigh!).toBeGreaterThan(exact.ratioHigh!);
  });

  it('keeps its confidence with heavily sampled requests, where taking the estimate as exact would not', () => {
    // 1,000 pairs of healthy sides: 20,000 requests each, 2% erring, traced at 1% (about 200 transactions). The
    // true ratio is 1, so its lower bound at failConfidence (99.9%) should exceed 1 about once in 1,000.
    const random = seeded(18);
    const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const binomial = (n: number, p: number) =>
      Math.max(0, Math.round(n * p + Math.sqrt(n * p * (1 - p)) * normal()));
    const healthySide = () => traced(binomial(20_000, 0.01), 0.01, binomial(20_000, 0.02));
    let above = 0;
    let naiveAbove = 0;
    for (let i = 0; i < 1000; i++) {
      const c = healthySide();
      const b = healthySide();
      if (judge(input(c, b)).comparisons[0]!.ratioLow > 1) above++;
      if (rateRatio(c.errorEvents, c.requests, b.errorEvents, b.requests, 0.999, 0.9).low > 1) naiveAbove++;
    }
    expect(above).toBeLessThanOrEqual(4);
    expect(naiveAbove).toBeGreaterThan(15);
  });
});

/** mulberry32, so that the simulated rollouts are the same on every run. */
function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
