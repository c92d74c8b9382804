// The fields of a channel, for its kind: PagerDuty's routing key (and Events API URL), Slack's incoming
// webhook URL, a webhook receiver's URL, e-mail recipients. Editing leaves empty secrets as they are.

import { type FormEvent, useState } from 'react';
import { ErrorNotice } from '../../ui/notices.tsx';
import { SelectField } from '../../ui/SelectField.tsx';
import { TextField } from '../../ui/TextField.tsx';
import type { Channel } from '../alerts/alerts-queries.ts';
import { CHANNEL_KIND_NAMES, type ChannelInput } from './alert-settings-queries.ts';
import { type ChannelKind, KINDS } from './rule-form.ts';

interface Props {
  /** The channel being edited; none: a new one. */
  channel?: Channel;
  pending: boolean;
  error: unknown;
  onSubmit: (body: ChannelInput) => void;
  onCancel?: () => void;
}

const recipients = (text: string) =>
  text
    .split(/[,\s;]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');

export function ChannelForm({ channel, pending, error, onSubmit, onCancel }: Props) {
  const [kind, setKind] = useState<ChannelKind>(channel?.kind ?? 'slack');
  const editing = channel !== undefined;
  const keep = editing ? 'set: leave empty to keep it' : undefined;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const to = recipients(text('to'));
    onSubmit({
      kind,
      name: text('name'),
      ...(text('url') ? { url: text('url') } : {}),
      ...(text('routingKey') ? { routingKey: text('routingKey') } : {}),
      ...(to.length > 0 ? { to } : {}),
    });
  };
  return (
    <form
      className="form channel-form"
      onSubmit={submit}
      aria-label={editing ? `Edit ${channel.name}` : 'Add a channel'}
    >
      {editing ? null : (
        <SelectField label="Kind" value={kind} onChange={(e) => setKind(e.target.value as ChannelKind)}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {CHANNEL_KIND_NAMES[k]}
            </option>
          ))}
        </SelectField>
      )}
      <TextField
        label="Name"
        name="name"
        required
        maxLength={200}
        defaultValue={channel?.name ?? ''}
        placeholder={kind === 'slack' ? '#errors' : kind === 'pagerduty' ? 'On-call' : ''}
        autoComplete="off"
      />
      {kind === 'pagerduty' ? (
        <>
          <TextField
            label="Routing key"
            hint="The 32-character integration key of an Events API v2 integration on the PagerDuty service. Stored encrypted, never shown again."
            name="routingKey"
            required={!editing}
            pattern="[A-Za-z0-9]{32}"
            autoComplete="off"
            spellCheck={false}
            className="mono"
            {...(keep ? { placeholder: keep } : {})}
          />
          <TextField
            label="Events API URL (optional)"
            hint="https://events.pagerduty.com/v2/enqueue unless your account is in another service region (https://events.eu.pagerduty.com/v2/enqueue)."
            name="url"
            type="url"
            autoComplete="off"
            placeholder={editing ? 'leave empty to keep it' : 'https://events.pagerduty.com/v2/enqueue'}
          />
        </>
      ) : null}
      {kind === 'slack' || kind === 'webhook' ? (
        <TextField
          label={kind === 'slack' ? 'Incoming webhook URL' : 'Receiver URL'}
          hint={
            kind === 'slack'
              ? 'From the Slack app’s Incoming Webhooks page: https://hooks.slack.com/services/…. Stored encrypted, never shown again.'
              : 'Vigie POSTs JSON signed with Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature). The signing secret is shown once, when the channel is added.'
          }
          name="url"
          type="url"
          required={!editing}
          autoComplete="off"
          spellCheck={false}
          placeholder={keep ?? (kind === 'slack' ? 'https://hooks.slack.com/services/…' : 'https://')}
        />
      ) : null}
      {kind === 'email' ? (
        <TextField
          label="Recipients"
          hint="E-mail addresses, separated by commas. Sent through the SMTP server in VIGIE_SMTP_URL."
          name="to"
          required={!editing}
          autoComplete="off"
          defaultValue={editing ? channel.target : ''}
          placeholder="oncall@example.com, lead@example.com"
        />
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={pending}>
          {editing ? 'Save channel' : 'Add channel'}
        </button>
        {onCancel ? (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
      {error ? <ErrorNotice error={error} /> : null}
    </form>
  );
}
