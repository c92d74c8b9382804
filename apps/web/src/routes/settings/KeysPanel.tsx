// A project's DSN keys: each with its DSN to copy, when it was made, its rate limit and whether it is
// revoked; managers create keys, set limits and revoke. Below, the setup snippets for the chosen key.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { api, ok } from '../../api/client.ts';
import { projectKeysQuery } from '../../api/queries.ts';
import type { ProjectKey } from '../../api/types.ts';
import { ConfirmButton } from '../../ui/ConfirmButton.tsx';
import { CopyButton } from '../../ui/CopyButton.tsx';
import { formatCount } from '../../ui/format.ts';
import { ErrorNotice, SkeletonRows } from '../../ui/notices.tsx';
import { RelativeTime } from '../../ui/RelativeTime.tsx';
import { SdkSetup } from '../../ui/SdkSetup.tsx';
import { KeyPicker, useKeyChoice } from './KeyPicker.tsx';

/** The server's ceiling (projects/project.repository.ts MAX_RATE_LIMIT_PER_MINUTE). */
const MAX_RATE = 100_000_000;

export function KeysPanel({ projectId, canManage }: { projectId: number; canManage: boolean }) {
  const keys = useQuery(projectKeysQuery(projectId));
  const choice = useKeyChoice(keys.data);
  const setupKey = choice.key;
  return (
    <section className="panel settings-section" id="keys" aria-labelledby="keys-title">
      <h2 id="keys-title">DSN keys</h2>
      <p className="muted">
        An SDK sends events with a key’s DSN. Give each application or environment its own key, so that one
        can be limited or revoked without touching the others. DSNs are public by design (they ship in browser
        bundles): a key can only send events to this project.
      </p>
      {canManage ? <CreateKeyForm projectId={projectId} onCreated={(key) => choice.choose(key.id)} /> : null}
      {keys.isPending ? <SkeletonRows rows={2} /> : null}
      {keys.isError ? <ErrorNotice error={keys.error} /> : null}
      <ul className="key-list">
        {keys.data?.map((key) => (
          <KeyCard key={key.id} projectId={projectId} apiKey={key} canManage={canManage} />
        ))}
      </ul>

      <h3 id="setup-title">Set up an SDK</h3>
      {setupKey ? (
        <>
          <KeyPicker choice={choice} />
          <SdkSetup dsn={setupKey.dsn} />
        </>
      ) : keys.isSuccess ? (
        <p className="muted">Every key is revoked: create a key to get a DSN.</p>
      ) : null}
    </section>
  );
}

function CreateKeyForm({
  projectId,
  onCreated,
}: {
  projectId: number;
  onCreated: (key: ProjectKey) => void;
}) {
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: (label: string) =>
      ok(
        api.POST('/api/v1/projects/{id}/keys', {
          params: { path: { id: String(projectId) } },
          body: { label },
        }),
      ),
    onSuccess: async (key) => {
      await queryClient.invalidateQueries({ queryKey: projectKeysQuery(projectId).queryKey });
      onCreated(key);
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const label = String(new FormData(form).get('label') ?? '');
    create.mutate(label, { onSuccess: () => form.reset() });
  };
  return (
    <form className="inline-form" onSubmit={submit}>
      <label className="field">
        <span>New key’s label</span>
        <input name="label" required maxLength={100} placeholder="Web shop, browser" />
      </label>
      <button type="submit" className="button button-primary" disabled={create.isPending}>
        Create key
      </button>
      {create.isError ? <ErrorNotice error={create.error} /> : null}
      {create.isSuccess ? (
        <p role="status" className="notice notice-ok">
          Key “{create.data.label}” created: its snippets are below.
        </p>
      ) : null}
    </form>
  );
}

function KeyCard({
  projectId,
  apiKey,
  canManage,
}: {
  projectId: number;
  apiKey: ProjectKey;
  canManage: boolean;
}) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: projectKeysQuery(projectId).queryKey });
  const params = { path: { id: String(projectId), keyId: String(apiKey.id) } };
  const revoke = useMutation({
    mutationFn: () => ok(api.POST('/api/v1/projects/{id}/keys/{keyId}/revoke', { params })),
    onSuccess: refresh,
  });
  const revoked = apiKey.revokedAt !== null;
  return (
    <li className={`key-card${revoked ? ' is-revoked' : ''}`}>
      <div className="key-head">
        <strong className="key-label">{apiKey.label}</strong>
        {revoked ? (
          <span className="badge">
            revoked <RelativeTime iso={apiKey.revokedAt!} />
          </span>
        ) : (
          <span className="badge badge-resolved">active</span>
        )}
      </div>
      <div className="dsn-line">
        <span className="dsn-label">DSN</span>
        <code className="mono dsn-value">{apiKey.dsn}</code>
        <CopyButton text={apiKey.dsn} what={`the DSN of ${apiKey.label}`} />
      </div>
      <dl className="facts key-facts">
        <div>
          <dt>Created</dt>
          <dd>
            <RelativeTime iso={apiKey.createdAt} />
          </dd>
        </div>
        <div>
          <dt>Rate limit</dt>
          <dd>
            {apiKey.rateLimitPerMinute === null
              ? 'none'
              : `${formatCount(apiKey.rateLimitPerMinute)} events / minute`}
          </dd>
        </div>
      </dl>
      {canManage && !revoked ? (
        <div className="key-actions">
          <RateLimitForm projectId={projectId} apiKey={apiKey} onSaved={refresh} />
          <ConfirmButton
            label="Revoke"
            accessibleLabel={`Revoke key ${apiKey.label}`}
            title={`Revoke the key “${apiKey.label}”?`}
            confirmLabel="Revoke the key"
            onConfirm={() => revoke.mutate()}
            disabled={revoke.isPending}
          >
            <p>
              Every SDK still configured with this DSN stops being heard within seconds: Vigie refuses its
              events. A revoked key cannot be restored; create a new one and deploy its DSN first.
            </p>
          </ConfirmButton>
        </div>
      ) : null}
      {revoke.isError ? <ErrorNotice error={revoke.error} /> : null}
    </li>
  );
}

function RateLimitForm({
  projectId,
  apiKey,
  onSaved,
}: {
  projectId: number;
  apiKey: ProjectKey;
  onSaved: () => Promise<void>;
}) {
  const save = useMutation({
    mutationFn: (rateLimitPerMinute: number | null) =>
      ok(
        api.PATCH('/api/v1/projects/{id}/keys/{keyId}', {
          params: { path: { id: String(projectId), keyId: String(apiKey.id) } },
          body: { rateLimitPerMinute },
        }),
      ),
    onSuccess: onSaved,
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget).get('rate') ?? '').trim();
    save.mutate(value === '' ? null : Number(value));
  };
  return (
    <form className="rate-form" onSubmit={submit}>
      <label className="field field-inline">
        <span>Events per minute</span>
        <input
          name="rate"
          type="number"
          min={1}
          max={MAX_RATE}
          step={1}
          inputMode="numeric"
          placeholder="no limit"
          defaultValue={apiKey.rateLimitPerMinute ?? ''}
          aria-describedby={`rate-help-${apiKey.id}`}
        />
      </label>
      <button type="submit" className="button button-small" disabled={save.isPending}>
        Save limit
      </button>
      <span id={`rate-help-${apiKey.id}`} className="muted small">
        Empty: no limit. Past it, Vigie answers 429 until the minute ends.
      </span>
      {save.isSuccess ? (
        <span role="status" className="small ok-text">
          Saved.
        </span>
      ) : null}
      {save.isError ? <ErrorNotice error={save.error} /> : null}
    </form>
  );
}
