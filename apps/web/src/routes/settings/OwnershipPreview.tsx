// "Test these rules against this issue": pick one of the project's recent issues, or paste an issue's id
// or link, and see which owners the draft rules (the saved ones for those who cannot edit) give it, with
// the rule and the frame or field that matched, before saving anything.

import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, ok } from '../../api/client.ts';
import { type PreviewResult, ruleProblems } from '../../api/ownership-queries.ts';
import { ErrorNotice } from '../../ui/notices.tsx';
import { SelectField } from '../../ui/SelectField.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { RuleProblems, UnknownOwners } from './OwnershipProblems.tsx';
import { issueIdOf } from './ownership-text.ts';

const recentIssuesQuery = (projectId: number) => ({
  queryKey: ['projects', projectId, 'issues', 'ownership-preview'],
  queryFn: async () =>
    (
      await ok(
        api.GET('/api/v1/projects/{id}/issues', {
          params: {
            path: { id: String(projectId) },
            query: { query: 'is:unresolved', sort: 'lastSeen', limit: 50 },
          },
        }),
      )
    ).issues,
  staleTime: 60_000,
});

const FIELD_NAMES: Record<string, string> = {
  path: 'the file of an in-app frame',
  module: 'the module of an in-app frame',
  url: 'the request URL',
  culprit: 'the culprit',
};
const fieldName = (field: string) =>
  FIELD_NAMES[field] ?? (field.startsWith('tags.') ? `the tag ${field.slice(5)}` : field);

export function OwnershipPreview({ projectId, draft }: { projectId: number; draft: string | undefined }) {
  const issues = useQuery(recentIssuesQuery(projectId));
  const [picked, setPicked] = useState('');
  const [typed, setTyped] = useState('');
  const [typedError, setTypedError] = useState<string | null>(null);
  const preview = useMutation({
    mutationFn: (issueId: number) =>
      ok(
        api.POST('/api/v1/projects/{id}/ownership/preview', {
          params: { path: { id: String(projectId) } },
          body: { issueId, ...(draft !== undefined ? { rules: draft } : {}) },
        }),
      ).then((result) => ({ issueId, result })),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const issueId = typed.trim() !== '' ? issueIdOf(typed) : picked !== '' ? Number(picked) : null;
    if (issueId === null) {
      setTypedError(
        typed.trim() === ''
          ? 'Pick an issue, or paste its id or link.'
          : `“${typed.trim()}” is not an issue id (like 42 or #42) or a link to an issue’s page.`,
      );
      return;
    }
    setTypedError(null);
    preview.mutate(issueId);
  };
  const problems = preview.isError ? ruleProblems(preview.error) : null;
  return (
    <form className="ownership-preview" onSubmit={submit} aria-labelledby="ownership-preview-title">
      <h3 id="ownership-preview-title">Test these rules against an issue</h3>
      <p className="muted small">
        {draft !== undefined
          ? 'The rules as they are in the editor above, saved or not, against the issue’s latest event; nothing is saved.'
          : 'The saved rules against the issue’s latest event.'}
      </p>
      <div className="ownership-preview-pick">
        <SelectField label="Issue" value={picked} onChange={(e) => setPicked(e.target.value)}>
          <option value="">{issues.isPending ? 'Loading the recent issues…' : 'Pick a recent issue'}</option>
          {(issues.data ?? []).map((issue) => (
            <option key={issue.id} value={String(issue.id)}>
              #{issue.id} {issue.title}
            </option>
          ))}
        </SelectField>
        <TextField
          label="or its id or link"
          name="issue"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          placeholder="42, #42 or …/issues/42"
          autoComplete="off"
        />
        <button type="submit" className="button" disabled={preview.isPending}>
          Test the rules
        </button>
      </div>
      {typedError ? (
        <p className="notice notice-error" role="alert">
          {typedError}
        </p>
      ) : null}
      {problems ? (
        <RuleProblems title="These rules cannot be read yet:" problems={problems} />
      ) : preview.isError ? (
        <ErrorNotice error={preview.error} />
      ) : null}
      {preview.isSuccess ? <PreviewOutcome {...preview.data} /> : null}
    </form>
  );
}

function PreviewOutcome({ issueId, result }: { issueId: number; result: PreviewResult }) {
  const { suggestion, eventId } = result;
  return (
    <div className="ownership-outcome" role="status" aria-live="polite">
      {eventId === null ? (
        <p>Issue #{issueId} has no stored event to test the rules against.</p>
      ) : suggestion === null ? (
        <p>
          <strong>No rule matches issue #{issueId}</strong>: it would have no suggested owner.
        </p>
      ) : (
        <>
          <p className="ownership-explanation">{suggestion.explanation}</p>
          <dl className="facts ownership-facts">
            <div>
              <dt>Owners</dt>
              <dd>
                {suggestion.owners.map((o, i) => (
                  <span key={o.label}>
                    {i > 0 ? ', ' : null}
                    <span className={o.type === 'unknown' ? 'owner-unknown' : undefined}>{o.label}</span>
                    {o.type === 'unknown' ? <span className="muted"> (unknown: {o.reason})</span> : null}
                  </span>
                ))}
              </dd>
            </div>
            <div>
              <dt>Rule</dt>
              <dd>
                <code>{suggestion.rule.text}</code>{' '}
                <span className="muted small">
                  ({suggestion.rule.source === 'codeowners' ? 'CODEOWNERS' : 'rules'} line{' '}
                  {suggestion.rule.line})
                </span>
              </dd>
            </div>
            <div>
              <dt>Matched</dt>
              <dd>
                {fieldName(suggestion.field)}: <code className="ownership-value">{suggestion.value}</code>
              </dd>
            </div>
          </dl>
        </>
      )}
      <UnknownOwners owners={result.unknownOwners} />
    </div>
  );
}
