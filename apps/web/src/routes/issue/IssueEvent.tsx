// One event of the issue, the latest unless the URL names another (`?event=`), with links to the
// first, older, newer and latest events: each event has its own deep link.

import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { issueEventQuery } from '../../api/issue-queries.ts';
import { ErrorNotice, SkeletonRows } from '../../ui/notices.tsx';
import { RelativeTime } from '../../ui/RelativeTime.tsx';
import { EventDetails } from './EventDetails.tsx';

export function IssueEvent({ issueId, eventId }: { issueId: number; eventId: string | undefined }) {
  const event = useQuery(issueEventQuery(issueId, eventId ?? 'latest'));
  const shown = event.data;
  const nav = shown?.navigation;
  const heading =
    shown === undefined
      ? 'Event'
      : nav?.latest === shown.eventId
        ? 'Latest event'
        : nav?.oldest === shown.eventId
          ? 'First event'
          : 'Event';
  return (
    <section className="event" aria-labelledby="event-heading">
      <div className="section-head event-head">
        <h2 id="event-heading">{heading}</h2>
        {nav ? (
          <nav aria-label="Events of this issue" className="event-nav">
            <EventLink issueId={issueId} to={nav.oldest === shown?.eventId ? null : nav.oldest}>
              <span aria-hidden="true">⇤ </span>First
            </EventLink>
            <EventLink issueId={issueId} to={nav.older}>
              <span aria-hidden="true">← </span>Older
            </EventLink>
            <EventLink issueId={issueId} to={nav.newer}>
              Newer<span aria-hidden="true"> →</span>
            </EventLink>
            <EventLink issueId={issueId} to={nav.latest === shown?.eventId ? null : nav.latest}>
              Latest<span aria-hidden="true"> ⇥</span>
            </EventLink>
          </nav>
        ) : null}
      </div>
      {shown ? (
        <p className="muted small event-meta">
          <span className="mono" title="Event id">
            {shown.eventId}
          </span>{' '}
          · <RelativeTime iso={shown.timestamp} />
          {shown.release ? (
            <>
              {' '}
              · release <span className="mono">{shown.release}</span>
            </>
          ) : null}
          {shown.environment ? <> · {shown.environment}</> : null}
        </p>
      ) : null}
      {event.isError ? <ErrorNotice error={event.error} /> : null}
      {event.isPending ? <SkeletonRows rows={8} /> : null}
      {shown ? <EventDetails event={shown} /> : null}
    </section>
  );
}

/** A link to another event of the issue, or the same words dimmed when there is none that way. */
function EventLink({ issueId, to, children }: { issueId: number; to: string | null; children: ReactNode }) {
  if (to === null) {
    return (
      <span className="button button-small" aria-disabled="true">
        {children}
      </span>
    );
  }
  return (
    <Link
      to="/issues/$issueId"
      params={{ issueId: String(issueId) }}
      search={(prev) => ({ ...prev, event: to })}
      className="button button-small"
    >
      {children}
    </Link>
  );
}
