// The project's GitHub integration: the repository where triagers file issues (with `g` on the stream,
// or from an issue's page), the API's base URL, and a token that is written, never shown again.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { api, ok } from '../../api/client.ts';
import { type GithubSettings, githubQuery } from '../../api/settings-queries.ts';
import { ConfirmButton } from '../../ui/ConfirmButton.tsx';
import { ErrorNotice, SkeletonRows } from '../../ui/notices.tsx';
import { RelativeTime } from '../../ui/RelativeTime.tsx';
import { TextField } from '../../ui/TextField.tsx';

const DEFAULT_API = 'https://api.github.com';

export function GithubPanel({ projectId, canManage }: { projectId: number; canManage: boolean }) {
  const settings = useQuery(githubQuery(projectId));
  return (
    <section className="panel settings-section" id="github" aria-labelledby="github-title">
      <h2 id="github-title">GitHub</h2>
      <p className="muted">
        With a repository set, triagers file a Vigie issue as a GitHub issue: <kbd>g</kbd> on the issue
        stream, or “File on GitHub” on an issue’s page. The GitHub issue gets the error, its top frames, its
        counts and a link back here, and the Vigie issue is linked to it.
      </p>
      {settings.isPending ? <SkeletonRows rows={2} /> : null}
      {settings.isError ? <ErrorNotice error={settings.error} /> : null}
      {settings.isSuccess ? <GithubState settings={settings.data} /> : null}
      {settings.isSuccess && canManage ? <GithubForm projectId={projectId} settings={settings.data} /> : null}
      {settings.isSuccess && !canManage ? (
        <p className="muted small">Only the project’s owners and admins change these settings.</p>
      ) : null}
    </section>
  );
}

function GithubState({ settings }: { settings: GithubSettings | null }) {
  if (!settings) return <p className="github-state">Not configured: nobody can file issues on GitHub yet.</p>;
  return (
    <dl className="facts github-facts">
      <div>
        <dt>Repository</dt>
        <dd className="mono">{settings.repository}</dd>
      </div>
      <div>
        <dt>API</dt>
        <dd className="mono">{settings.apiBaseUrl}</dd>
      </div>
      <div>
        <dt>Token</dt>
        <dd>{settings.tokenSet ? 'set' : 'not set'}</dd>
      </div>
      <div>
        <dt>Updated</dt>
        <dd>
          <RelativeTime iso={settings.updatedAt} />
        </dd>
      </div>
    </dl>
  );
}

function GithubForm({ projectId, settings }: { projectId: number; settings: GithubSettings | null }) {
  const queryClient = useQueryClient();
  const path = { id: String(projectId) };
  const refresh = () => queryClient.invalidateQueries({ queryKey: githubQuery(projectId).queryKey });
  const save = useMutation({
    mutationFn: (body: { repository: string; apiBaseUrl: string; token?: string }) =>
      ok(api.PUT('/api/v1/projects/{id}/github', { params: { path }, body })),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: () => ok(api.DELETE('/api/v1/projects/{id}/github', { params: { path } })),
    onSuccess: refresh,
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const token = String(data.get('token') ?? '').trim();
    save.mutate({
      repository: String(data.get('repository') ?? '').trim(),
      apiBaseUrl: String(data.get('apiBaseUrl') ?? '').trim() || DEFAULT_API,
      ...(token ? { token } : {}),
    });
  };
  return (
    // A new key once saved: the form starts again from what is stored, and the token typed leaves the page.
    <form className="form narrow-form github-form" onSubmit={submit} key={settings?.updatedAt ?? 'new'}>
      <TextField
        label="Repository"
        hint="owner/name, as in the repository’s URL."
        name="repository"
        required
        pattern="[A-Za-z0-9\-]+/[A-Za-z0-9._\-]+"
        placeholder="acme/shop"
        defaultValue={settings?.repository ?? ''}
        autoComplete="off"
      />
      <TextField
        label="API base URL"
        hint={`${DEFAULT_API}, or https://your-host/api/v3 for GitHub Enterprise Server.`}
        name="apiBaseUrl"
        type="url"
        placeholder={DEFAULT_API}
        defaultValue={settings?.apiBaseUrl ?? DEFAULT_API}
      />
      <TextField
        label="Token"
        hint="A fine-grained token with “Issues: read and write” on the repository. Vigie stores it encrypted and never shows it again."
        name="token"
        type="password"
        autoComplete="off"
        required={!settings?.tokenSet}
        placeholder={settings?.tokenSet ? 'set: leave empty to keep it' : 'github_pat_…'}
      />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          Save
        </button>
        {settings ? (
          <ConfirmButton
            label="Remove"
            accessibleLabel="Remove the GitHub integration"
            title="Remove the GitHub integration?"
            confirmLabel="Remove it"
            onConfirm={() => remove.mutate()}
            disabled={remove.isPending}
          >
            <p>
              Vigie forgets the repository and deletes the stored token. Issues already filed stay linked;
              nobody can file new ones until it is set up again.
            </p>
          </ConfirmButton>
        ) : null}
      </div>
      {save.isError ? <ErrorNotice error={save.error} /> : null}
      {remove.isError ? <ErrorNotice error={remove.error} /> : null}
      {save.isSuccess && settings ? (
        <p role="status" className="notice notice-ok">
          Saved: issues are filed in {settings.repository}.
        </p>
      ) : null}
      {remove.isSuccess && !settings ? (
        <p role="status" className="notice notice-ok">
          The GitHub integration is removed.
        </p>
      ) : null}
    </form>
  );
}
