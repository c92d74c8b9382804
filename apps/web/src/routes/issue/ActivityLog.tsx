// What happened to the issue, newest first, in words (who changed its status and how, assigned,
// linked, filed, merged or commented), and a box to add a comment for those who may triage.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, ok } from '../../api/client.ts';
import { asText } from '../../api/event-data.ts';
import { activityQuery, membersQuery } from '../../api/queries.ts';
import type { Member } from '../../api/types.ts';
import { ErrorNotice } from '../../ui/notices.tsx';
import { RelativeTime } from '../../ui/RelativeTime.tsx';
import { describeActivity, type NameOf } from './activity-words.ts';

/** A name for `user:12` or `team:3` from the project's members; the key's number when not found. */
function assigneeNames(members: readonly Member[]): NameOf {
  const names = new Map<string, string>();
  for (const m of members) {
    if (m.user) names.set(`user:${m.user.id}`, m.user.name || m.user.email);
    if (m.team) names.set(`team:${m.team.id}`, `#${m.team.slug}`);
  }
  return (key) =>
    names.get(key) ?? (key.startsWith('team:') ? `team #${key.slice(5)}` : `user #${key.slice(5)}`);
}

export function ActivityLog({
  issueId,
  projectId,
  canComment,
}: {
  issueId: number;
  projectId: number;
  canComment: boolean;
}) {
  const activity = useQuery(activityQuery(issueId));
  const members = useQuery(membersQuery(projectId));
  const nameOf = assigneeNames(members.data ?? []);
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
      {canComment ? (
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
      ) : null}
      {comment.isError ? <ErrorNotice error={comment.error} /> : null}
      {activity.isError ? <ErrorNotice error={activity.error} /> : null}
      <ol className="activity">
        {entries.map((entry) => (
          <li key={entry.id} className={`activity-entry activity-${entry.kind}`}>
            <span className="activity-what">{describeActivity(entry, nameOf)}</span>
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
