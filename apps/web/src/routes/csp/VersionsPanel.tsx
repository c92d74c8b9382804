// Publishing and the versions: the draft as report-only, enforced, or both at once to roll forward
// (enforce the last good policy, report the candidate); every version with who published it, when and how.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { exactTime } from '../../ui/format.ts';
import { ErrorNotice } from '../../ui/notices.tsx';
import { RelativeTime } from '../../ui/RelativeTime.tsx';
import { cspVersionsQuery, type PolicyVersion, type PublishInput, publishVersion } from './csp-queries.ts';

interface Props {
  projectId: number;
  draft: string;
  current: PolicyVersion | null;
  canManage: boolean;
  defaultEndpoints: string;
  onUseAsDraft: (policy: string) => void;
}

export function VersionsPanel({
  projectId,
  draft,
  current,
  canManage,
  defaultEndpoints,
  onUseAsDraft,
}: Props) {
  const client = useQueryClient();
  const versions = useQuery(cspVersionsQuery(projectId));
  const [endpoints, setEndpoints] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const publish = useMutation({
    mutationFn: (body: PublishInput) => publishVersion(projectId, body),
    onSuccess: () => {
      setNote('');
      return client.invalidateQueries({ queryKey: ['projects', projectId, 'csp'] });
    },
  });
  const reportingEndpoints = (endpoints ?? defaultEndpoints).trim() || null;
  const send = (enforce: string | null, reportOnly: string | null) =>
    publish.mutate({ enforce, reportOnly, reportingEndpoints, note });
  // The last good policy: what is enforced now, else the report-only policy that has been watched.
  const lastGood = current?.enforce ?? current?.reportOnly ?? null;
  const empty = draft.trim() === '';
  return (
    <section className="panel settings-section" id="versions" aria-labelledby="versions-title">
      <h2 id="versions-title">Publish and versions</h2>
      {canManage ? (
        <div className="csp-publish">
          <label className="field">
            <span>Reporting-Endpoints</span>
            <input
              className="mono"
              value={endpoints ?? defaultEndpoints}
              onChange={(e) => setEndpoints(e.target.value)}
              placeholder='vigie="https://vigie.example.com/api/1/csp-report/?sentry_key=…"'
            />
          </label>
          <label className="field">
            <span>Note</span>
            <input
              value={note}
              onChange={(e) => setNote(e.target.value)}
              placeholder="What changed"
              maxLength={500}
            />
          </label>
          <div className="csp-actions">
            <button
              type="button"
              className="button"
              disabled={empty || publish.isPending}
              onClick={() => send(null, draft)}
            >
              Publish the draft as report-only
            </button>
            <button
              type="button"
              className="button"
              disabled={empty || lastGood === null || publish.isPending}
              onClick={() => send(lastGood, draft)}
              title="Enforce the last good policy and report the draft: both headers at once"
            >
              Roll forward: enforce v{current?.version ?? '–'}, report the draft
            </button>
            <button
              type="button"
              className="button button-primary"
              disabled={empty || publish.isPending}
              onClick={() => send(draft, null)}
            >
              Enforce the draft
            </button>
          </div>
          {publish.isError ? <ErrorNotice error={publish.error} /> : null}
          {publish.isSuccess ? (
            <p className="notice notice-ok" role="status">
              Published version {publish.data.version}. Sites using the live policy pick it up within their
              refresh interval.
            </p>
          ) : null}
        </div>
      ) : (
        <p className="notice notice-info">Only the project’s owners and admins publish policies.</p>
      )}
      {versions.isError ? <ErrorNotice error={versions.error} /> : null}
      {versions.data && versions.data.versions.length > 0 ? (
        <div className="table-scroll">
          <table className="csp-table" aria-label="Published versions">
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Delivered as</th>
                <th scope="col">Published</th>
                <th scope="col">Note</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {versions.data.versions.map((v) => (
                <tr key={v.version}>
                  <td className="num">v{v.version}</td>
                  <td>
                    {v.enforce !== null ? <span className="badge csp-status-accepted">enforced</span> : null}{' '}
                    {v.reportOnly !== null ? <span className="badge">report-only</span> : null}
                  </td>
                  <td className="small" title={exactTime(v.publishedAt)}>
                    {v.publishedBy}, <RelativeTime iso={v.publishedAt} />
                  </td>
                  <td className="small">{v.note}</td>
                  <td>
                    <button
                      type="button"
                      className="button button-quiet button-small"
                      onClick={() => onUseAsDraft(v.reportOnly ?? v.enforce ?? '')}
                    >
                      Use as draft
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
