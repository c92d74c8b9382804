// The caller's API tokens, for scripts and CI: create one (its secret is shown once), list them (never
// their secrets), revoke one. A token never does more than its owner's roles allow.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, ok } from '../../api/client.ts';
import { projectsQuery } from '../../api/queries.ts';
import { type ApiToken, type CreatedToken, tokensQuery } from '../../api/settings-queries.ts';
import { ConfirmButton } from '../../ui/ConfirmButton.tsx';
import { CopyButton } from '../../ui/CopyButton.tsx';
import { ErrorNotice, SkeletonRows } from '../../ui/notices.tsx';
import { RelativeTime } from '../../ui/RelativeTime.tsx';

const SCOPES = [
  { id: 'read', help: 'read issues and events, look up customers' },
  { id: 'triage', help: 'read, and triage: resolve, snooze, assign, comment, file GitHub issues' },
  { id: 'admin', help: 'all your roles allow, project settings included' },
] as const;
type Scope = (typeof SCOPES)[number]['id'];

export function TokensPanel() {
  const tokens = useQuery(tokensQuery);
  const projects = useQuery(projectsQuery);
  const projectName = (id: number) => projects.data?.find((p) => p.id === id)?.name ?? `project ${id}`;
  return (
    <section className="panel settings-section" aria-labelledby="tokens-title">
      <h2 id="tokens-title">API tokens</h2>
      <p className="muted">
        For scripts, CI and the <code>vigie</code> command line: send it as{' '}
        <code>Authorization: Bearer …</code>. A token acts as you, never beyond your roles, narrowed by its
        scope and projects.
      </p>
      <CreateTokenForm />
      {tokens.isPending ? <SkeletonRows rows={2} /> : null}
      {tokens.isError ? <ErrorNotice error={tokens.error} /> : null}
      {tokens.data?.length === 0 ? <p className="muted">You have no API token.</p> : null}
      {tokens.data && tokens.data.length > 0 ? (
        <table className="settings-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Scope</th>
              <th scope="col">Projects</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.data.map((t) => (
              <TokenRow key={t.id} token={t} projectName={projectName} />
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function TokenRow({ token, projectName }: { token: ApiToken; projectName: (id: number) => string }) {
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: () => ok(api.DELETE('/api/v1/tokens/{id}', { params: { path: { id: String(token.id) } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokensQuery.queryKey }),
  });
  return (
    <tr>
      <td>
        <span className="member-name">{token.name}</span>
        <span className="muted small mono">{token.prefix}…</span>
        {revoke.isError ? <ErrorNotice error={revoke.error} /> : null}
      </td>
      <td>{token.scopes.join(', ')}</td>
      <td>{token.projects === null ? 'all yours' : token.projects.map(projectName).join(', ')}</td>
      <td className="muted small">
        <RelativeTime iso={token.createdAt} />
      </td>
      <td className="muted small">{token.lastUsedAt ? <RelativeTime iso={token.lastUsedAt} /> : 'never'}</td>
      <td className="actions-cell">
        <ConfirmButton
          label="Revoke"
          accessibleLabel={`Revoke token ${token.name}`}
          title={`Revoke the token “${token.name}”?`}
          confirmLabel="Revoke the token"
          onConfirm={() => revoke.mutate()}
          disabled={revoke.isPending}
        >
          <p>Scripts that use it get 401 from now on. A revoked token cannot be restored.</p>
        </ConfirmButton>
      </td>
    </tr>
  );
}

function CreateTokenForm() {
  const queryClient = useQueryClient();
  const projects = useQuery(projectsQuery);
  const [limited, setLimited] = useState(false);
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [noProject, setNoProject] = useState(false);
  const create = useMutation({
    mutationFn: (body: { name: string; scopes: Scope[]; projects?: number[] }) =>
      ok(api.POST('/api/v1/tokens', { body })),
    onSuccess: async (token) => {
      setCreated(token);
      await queryClient.invalidateQueries({ queryKey: tokensQuery.queryKey });
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const chosen = data.getAll('project').map(Number);
    setNoProject(limited && chosen.length === 0);
    if (limited && chosen.length === 0) return;
    create.mutate(
      {
        name: String(data.get('name') ?? '').trim(),
        scopes: [String(data.get('scope')) as Scope],
        ...(limited ? { projects: chosen } : {}),
      },
      {
        onSuccess: () => {
          form.reset();
          setLimited(false);
        },
      },
    );
  };
  return (
    <>
      {created ? <NewTokenSecret token={created} onDone={() => setCreated(null)} /> : null}
      <form className="form narrow-form token-form" onSubmit={submit} aria-labelledby="new-token-title">
        <h3 id="new-token-title">New token</h3>
        <label className="field">
          <span>Name</span>
          <input name="name" required maxLength={100} placeholder="deploy pipeline" autoComplete="off" />
        </label>
        <fieldset className="choices">
          <legend>Scope</legend>
          {SCOPES.map((s, i) => (
            <label key={s.id} className="choice">
              <input type="radio" name="scope" value={s.id} defaultChecked={i === 0} />
              <span>
                <strong>{s.id}</strong> <span className="muted">{s.help}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <fieldset className="choices">
          <legend>Projects</legend>
          <label className="choice">
            <input type="radio" name="limit" checked={!limited} onChange={() => setLimited(false)} />
            <span>Every project you can see, now and later</span>
          </label>
          <label className="choice">
            <input type="radio" name="limit" checked={limited} onChange={() => setLimited(true)} />
            <span>Only these:</span>
          </label>
          {limited ? (
            <div className="choice-list">
              {projects.data?.map((p) => (
                <label key={p.id} className="choice">
                  <input type="checkbox" name="project" value={p.id} />
                  <span>{p.name}</span>
                </label>
              ))}
            </div>
          ) : null}
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            Create token
          </button>
        </div>
        {noProject ? (
          <ErrorNotice error={new Error('Choose at least one project, or every project.')} />
        ) : null}
        {create.isError ? <ErrorNotice error={create.error} /> : null}
      </form>
    </>
  );
}

function NewTokenSecret({ token, onDone }: { token: CreatedToken; onDone: () => void }) {
  return (
    <div className="notice notice-warning token-secret" role="status">
      <p>
        <strong>Copy the token “{token.name}” now.</strong> Vigie keeps only a hash of it and cannot show it
        again; if it is lost, revoke it and create another.
      </p>
      <div className="dsn-line">
        <code className="mono dsn-value">{token.token}</code>
        <CopyButton text={token.token} what="the new token" />
      </div>
      <button type="button" className="button button-small" onClick={onDone}>
        I have copied it
      </button>
    </div>
  );
}
