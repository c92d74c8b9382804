// "Why these events are one issue": the fingerprint's components, as the grouping computed them.

import type { IssueDetail } from '../../api/types.ts';

export function GroupingReason({ fingerprint }: { fingerprint: IssueDetail['fingerprint'] }) {
  return (
    <section className="panel" aria-labelledby="grouping-heading">
      <h2 id="grouping-heading">Why these events are one issue</h2>
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
    </section>
  );
}
