// The project's alert settings: the spike detector's false-page budget, the channel "Ask the team" posts
// to, and the weekly digest (channel and Monday time).

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { ErrorNotice, SkeletonRows } from '../../ui/notices.tsx';
import { SelectField } from '../../ui/SelectField.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { type Channel, channelsQuery } from '../alerts/alerts-queries.ts';
import {
  type AlertSettings,
  alertSettingsQuery,
  type SettingsInput,
  saveAlertSettings,
} from './alert-settings-queries.ts';

interface Props {
  projectId: number;
  canManage: boolean;
}

export function AlertOptionsPanel({ projectId, canManage }: Props) {
  const settings = useQuery(alertSettingsQuery(projectId));
  const channels = useQuery(channelsQuery(projectId));
  return (
    <section className="panel settings-section" id="alert-options" aria-labelledby="alert-options-title">
      <h2 id="alert-options-title">Paging budget, support channel and weekly digest</h2>
      {settings.isPending || channels.isPending ? <SkeletonRows rows={3} /> : null}
      {settings.isError ? <ErrorNotice error={settings.error} /> : null}
      {settings.isSuccess && channels.isSuccess ? (
        <OptionsForm
          projectId={projectId}
          settings={settings.data}
          channels={channels.data}
          canManage={canManage}
        />
      ) : null}
    </section>
  );
}

function OptionsForm({
  projectId,
  settings,
  channels,
  canManage,
}: Props & { settings: AlertSettings; channels: readonly Channel[] }) {
  const client = useQueryClient();
  const save = useMutation({
    mutationFn: (body: SettingsInput) => saveAlertSettings(projectId, body),
    onSuccess: (saved) => client.setQueryData(alertSettingsQuery(projectId).queryKey, saved),
  });
  const of = (kinds: readonly Channel['kind'][]) => channels.filter((c) => kinds.includes(c.kind));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const id = (name: string) => (data.get(name) ? Number(data.get(name)) : null);
    save.mutate({
      falsePagesPerDay: Number(data.get('falsePagesPerDay')),
      escalationChannelId: id('escalationChannelId'),
      weeklyDigest: { channelId: id('digestChannelId'), time: String(data.get('digestTime')) },
    });
  };
  return (
    <form className="form narrow-form" onSubmit={submit} key={JSON.stringify(settings)}>
      <fieldset disabled={!canManage} className="rule-fieldset">
        <legend className="visually-hidden">Alert settings</legend>
        <TextField
          label="False pages a day, at most"
          hint="The spike detector’s budget: how many pages a day pure noise may cause, on average (default 0.5). Lower pages less often and later; higher catches smaller spikes."
          name="falsePagesPerDay"
          type="number"
          min={0.01}
          max={100}
          step={0.01}
          required
          defaultValue={settings.falsePagesPerDay}
          className="num short-input"
        />
        <SelectField
          label="“Ask the team” posts to"
          name="escalationChannelId"
          defaultValue={settings.escalationChannelId ?? ''}
        >
          <option value="">nowhere (support cannot ask)</option>
          {of(['slack', 'webhook']).map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} ({c.kind})
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Weekly digest to"
          name="digestChannelId"
          defaultValue={settings.weeklyDigest.channelId ?? ''}
        >
          <option value="">no digest</option>
          {of(['slack', 'email']).map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} ({c.kind === 'email' ? 'e-mail to the developer on duty' : c.kind})
            </option>
          ))}
        </SelectField>
        <TextField
          label="On Mondays at (UTC)"
          name="digestTime"
          type="time"
          required
          defaultValue={settings.weeklyDigest.time}
          className="short-input"
        />
        {canManage ? (
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={save.isPending}>
              Save settings
            </button>
          </div>
        ) : (
          <p className="muted small">Only the project’s owners and admins change these settings.</p>
        )}
      </fieldset>
      {save.isError ? <ErrorNotice error={save.error} /> : null}
      {save.isSuccess ? (
        <p role="status" className="notice notice-ok">
          Saved.
        </p>
      ) : null}
    </form>
  );
}
