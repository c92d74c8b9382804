// "Ask the team", on a customer's page and an issue's page: support types what the customer asked, and
// Vigie posts it to the project's escalation channel (Slack or a webhook) with the customer, their latest
// errors and links. What was sent, and whether it arrived, is shown back, with the earlier asks.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { useCan } from '../../api/permissions.ts';
import { ErrorNotice } from '../../ui/notices.tsx';
import { RelativeTime } from '../../ui/RelativeTime.tsx';
import { alertSettingsQuery } from '../alert-settings/alert-settings-queries.ts';
import { deliveryWords } from '../alert-settings/delivery-words.ts';
import type { Alert } from '../alerts/alerts-queries.ts';
import { askTheTeam, previousAsksQuery } from './escalation-queries.ts';
import './escalation.css';

interface Props {
  projectId: number;
  projectName: string;
  /** The customer's key (`id:4711`, `email:…`). */
  customer?: string;
  issueId?: number;
  /** What the ask is about, in words, for the dialog: "jane@example.com" or the issue's title. */
  about: string;
}

export function AskTheTeam({ projectId, projectName, customer, issueId, about }: Props) {
  const canAsk = useCan(projectId, 'lookup');
  const canManage = useCan(projectId, 'manage');
  const settings = useQuery({ ...alertSettingsQuery(projectId), enabled: canAsk });
  const asks = useQuery({
    ...previousAsksQuery(projectId, { ...(customer ? { customer } : {}), ...(issueId ? { issueId } : {}) }),
    enabled: canAsk,
  });
  const [open, setOpen] = useState(false);
  const client = useQueryClient();
  const send = useMutation({
    mutationFn: (note: string) =>
      askTheTeam(projectId, { note, ...(customer ? { customer } : {}), ...(issueId ? { issueId } : {}) }),
    onSuccess: async () => {
      setOpen(false);
      await client.invalidateQueries({ queryKey: ['projects', projectId, 'alerts'] });
      if (issueId !== undefined)
        await client.invalidateQueries({ queryKey: ['issues', issueId, 'activity'] });
    },
  });
  if (!canAsk || !settings.data) return null;
  const noChannel = settings.data.escalationChannelId === null;
  return (
    <section className="ask-team" aria-label={`Ask the team of ${projectName}`}>
      {noChannel ? (
        <p className="muted small">
          {projectName} has no support channel, so nobody can ask its team from here yet.{' '}
          {canManage ? (
            <Link
              to="/projects/$projectId/settings/alerts"
              params={{ projectId: String(projectId) }}
              hash="alert-options"
            >
              Choose one in the alert settings
            </Link>
          ) : (
            'Its owners or admins choose one in its alert settings.'
          )}
        </p>
      ) : (
        <button type="button" className="button" onClick={() => setOpen(true)}>
          Ask the team
        </button>
      )}
      {send.isSuccess ? <SentAsk alert={send.data} /> : null}
      {asks.data && asks.data.length > 0 ? <PreviousAsks asks={asks.data} skip={send.data?.id} /> : null}
      <ModalOverlay isOpen={open} onOpenChange={setOpen} isDismissable className="modal-overlay">
        <Modal className="modal">
          <Dialog className="dialog">
            <AskForm
              about={about}
              projectName={projectName}
              pending={send.isPending}
              error={send.error}
              onSend={(note) => send.mutate(note)}
              onCancel={() => setOpen(false)}
            />
          </Dialog>
        </Modal>
      </ModalOverlay>
    </section>
  );
}

function AskForm({
  about,
  projectName,
  pending,
  error,
  onSend,
  onCancel,
}: {
  about: string;
  projectName: string;
  pending: boolean;
  error: unknown;
  onSend: (note: string) => void;
  onCancel: () => void;
}) {
  const [note, setNote] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (note.trim() !== '') onSend(note.trim());
  };
  return (
    <form onSubmit={submit} className="form">
      <Heading slot="title">Ask the team of {projectName}</Heading>
      <p className="muted small">
        About <strong>{about}</strong>. The team’s support channel gets your note with the customer’s latest
        errors and links to them.
      </p>
      <div className="field">
        <label htmlFor="ask-note">What the customer asked, or what you need</label>
        <textarea
          id="ask-note"
          rows={5}
          maxLength={2000}
          required
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder="She cannot pay since this morning and sees “Something went wrong”. Is this known?"
        />
      </div>
      {error ? <ErrorNotice error={error} title="Not sent:" /> : null}
      <div className="dialog-actions">
        <button type="button" className="button button-quiet" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={pending || note.trim() === ''}>
          {pending ? 'Sending…' : 'Send to the team'}
        </button>
      </div>
    </form>
  );
}

/** What went to the channel: the note, the context and the links, and whether it arrived. */
function SentAsk({ alert }: { alert: Alert }) {
  const sentNote = (alert.details as { note?: unknown }).note;
  const note = typeof sentNote === 'string' ? sentNote : alert.why;
  const delivered = alert.deliveries.every((d) => d.status === 'delivered');
  return (
    <div role="status" className={`notice sent-ask ${delivered ? 'notice-ok' : 'notice-error'}`}>
      <p>
        <strong>{delivered ? 'Sent to the team.' : 'Not delivered yet.'}</strong>{' '}
        {alert.deliveries.map((d) => deliveryWords(d)).join('; ')}
      </p>
      <p className="muted small">What the team got:</p>
      <blockquote className="sent-message">
        <p className="sent-title">{alert.title}</p>
        <p className="sent-note">{note}</p>
      </blockquote>
    </div>
  );
}

function PreviousAsks({ asks, skip }: { asks: readonly Alert[]; skip: number | undefined }) {
  const shown = asks.filter((a) => a.id !== skip);
  if (shown.length === 0) return null;
  return (
    <details className="previous-asks">
      <summary className="small">
        Asked before: {shown.length} time{shown.length === 1 ? '' : 's'}
      </summary>
      <ol className="plain-list">
        {shown.map((ask) => (
          <li key={ask.id} className="small">
            <RelativeTime iso={ask.createdAt} /> · {ask.why}{' '}
            <span className="muted">({ask.deliveries.map((d) => d.status).join(', ') || 'not sent'})</span>
          </li>
        ))}
      </ol>
    </details>
  );
}
