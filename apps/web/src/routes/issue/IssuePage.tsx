// One issue: what it is and its status with every triage action, how often it happens, the latest
// event in full (exception chain, breadcrumbs, request, user, contexts, tags, SDK, raw JSON), why
// its events were grouped together, and its activity with comments.

import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { issueQuery, projectsQuery } from '../../api/queries.ts';
import { failures, type TriageAction, useTriage } from '../../api/triage.ts';
import type { IssueDetail } from '../../api/types.ts';
import { Badges, LevelMark } from '../../ui/badges.tsx';
import { formatCount } from '../../ui/format.ts';
import { ErrorNotice, Loading } from '../../ui/notices.tsx';
import { RelativeTime } from '../../ui/RelativeTime.tsx';
import { INBOX_QUERY } from '../issues/stream-search.ts';
import { TriageMenus } from '../issues/TriageMenus.tsx';
import { ActivityLog } from './ActivityLog.tsx';
import { EventDetails } from './EventDetails.tsx';
import { GroupingReason } from './GroupingReason.tsx';
import { OccurrenceGraph } from './OccurrenceGraph.tsx';

export function IssuePage() {
  const { issueId } = useParams({ from: '/app/issues/$issueId' });
  const issue = useQuery(issueQuery(Number(issueId)));
  if (issue.isPending) return <Loading what="the issue" />;
  if (issue.isError) {
    return (
      <div className="page">
        <ErrorNotice error={issue.error} />
      </div>
    );
  }
  return <IssueView issue={issue.data} />;
}

function IssueView({ issue }: { issue: IssueDetail }) {
  const project = useQuery({
    ...projectsQuery,
    select: (list) => list.find((p) => p.id === issue.projectId),
  });
  const triage = useTriage(issue.projectId);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const act = (action: TriageAction, label: string) => {
    setOutcome(null);
    triage.mutate(
      { ids: [issue.id], action },
      {
        onSuccess: (results) => {
          const failed = failures(results);
          setOutcome(
            failed.length === 0
              ? { ok: true, text: `${label}: done.` }
              : { ok: false, text: failed.join(' ') },
          );
        },
        onError: (error) => setOutcome({ ok: false, text: error.message }),
      },
    );
  };
  const projectId = String(issue.projectId);
  return (
    <div className="page page-wide issue-page">
      <nav aria-label="Breadcrumb" className="crumbs">
        <Link to="/projects/$projectId/issues" params={{ projectId }} search={{ query: INBOX_QUERY }}>
          {project.data?.name ?? `Project ${projectId}`}
        </Link>
        <span aria-hidden="true"> / </span>
        <span className="mono">#{issue.id}</span>
      </nav>
      <header className="issue-head">
        <div className="issue-heading">
          <LevelMark level={issue.level} />
          <h1 className="issue-h1">{issue.title}</h1>
        </div>
        {issue.culprit ? <p className="culprit mono">{issue.culprit}</p> : null}
        <div className="issue-status">
          <span className={`status status-${issue.status}`}>{issue.status}</span>
          {issue.substatus ? <span className="muted">({issue.substatus})</span> : null}
          <Badges issue={{ ...issue, snooze: null, inbox: null, externalIssue: null, resolution: null }} />
        </div>
        <dl className="facts">
          <div>
            <dt>Events</dt>
            <dd className="num">{formatCount(issue.count)}</dd>
          </div>
          <div>
            <dt>Users</dt>
            <dd className="num">{formatCount(issue.userCount)}</dd>
          </div>
          <div>
            <dt>First seen</dt>
            <dd>
              <RelativeTime iso={issue.firstSeen} />
              {issue.firstRelease ? <span className="muted mono"> in {issue.firstRelease}</span> : null}
            </dd>
          </div>
          <div>
            <dt>Last seen</dt>
            <dd>
              <RelativeTime iso={issue.lastSeen} />
              {issue.lastRelease ? <span className="muted mono"> in {issue.lastRelease}</span> : null}
            </dd>
          </div>
        </dl>
        <TriageMenus
          projectId={issue.projectId}
          status={issue.status}
          lastRelease={issue.lastRelease}
          disabled={triage.isPending}
          onAction={act}
        />
        <div aria-live="polite" className="triage-outcome">
          {outcome ? (
            <p className={outcome.ok ? 'notice notice-ok' : 'notice notice-error'}>{outcome.text}</p>
          ) : null}
        </div>
      </header>
      <OccurrenceGraph stats={issue.stats} />
      {issue.latestEvent ? (
        <EventDetails event={issue.latestEvent} />
      ) : (
        <p className="empty">The events of this issue are no longer stored.</p>
      )}
      <GroupingReason fingerprint={issue.fingerprint} />
      <ActivityLog issueId={issue.id} />
    </div>
  );
}
