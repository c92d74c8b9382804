import { describe, expect, it } from 'vitest';
import { type DeployMark, deploysSentence, deployWords, placeDeploys, sparkSpan } from './deploy-marks.ts';

const deploy = (release: string, finishedAt: string, strategy: string | null = null): DeployMark => ({
  release,
  environment: 'production',
  strategy,
  finishedAt,
});

describe('sparkSpan', () => {
  it('runs from the first bucket to the end of the last one', () => {
    expect(sparkSpan({ start: '2026-12-06T16:00:00Z', interval: '1h', counts: Array(24).fill(0) })).toEqual({
      startMs: Date.parse('2026-12-06T16:00:00Z'),
      endMs: Date.parse('2026-12-07T16:00:00Z'),
    });
    expect(
      sparkSpan({ start: '2026-11-24T00:00:00Z', interval: '1d', counts: Array(14).fill(0) })?.endMs,
    ).toBe(Date.parse('2026-12-08T00:00:00Z'));
  });

  it('gives nothing for an interval it cannot read', () => {
    expect(sparkSpan({ start: '2026-12-06T16:00:00Z', interval: 'hourly', counts: [1] })).toBeNull();
  });
});

describe('placeDeploys', () => {
  const span = { startMs: Date.parse('2026-12-07T00:00:00Z'), endMs: Date.parse('2026-12-08T00:00:00Z') };

  it('places the deploys of the span along it, oldest first, and leaves out the others', () => {
    const placed = placeDeploys(
      [
        deploy('shop@3', '2026-12-07T18:00:00Z'),
        deploy('shop@1', '2026-12-06T23:59:59Z'),
        deploy('shop@2', '2026-12-07T06:00:00Z'),
        deploy('shop@4', '2026-12-08T00:00:00Z'),
      ],
      span,
    );
    expect(placed.map((p) => [p.deploy.release, p.at])).toEqual([
      ['shop@2', 0.25],
      ['shop@3', 0.75],
    ]);
  });

  it('places nothing on an empty span', () => {
    expect(placeDeploys([deploy('shop@2', '2026-12-07T06:00:00Z')], { startMs: 5, endMs: 5 })).toEqual([]);
  });
});

describe('deploy words', () => {
  it('say the release, the environment, the strategy and the exact time', () => {
    expect(deployWords(deploy('shop@3', '2026-12-07T15:33:28Z', 'blue-green'))).toMatch(
      /^shop@3 deployed to production \(blue-green\), 7 Dec 2026, \d\d:\d\d:28 /,
    );
    expect(deployWords(deploy('shop@3', '2026-12-07T15:33:28Z'))).toMatch(/^shop@3 deployed to production, /);
  });

  it("say a sparkline's deploys in one sentence, the latest three by name", () => {
    const span = { startMs: Date.parse('2026-12-07T00:00:00Z'), endMs: Date.parse('2026-12-08T00:00:00Z') };
    const at = (hour: number) => `2026-12-07T${String(hour).padStart(2, '0')}:05:00Z`;
    expect(deploysSentence([])).toBe('');
    expect(deploysSentence(placeDeploys([deploy('shop@2', at(14))], span))).toMatch(
      /^1 deploy: shop@2 to production 7 Dec, \d\d:05$/,
    );
    const five = placeDeploys(
      [1, 2, 3, 4, 5].map((n) => deploy(`shop@${n}`, at(n))),
      span,
    );
    expect(deploysSentence(five)).toMatch(
      /^5 deploys, the latest: shop@3 to production [^;]+; shop@4 to production [^;]+; shop@5 to production [^;]+$/,
    );
  });
});
