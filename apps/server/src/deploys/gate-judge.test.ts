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
