import { describe, expect, it } from 'vitest';
import { decisionSentences, oddsOf } from './decision-words.ts';

const base = {
  alpha: 1.2e-6,
  baseline: 2,
  falsePagesPerDay: 0.5,
  subjectsTested: 3,
  conservative: false,
  quietMinutes: 0,
};

describe('a spike decision in words', () => {
  it('says what was counted, what was expected, the line and the odds', () => {
    expect(
      decisionSentences({
        ...base,
        outcome: 'fired',
        windows: [
          { window: 1, observed: 40, expected: 2, threshold: 14, pValue: 3.1e-29 },
          { window: 5, observed: 48, expected: 10, threshold: 30, pValue: 2e-14 },
        ],
      }),
    ).toEqual([
      'In the last minute: 40 events, where about 2.0 were expected (its usual rate is 2.0 a minute).',
      'Vigie alerts from 14 events in that window. By chance alone, a count this high happens less than once in a million (p-value 3.1e-29).',
      'That line keeps false alarms under 0.5 a day for this project.',
    ]);
  });

  it('says how long it has been quiet when it resolves', () => {
    expect(
      decisionSentences({
        ...base,
        outcome: 'resolved',
        quietMinutes: 15,
        windows: [{ window: 1, observed: 1, expected: 2, threshold: 14, pValue: 0.86 }],
      })[0],
    ).toBe('Quiet again: for 15 minutes in a row the count stayed under the alert line.');
  });

  it('turns p-values into odds', () => {
    expect(oddsOf(0.0004)).toBe('about once in 3,000');
    expect(oddsOf(0.8)).toBe('often');
  });
});
