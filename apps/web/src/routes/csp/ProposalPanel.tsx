// The next policy the generator proposes from the reports: allowlist or strict; each source with its
// evidence (reports, pages, browsers, first seen) and Accept / Reject / Ignore for good; the inline code
// and eval that need a decision rather than a source; and a button that makes the proposal the draft.

import { type UseQueryResult, useMutation, useQueryClient } from '@tanstack/react-query';
import { formatCount } from '../../ui/format.ts';
import { ErrorNotice, SkeletonRows } from '../../ui/notices.tsx';
import { RelativeTime } from '../../ui/RelativeTime.tsx';
import { type BuilderMode, decideSource, type Proposal, type ProposedSource } from './csp-queries.ts';

const STATUS_TEXT: Record<ProposedSource['status'], string> = {
  proposed: 'proposed',
  weak: 'held back',
  accepted: 'accepted',
  rejected: 'rejected',
  ignored: 'ignored for good',
};

interface Props {
  projectId: number;
  mode: BuilderMode;
  onMode: (mode: BuilderMode) => void;
  proposal: UseQueryResult<Proposal>;
  canDecide: boolean;
  onUseAsDraft: (policy: string) => void;
}

export function ProposalPanel({ projectId, mode, onMode, proposal, canDecide, onUseAsDraft }: Props) {
  const data = proposal.data;
  const shown = data?.sources.filter((s) => s.status !== 'ignored') ?? [];
  const ignored = data?.sources.filter((s) => s.status === 'ignored') ?? [];
  return (
    <section className="panel settings-section" id="proposal" aria-labelledby="proposal-title">
      <h2 id="proposal-title">Proposed policy</h2>
      <fieldset className="csp-mode">
        <legend className="visually-hidden">Kind of policy</legend>
        <label>
          <input
            type="radio"
            name="csp-mode"
            checked={mode === 'allowlist'}
            onChange={() => onMode('allowlist')}
          />{' '}
          Allowlist <span className="muted small">(the hosts the site uses)</span>
        </label>
        <label>
          <input type="radio" name="csp-mode" checked={mode === 'strict'} onChange={() => onMode('strict')} />{' '}
          Strict{' '}
          <span className="muted small">(nonces, 'strict-dynamic', hashes of reported inline scripts)</span>
        </label>
      </fieldset>
      {proposal.isPending ? <SkeletonRows rows={3} /> : null}
      {proposal.isError ? <ErrorNotice error={proposal.error} /> : null}
      {data ? (
        <>
          <p className="muted small">
            Built from {formatCount(data.reports)} report{data.reports === 1 ? '' : 's'} of the last 7 days
            {data.pageOrigin ? ` on ${data.pageOrigin}` : ''}.
          </p>
          <code className="mono code-block csp-policy">{data.policy}</code>
          <div className="csp-actions">
            <button type="button" className="button button-primary" onClick={() => onUseAsDraft(data.policy)}>
              Use as draft
            </button>
          </div>
          {shown.length > 0 ? (
            <ul className="csp-sources" aria-label="Proposed sources">
              {shown.map((s) => (
                <SourceItem
                  key={`${s.directive} ${s.source}`}
                  source={s}
                  projectId={projectId}
                  canDecide={canDecide}
                />
              ))}
            </ul>
          ) : mode === 'allowlist' ? (
            <p className="muted">
              No new source is needed: everything reported is already allowed, or needs a decision below.
            </p>
          ) : null}
          {data.decisions.length > 0 ? (
            <>
              <h3>Needs a decision</h3>
              <ul className="csp-decisions">
                {data.decisions.map((d) => (
                  <li key={`${d.directive} ${d.kind}`} className="card">
                    <div>
                      <span className="mono">{d.directive}</span> <span className="badge">{d.kind}</span>{' '}
                      <span className="num">{formatCount(d.count)}×</span>
                    </div>
                    <p className="small">{d.advice}</p>
                    {d.samples.length > 0 ? (
                      <ul className="small mono csp-samples">
                        {d.samples.slice(0, 5).map((sample) => (
                          <li key={sample}>{sample}</li>
                        ))}
                      </ul>
                    ) : null}
                    {d.hashes.length > 0 ? <p className="small mono">{d.hashes.join(' ')}</p> : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {data.notes.map((note) => (
            <p key={note} className="notice notice-info small">
              {note}
            </p>
          ))}
          {ignored.length > 0 ? (
            <details>
              <summary>{ignored.length} source(s) ignored for good</summary>
              <ul className="csp-sources">
                {ignored.map((s) => (
                  <SourceItem
                    key={`${s.directive} ${s.source}`}
                    source={s}
                    projectId={projectId}
                    canDecide={canDecide}
                  />
                ))}
              </ul>
            </details>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

function SourceItem({
  source,
  projectId,
  canDecide,
}: {
  source: ProposedSource;
  projectId: number;
  canDecide: boolean;
}) {
  const client = useQueryClient();
  const decide = useMutation({
    mutationFn: (decision: 'accepted' | 'rejected' | 'ignored' | null) =>
      decideSource(projectId, { directive: source.directive, source: source.source, decision }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['projects', projectId, 'csp', 'proposal'] }),
  });
  const e = source.evidence;
  const decided = source.status === 'accepted' || source.status === 'rejected' || source.status === 'ignored';
  return (
    <li className={`csp-source csp-source-${source.status}`}>
      <div className="csp-source-head">
        <span className="mono">{source.directive}</span> <strong className="mono">{source.source}</strong>{' '}
        <span className={`badge csp-status-${source.status}`}>{STATUS_TEXT[source.status]}</span>
      </div>
      <div className="small muted">
        {formatCount(e.reports)} report{e.reports === 1 ? '' : 's'} · {e.pageCount} page
        {e.pageCount === 1 ? '' : 's'} (<span className="mono">{e.pages.slice(0, 3).join(', ')}</span>
        {e.pageCount > 3 ? '…' : ''}) · {e.browsers.join(', ') || 'unknown browser'} · first seen{' '}
        <RelativeTime iso={e.firstSeen} />
      </div>
      {source.reason && !decided ? <div className="small csp-reason">{source.reason}</div> : null}
      {canDecide ? (
        <div className="csp-source-actions">
          {decided ? (
            <button
              type="button"
              className="button button-quiet button-small"
              onClick={() => decide.mutate(null)}
            >
              Undo
            </button>
          ) : (
            <>
              <button type="button" className="button button-small" onClick={() => decide.mutate('accepted')}>
                Accept
              </button>
              <button type="button" className="button button-small" onClick={() => decide.mutate('rejected')}>
                Reject
              </button>
              <button
                type="button"
                className="button button-quiet button-small"
                onClick={() => decide.mutate('ignored')}
              >
                Ignore for good
              </button>
            </>
          )}
        </div>
      ) : null}
      {decide.isError ? <ErrorNotice error={decide.error} /> : null}
    </li>
  );
}
