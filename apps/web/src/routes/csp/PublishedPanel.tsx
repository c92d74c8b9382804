// The policy browsers get today: the last published version, enforced and/or report-only.

import { Link } from '@tanstack/react-router';
import { CopyButton } from '../../ui/CopyButton.tsx';
import { RelativeTime } from '../../ui/RelativeTime.tsx';
import type { PolicyVersion } from './csp-queries.ts';

export function PublishedPanel({ current, projectId }: { current: PolicyVersion | null; projectId: number }) {
  return (
    <section className="panel settings-section" id="published" aria-labelledby="published-title">
      <h2 id="published-title">Published policy</h2>
      {current === null ? (
        <div className="empty-inline">
          <p>
            Nothing is published yet. Serve a report-only policy that reports to Vigie (
            <Link to="/projects/$projectId/settings/csp" params={{ projectId: String(projectId) }}>
              the header lines to paste
            </Link>
            ), let real browsers report for a few days, then publish a draft from below.
          </p>
        </div>
      ) : (
        <>
          <p className="muted">
            Version {current.version}, published by {current.publishedBy}{' '}
            <RelativeTime iso={current.publishedAt} />
            {current.note ? `: ${current.note}` : ''}
          </p>
          <PolicyLine header="Content-Security-Policy" value={current.enforce} />
          <PolicyLine header="Content-Security-Policy-Report-Only" value={current.reportOnly} />
          <PolicyLine header="Reporting-Endpoints" value={current.reportingEndpoints} />
        </>
      )}
    </section>
  );
}

function PolicyLine({ header, value }: { header: string; value: string | null }) {
  if (value === null) return null;
  return (
    <div className="csp-header-line">
      <div className="csp-header-name">
        <span className="mono small">{header}</span>
        <CopyButton text={value} what={header} />
      </div>
      <code className="mono code-block csp-policy">{value}</code>
    </div>
  );
}
