// The project's channels: where each goes (never its secret), its last failed delivery, and for managers
// "Send a test" with the delivery's outcome, edit and delete; adding one shows a webhook's signing secret
// once.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { CopyButton } from '../../ui/CopyButton.tsx';
import { ErrorNotice, SkeletonRows } from '../../ui/notices.tsx';
import { RelativeTime } from '../../ui/RelativeTime.tsx';
import { type Channel, channelsQuery, deadLettersQuery } from '../alerts/alerts-queries.ts';
import {
  CHANNEL_KIND_NAMES,
  type ChannelInput,
  createChannel,
  deleteChannel,
  testChannel,
  updateChannel,
} from './alert-settings-queries.ts';
import { CardActions } from './CardActions.tsx';
import { ChannelForm } from './ChannelForm.tsx';

interface Props {
  projectId: number;
  canManage: boolean;
}

export function ChannelsPanel({ projectId, canManage }: Props) {
  const channels = useQuery(channelsQuery(projectId));
  const client = useQueryClient();
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null);
  const create = useMutation({
    mutationFn: (body: ChannelInput) => createChannel(projectId, body),
    onSuccess: (channel) => {
      setSecret(channel.signingSecret ? { name: channel.name, secret: channel.signingSecret } : null);
      return client.invalidateQueries({ queryKey: ['projects', projectId, 'alert-channels'] });
    },
  });
  return (
    <section className="panel settings-section" id="channels" aria-labelledby="channels-title">
      <h2 id="channels-title">Channels</h2>
      <p className="muted">
        Where alerts go: a PagerDuty service (Events API v2), a Slack channel (incoming webhook), any HTTPS
        receiver (a signed webhook) or e-mail. Rules name channels; URLs, keys and secrets are stored
        encrypted and never shown again.
      </p>
      {channels.isPending ? <SkeletonRows rows={2} /> : null}
      {channels.isError ? <ErrorNotice error={channels.error} /> : null}
      {channels.data?.length === 0 ? <p>No channel yet: rules fire, but nothing is sent.</p> : null}
      <ul className="plain-list channel-list">
        {channels.data?.map((channel) => (
          <ChannelCard key={channel.id} projectId={projectId} channel={channel} canManage={canManage} />
        ))}
      </ul>
      {secret ? (
        <div className="notice notice-warning signing-secret" role="status">
          <p>
            <strong>The signing secret of “{secret.name}”</strong>, shown this once: give it to the receiver,
            which checks each request’s <code>webhook-signature</code> with it.
          </p>
          <p className="secret-line">
            <code className="mono">{secret.secret}</code>
            <CopyButton text={secret.secret} what="the signing secret" />
          </p>
          <button type="button" className="button button-small" onClick={() => setSecret(null)}>
            I have saved it
          </button>
        </div>
      ) : null}
      {canManage ? (
        <details className="add-channel">
          <summary className="button">Add a channel</summary>
          <ChannelForm
            // A fresh form after each channel added.
            key={create.data?.id ?? 'new'}
            pending={create.isPending}
            error={create.error}
            onSubmit={(body) => create.mutate(body)}
          />
        </details>
      ) : null}
    </section>
  );
}

function ChannelCard({ projectId, channel, canManage }: Props & { channel: Channel }) {
  const client = useQueryClient();
  const dead = useQuery({
    ...deadLettersQuery(projectId),
    select: (list) => list.filter((d) => d.channelId === channel.id),
  });
  const [editing, setEditing] = useState(false);
  const refresh = () => client.invalidateQueries({ queryKey: ['projects', projectId] });
  const test = useMutation({ mutationFn: () => testChannel(projectId, channel.id), onSettled: refresh });
  const save = useMutation({
    mutationFn: (body: ChannelInput) => {
      const { kind: _kind, ...update } = body;
      return updateChannel(projectId, channel.id, update);
    },
    onSuccess: async () => {
      setEditing(false);
      await refresh();
    },
  });
  const remove = useMutation({ mutationFn: () => deleteChannel(projectId, channel.id), onSuccess: refresh });
  const failed = dead.data?.[0];
  return (
    <li className="channel-card" aria-label={channel.name}>
      <div className="channel-head">
        <strong>{channel.name}</strong>
        <span className="badge">{CHANNEL_KIND_NAMES[channel.kind]}</span>
        <span className="muted small mono channel-target">{channel.target}</span>
        <span className="muted small">
          added <RelativeTime iso={channel.createdAt} />
        </span>
      </div>
      {failed ? (
        <p className="notice notice-error small">
          {dead.data!.length === 1 ? 'A delivery' : `${dead.data!.length} deliveries`} failed for good, the
          latest: {failed.lastError ?? 'no answer'}.{' '}
          <Link to="/projects/$projectId/alerts" params={{ projectId: String(projectId) }}>
            See the alerts and retry
          </Link>
        </p>
      ) : null}
      <CardActions
        kind="channel"
        name={channel.name}
        testLabel="Send a test"
        test={test}
        remove={remove}
        editing={editing}
        onToggleEdit={() => setEditing(!editing)}
        canManage={canManage}
      >
        <p>
          Rules that send to every {CHANNEL_KIND_NAMES[channel.kind]} channel stop sending here. A rule that
          names this channel must be changed first.
        </p>
      </CardActions>
      {editing ? (
        <ChannelForm
          channel={channel}
          pending={save.isPending}
          error={save.error}
          onSubmit={(body) => save.mutate(body)}
          onCancel={() => setEditing(false)}
        />
      ) : null}
    </li>
  );
}
