// The spike detector's decision as sentences someone woken at 3 a.m. can read: what was counted, what was
// expected, where the line is, and how unlikely the count is by chance. Pure.

export interface WindowTest {
  window: number;
  observed: number;
  expected: number;
  threshold: number;
  pValue: number;
}

export interface Decision {
  windows: WindowTest[];
  alpha: number;
  baseline: number;
  falsePagesPerDay: number;
  subjectsTested: number;
  conservative: boolean;
  quietMinutes: number;
  outcome: string;
}

export const isDecision = (value: unknown): value is Decision =>
  typeof value === 'object' && value !== null && Array.isArray((value as Decision).windows);

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
const about = (n: number) =>
  n >= 10 ? Math.round(n).toLocaleString('en') : n >= 1 ? n.toFixed(1) : n.toPrecision(1);

/** "less than 1 in 10,000", "about 1 in 40": a p-value as odds a person can picture. */
export function oddsOf(p: number): string {
  if (p <= 0) return 'practically never';
  if (p >= 0.5) return 'often';
  const inverse = 1 / p;
  if (inverse >= 1e6) return `less than once in a million`;
  const rounded = Number(inverse.toPrecision(1));
  return `about once in ${rounded.toLocaleString('en')}`;
}

/** The window that decided: the most significant one when it fired, else the first. */
function decidingWindow(decision: Decision): WindowTest | undefined {
  return [...decision.windows].sort((a, b) => a.pValue - b.pValue)[0];
}

export function decisionSentences(decision: Decision): string[] {
  const w = decidingWindow(decision);
  if (!w) return [];
  const minutes = w.window === 1 ? 'the last minute' : `the last ${w.window} minutes`;
  const usual = `its usual rate is ${about(decision.baseline)} a minute${decision.conservative ? ' (new, so Vigie assumed at least 1 a minute)' : ''}`;
  if (decision.outcome === 'resolved') {
    return [
      `Quiet again: for ${plural(decision.quietMinutes, 'minute')} in a row the count stayed under the alert line.`,
      `In ${minutes}: ${plural(w.observed, 'event')}; the line is ${plural(w.threshold, 'event')}, and ${usual}.`,
    ];
  }
  return [
    `In ${minutes}: ${plural(w.observed, 'event')}, where about ${about(w.expected)} were expected (${usual}).`,
    `Vigie alerts from ${plural(w.threshold, 'event')} in that window. By chance alone, a count this high happens ${oddsOf(w.pValue)} (p-value ${w.pValue.toExponential(1)}).`,
    `That line keeps false alarms under ${decision.falsePagesPerDay} a day for this project.`,
  ];
}
