// The spike detector's numbers behind an alert, as a table: per window the count observed, the count
// expected, the threshold and the p-value; then α, the baseline and the budget they come from.

import { decisionSentences, isDecision } from './decision-words.ts';

const decimal = (n: number) => (n >= 10 ? n.toFixed(0) : n.toPrecision(2));
const scientific = (n: number) => (n === 0 ? '0' : n < 0.001 ? n.toExponential(1) : n.toPrecision(2));

export function DecisionNumbers({ decision }: { decision: unknown }) {
  if (!isDecision(decision)) return null;
  return (
    <div className="decision">
      <div className="decision-words">
        {decisionSentences(decision).map((sentence) => (
          <p key={sentence}>{sentence}</p>
        ))}
      </div>
      <table className="decision-table">
        <caption className="visually-hidden">The numbers behind this decision</caption>
        <thead>
          <tr>
            <th scope="col">Window</th>
            <th scope="col">Observed</th>
            <th scope="col">Expected</th>
            <th scope="col">Threshold</th>
            <th scope="col">p-value</th>
          </tr>
        </thead>
        <tbody>
          {decision.windows.map((w) => (
            <tr key={w.window}>
              <th scope="row">{w.window} min</th>
              <td>{w.observed}</td>
              <td>{decimal(w.expected)}</td>
              <td>{w.threshold}</td>
              <td>{scientific(w.pValue)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">
        α = {scientific(decision.alpha)} (a budget of {decision.falsePagesPerDay} false pages a day over{' '}
        {decision.subjectsTested} subject{decision.subjectsTested === 1 ? '' : 's'} tested); baseline{' '}
        {decimal(decision.baseline)} events a minute
        {decision.conservative ? '; new, judged by the conservative rule' : ''}
        {decision.outcome === 'resolved' ? `; quiet for ${decision.quietMinutes} minutes` : ''}.
      </p>
    </div>
  );
}
