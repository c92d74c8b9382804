// The top of the issue page: level and title, culprit, the status in words with who changed it and
// when, the assignee and the linked external issue, the counts, the suggested owner, and (for those who may triage) the
// actions.

import type { ReactNode } from 'react';
import type { IssueDetail } from '../../api/types.ts';
import { LevelMark } from '../../ui/badges.tsx';
import { formatCount } from '../../ui/format.ts';
import { RelativeTime } from '../../ui/RelativeTime.tsx';
import { statusWords } from './status-words.ts';

const INBOX_REASONS: Record<string, string> = {
  new: 'new',
  regressed: 'regressed',
  unsnoozed: 'back from snooze',
  escalating: 'escalating',
};

export function IssueHeader({
  issue,
  owners,
  actions,
}: {
  issue: IssueDetail;
  /** The suggested owner (ownership rules), under the facts. */
  owners?: ReactNode;
  actions: ReactNode;
}) {
  const status = statusWords(issue);
  const external = issue.externalIssue;
  return (
    <header className="issue-head">
      <div className="issue-heading">
        <LevelMark level={issue.level} />
        <h1 className="issue-h1">{issue.title}</h1>
      </div>
      {issue.culprit ? <p className="culprit mono">{issue.culprit}</p> : null}
      <p className="issue-status">
        <strong className={`status status-${issue.status}`}>{status.what}</strong>
        {status.by ? (
          <span className="muted">
            {' '}
            · by {status.by}
            {status.at ? (
              <>
                {' '}
                <RelativeTime iso={status.at} />
              </>
            ) : null}
          </span>
        ) : null}
        {issue.inbox ? (
          <span className="badge badge-new">
            in the inbox: {INBOX_REASONS[issue.inbox.reason] ?? issue.inbox.reason}
          </span>
        ) : null}
      </p>
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
        <div>
          <dt>Assignee</dt>
          <dd className="assignee">
            {issue.assignee
              ? issue.assignee.type === 'team'
                ? `#${issue.assignee.slug ?? issue.assignee.name}`
                : issue.assignee.name
              : 'nobody'}
          </dd>
        </div>
        {external ? (
          <div>
            <dt>Linked issue</dt>
            <dd>
              {/^https?:\/\//.test(external.url) ? (
                <a href={external.url} target="_blank" rel="noreferrer noopener">
                  {external.number === null ? external.url : `GitHub #${external.number}`}
                </a>
              ) : (
                external.url
              )}
            </dd>
          </div>
        ) : null}
      </dl>
      {owners}
      {actions}
    </header>
  );
}
