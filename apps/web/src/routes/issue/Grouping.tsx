// Why these events are one issue (the fingerprint's components), and the fingerprints merged into it:
// a triager picks some and splits them back out (unmerge), each into the issue it came from, then
// gets a link to it.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { api, ok } from '../../api/client.ts';
import { fingerprintsQuery } from '../../api/issue-queries.ts';
import type { IssueDetail } from '../../api/types.ts';
import { ConfirmButton } from '../../ui/ConfirmButton.tsx';
import { formatCount } from '../../ui/format.ts';
import { ErrorNotice } from '../../ui/notices.tsx';
import { RelativeTime } from '../../ui/RelativeTime.tsx';
import { GroupingReason } from './GroupingReason.tsx';

export function Grouping({ issue, canTriage }: { issue: IssueDetail; canTriage: boolean }) {
  return (
    <section className="panel" aria-labelledby="grouping-heading">
      <h2 id="grouping-heading">Why these events are one issue</h2>
      <GroupingReason fingerprint={issue.fingerprint} />
      <MergedFingerprints issueId={issue.id} canTriage={canTriage} />
    </section>
  );
}

function MergedFingerprints({ issueId, canTriage }: { issueId: number; canTriage: boolean }) {
  const fingerprints = useQuery(fingerprintsQuery(issueId));
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const unmerge = useMutation({
    mutationFn: (list: string[]) =>
      ok(
        api.POST('/api/v1/issues/{id}/unmerge', {
          params: { path: { id: String(issueId) } },
          body: { fingerprints: list },
        }),
      ),
    onSuccess: () => setChosen(new Set()),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['issues', issueId] }),
  });
  const merged = (fingerprints.data ?? []).filter((f) => f.merged);
  if (fingerprints.isError) return <ErrorNotice error={fingerprints.error} />;
  if (merged.length === 0 && !unmerge.data) return null;
  const toggle = (fingerprint: string) =>
    setChosen((prev) => {
      const next = new Set(prev);
      if (!next.delete(fingerprint)) next.add(fingerprint);
      return next;
    });
  const picked = merged.filter((f) => chosen.has(f.fingerprint));
  return (
    <div className="merged">
      <h3>Merged into this issue</h3>
      {merged.length > 0 ? (
        <ul className="fingerprints">
          {merged.map((f) => (
            <li key={f.fingerprint} className="fingerprint">
              {canTriage ? (
                <input
                  type="checkbox"
                  id={`fp-${f.fingerprint}`}
                  checked={chosen.has(f.fingerprint)}
                  onChange={() => toggle(f.fingerprint)}
                />
              ) : null}
              <label htmlFor={`fp-${f.fingerprint}`} className="mono">
                {f.fingerprint}
              </label>
              <span className="muted small">
                from <span className="mono">#{f.sourceIssueId}</span>
                {f.mergedAt ? (
                  <>
                    , merged <RelativeTime iso={f.mergedAt} />
                  </>
                ) : null}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {canTriage && merged.length > 0 ? (
        <ConfirmButton
          label={picked.length > 1 ? `Unmerge ${picked.length} fingerprints` : 'Unmerge'}
          title="Split these events out of this issue?"
          confirmLabel="Unmerge"
          disabled={picked.length === 0 || unmerge.isPending}
          onConfirm={() => unmerge.mutate(picked.map((f) => f.fingerprint))}
        >
          <p>
            The events of {picked.length === 1 ? 'this fingerprint' : `these ${picked.length} fingerprints`}{' '}
            go back to the issue {picked.length === 1 ? 'it' : 'each'} came from, and so do their future
            events.
          </p>
        </ConfirmButton>
      ) : null}
      {unmerge.isError ? <ErrorNotice error={unmerge.error} /> : null}
      <div aria-live="polite">
        {unmerge.data ? (
          <p className="notice notice-ok">
            Unmerged.{' '}
            {unmerge.data.unmerged.map((u) => (
              <span key={u.fingerprint}>
                {formatCount(u.movedEvents)} {u.movedEvents === 1 ? 'event' : 'events'} moved to{' '}
                <Link to="/issues/$issueId" params={{ issueId: String(u.issueId) }} search={{}}>
                  issue #{u.issueId}
                </Link>
                .{' '}
              </span>
            ))}
          </p>
        ) : null}
      </div>
    </div>
  );
}
