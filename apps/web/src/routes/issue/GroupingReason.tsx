// Why the events are together, in one sentence (`Grouped by 3 in-app frames of the stack trace.`),
// then the fingerprint's components as the grouping computed them: every event with the same values
// joins the issue.

import type { IssueDetail } from '../../api/types.ts';

export function GroupingReason({ fingerprint }: { fingerprint: IssueDetail['fingerprint'] }) {
  return (
    <>
      <p className="grouping-summary">{fingerprint.summary}</p>
      <p className="muted small">
        Every event with the same values below joins this issue (grouping{' '}
        <strong>{fingerprint.strategy}</strong>, version {fingerprint.groupingVersion}).
      </p>
      <dl className="kv">
        {fingerprint.components.map((c, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: components may repeat an id
          <div key={`${c.id}-${i}`} className="kv-row">
            <dt className="mono">{c.id}</dt>
            <dd>
              <span className="mono">{c.value}</span>
              {c.hint ? <span className="muted small"> — {c.hint}</span> : null}
            </dd>
          </div>
        ))}
      </dl>
      <p className="muted small mono">fingerprint {fingerprint.hash}</p>
    </>
  );
}
