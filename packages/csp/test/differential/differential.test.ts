import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareCorpus, loadCorpus } from './compare.ts';
import { DISAGREEMENTS_FILE, percent, renderDisagreements } from './disagreements.ts';
import { classify } from './explain.ts';

describe('differential test against Google csp_evaluator', () => {
  const { comparisons, agreement } = compareCorpus();

  it('runs over a corpus of at least 200 distinct policies', () => {
    const policies = loadCorpus().map((p) => p.policy);
    expect(new Set(policies).size).toBeGreaterThanOrEqual(200);
  });

  it('agrees on at least 95% of the findings of the types both tools implement', () => {
    const figure = agreement.findingsBoth / agreement.findingsEither;
    console.log(
      `csp_evaluator agreement: findings ${percent(agreement.findingsBoth, agreement.findingsEither)} (${agreement.findingsBoth}/${agreement.findingsEither}), policies ${percent(agreement.agreeingPolicies, agreement.policies)} (${agreement.agreeingPolicies}/${agreement.policies})`,
    );
    expect(agreement.findingsEither).toBeGreaterThan(1000);
    expect(figure).toBeGreaterThanOrEqual(0.95);
  });

  it('explains every disagreement by a known class', () => {
    const unexplained = comparisons.flatMap((c) => [
      ...c.onlyOurs.filter((k) => classify('ours', k, c) === undefined).map((k) => `${c.id} ours ${k}`),
      ...c.onlyTheirs.filter((k) => classify('theirs', k, c) === undefined).map((k) => `${c.id} theirs ${k}`),
    ]);
    expect(unexplained).toEqual([]);
  });

  it('keeps DISAGREEMENTS.md in step with the evaluator (regenerate with disagreements.ts)', () => {
    const committed = readFileSync(DISAGREEMENTS_FILE, 'utf8');
    expect(committed).toBe(renderDisagreements(comparisons, agreement));
  });
});
