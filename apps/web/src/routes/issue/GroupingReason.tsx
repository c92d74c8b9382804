// The fingerprint's components, as the grouping computed them: every event with the same values
// joins the issue.

import type { IssueDetail } from '../../api/types.ts';

export function GroupingReason({ fingerprint }: { fingerprint: IssueDetail['fingerprint'] }) {
  return (
    <>
      <p className="muted small">
        Grouped by <strong>{fingerprint.strategy}</strong>: every event with the same values below joins this
        issue.
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
