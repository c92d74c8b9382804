// The draft: the policy text, its directives with each value removable and a form to add one, and, as it
// changes, the evaluator's findings and what the last 7 days' reports say it would have blocked.

import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { formatCount } from '../../ui/format.ts';
import { ErrorNotice } from '../../ui/notices.tsx';
import { cspCheckQuery } from './csp-queries.ts';
import { addToDraft, parseDraft, removeFromDraft } from './draft.ts';

interface Props {
  projectId: number;
  draft: string;
  onDraft: (draft: string) => void;
  reportingEndpoints: string | null;
}

/** The draft as last typed, once typing paused: the check runs on it. */
function useSettled(value: string, ms: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export function DraftPanel({ projectId, draft, onDraft, reportingEndpoints }: Props) {
  const settled = useSettled(draft, 400);
  const check = useQuery(cspCheckQuery(projectId, settled, reportingEndpoints));
  const [directive, setDirective] = useState('script-src');
  const [source, setSource] = useState('');
  const add = (event: FormEvent) => {
    event.preventDefault();
    onDraft(addToDraft(draft, directive, source));
    setSource('');
  };
  const result = check.data;
  return (
    <section className="panel settings-section" id="draft" aria-labelledby="draft-title">
      <h2 id="draft-title">Draft</h2>
      <label className="field">
        <span>Policy</span>
        <textarea
          className="mono csp-draft"
          rows={4}
          value={draft}
          onChange={(e) => onDraft(e.target.value)}
          spellCheck={false}
        />
      </label>
      <ul className="csp-directives" aria-label="Directives of the draft">
        {parseDraft(draft).map((d) => (
          <li key={d.name}>
            <span className="mono csp-directive-name">{d.name}</span>
            {d.values.map((v) => (
              <span key={v} className="csp-chip mono">
                {v}
                <button
                  type="button"
                  className="csp-chip-remove"
                  aria-label={`Remove ${v} from ${d.name}`}
                  onClick={() => onDraft(removeFromDraft(draft, d.name, v))}
                >
                  ×
                </button>
              </span>
            ))}
            <button
              type="button"
              className="button button-quiet button-small"
              aria-label={`Remove the ${d.name} directive`}
              onClick={() => onDraft(removeFromDraft(draft, d.name, null))}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
      <form className="inline-form" onSubmit={add} aria-label="Add a source">
        <label className="field">
          <span>Directive</span>
          <input
            className="mono"
            value={directive}
            onChange={(e) => setDirective(e.target.value)}
            size={14}
          />
        </label>
        <label className="field">
          <span>Source</span>
          <input
            className="mono"
            value={source}
            onChange={(e) => setSource(e.target.value)}
            placeholder="https://cdn.example.com"
            size={28}
          />
        </label>
        <button type="submit" className="button" disabled={source.trim() === ''}>
          Add
        </button>
      </form>

      <h3>Findings</h3>
      {check.isError ? <ErrorNotice error={check.error} /> : null}
      {result ? (
        <>
          {result.problems.length > 0 ? (
            <ul className="csp-findings">
              {result.problems.map((p) => (
                <li key={p}>
                  <span className="badge csp-severity-high">error</span> {p}
                </li>
              ))}
            </ul>
          ) : null}
          {result.findings.length === 0 ? (
            <p className="muted">The evaluator finds nothing to say about this draft.</p>
          ) : (
            <ul className="csp-findings" aria-label="Findings">
              {result.findings.map((f) => (
                <li key={`${f.type} ${f.directive} ${f.value ?? ''}`}>
                  <span className={`badge csp-severity-${f.severity}`}>{f.severity}</span>{' '}
                  <span className="mono small">{f.directive}</span> {f.description}
                </li>
              ))}
            </ul>
          )}
          <h3>What would this policy have blocked?</h3>
          <p className={result.replay.blocked === 0 ? 'ok-text' : ''} aria-live="polite">
            {result.replay.replayed === 0
              ? 'No reports in the last 7 days to replay.'
              : result.replay.blocked === 0
                ? `Nothing: none of the ${formatCount(result.replay.replayed)} reports of the last ${result.replay.days} days would be blocked.`
                : `${formatCount(result.replay.blocked)} of the ${formatCount(result.replay.replayed)} reports of the last ${result.replay.days} days would be blocked:`}
          </p>
          {result.replay.groups.length > 0 ? (
            <div className="table-scroll">
              <table className="csp-table" aria-label="What the draft would block">
                <thead>
                  <tr>
                    <th scope="col">Page</th>
                    <th scope="col">Directive</th>
                    <th scope="col">Source</th>
                    <th scope="col" className="num">
                      Reports
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {result.replay.groups.map((g) => (
                    <tr key={`${g.page} ${g.directive} ${g.blocked}`}>
                      <td className="mono" title={g.examples.join('\n')}>
                        {g.page}
                      </td>
                      <td className="mono">{g.directive}</td>
                      <td className="mono">{g.blocked}</td>
                      <td className="num">{formatCount(g.reports)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {draft.includes("'nonce-") && result.replay.groups.some((g) => g.blocked === 'inline') ? (
            <p className="small muted">
              Inline scripts that carry the response’s nonce are allowed; reports do not say whether they did,
              so they are listed.
            </p>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
