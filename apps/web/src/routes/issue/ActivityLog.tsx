// What happened to the issue, newest first (status changes, assignments, reviews, links, comments,
// with who did them), and a box to add a comment.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, ok } from '../../api/client.ts';
import { asText } from '../../api/event-data.ts';
import { activityQuery } from '../../api/queries.ts';
import type { ActivityEntry } from '../../api/types.ts';
import { ErrorNotice } from '../../ui/notices.tsx';
import { RelativeTime } from '../../ui/RelativeTime.tsx';

const who = (entry: ActivityEntry) =>
  entry.actor.email ??
  (entry.actor.type === 'token' ? 'an API token' : entry.actor.type === 'system' ? 'Vigie' : 'someone');

const state = (s: ActivityEntry['from']) =>
  s === null ? '' : s.substatus ? `${s.status} (${s.substatus})` : s.status;

function describe(entry: ActivityEntry): string {
  switch (entry.kind) {
    case 'created':
      return 'First seen';
    case 'status':
      return `${who(entry)} changed the status from ${state(entry.from)} to ${state(entry.to)}${entry.reason ? ` (${entry.reason})` : ''}`;
    case 'review':
      return `${who(entry)} marked it reviewed`;
    case 'assign':
      return `${who(entry)} assigned it${entry.data.assignee ? ` to ${asText(entry.data.assignee)}` : ''}`;
    case 'unassign':
      return `${who(entry)} unassigned it`;
    case 'link':
      return `${who(entry)} linked ${asText(entry.data.url ?? 'an external issue')}`;
    case 'comment':
      return `${who(entry)} commented`;
    default:
      return `${entry.kind}${entry.actor.type === 'system' ? '' : ` by ${who(entry)}`}`;
  }
}

export function ActivityLog({ issueId }: { issueId: number }) {
  const activity = useQuery(activityQuery(issueId));
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const comment = useMutation({
    mutationFn: (body: string) =>
      ok(
        api.POST('/api/v1/issues/{id}/comments', {
          params: { path: { id: String(issueId) } },
          body: { text: body },
        }),
      ),
    onSuccess: async () => {
      setText('');
      await queryClient.invalidateQueries({ queryKey: activityQuery(issueId).queryKey });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() !== '') comment.mutate(text.trim());
  };
  const entries = [...(activity.data?.activity ?? [])].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <section className="panel" aria-labelledby="activity-heading">
      <h2 id="activity-heading">Activity</h2>
      <form onSubmit={submit} className="comment-form">
        <label htmlFor="comment" className="visually-hidden">
          Comment
        </label>
        <textarea
          id="comment"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="Add a comment: what you found, who should look…"
          rows={2}
          maxLength={10_000}
        />
        <button type="submit" className="button" disabled={comment.isPending || text.trim() === ''}>
          Comment
        </button>
      </form>
      {comment.isError ? <ErrorNotice error={comment.error} /> : null}
      {activity.isError ? <ErrorNotice error={activity.error} /> : null}
      <ol className="activity">
        {entries.map((entry) => (
          <li key={entry.id} className={`activity-entry activity-${entry.kind}`}>
            <span className="activity-what">{describe(entry)}</span>
            <span className="muted small">
              {' '}
              <RelativeTime iso={entry.at} />
            </span>
            {entry.kind === 'comment' ? <p className="comment-text">{asText(entry.data.text)}</p> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
