// How a week's triage went: who was on duty, the issues dispatched grouped by what was done to them,
// how long they had waited, and what from that week still waits in the inbox. Previous / next week
// move through the weeks (the URL keeps the week shown).

import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { LevelMark } from '../../ui/badges.tsx';
import { formatCount } from '../../ui/format.ts';
import { ErrorNotice, Loading } from '../../ui/notices.tsx';
import { RelativeTime } from '../../ui/RelativeTime.tsx';
import { OUTCOME_LABELS, type Outcome, reportQuery, type TriageReport } from './triage-queries.ts';
import { weekAfter, weekSpan } from './weeks.ts';

type ReportIssue = TriageReport['leftInInboxIssues'][number] | TriageReport['dispatchedIssues'][number];

export function WeekReport({ projectId, week }: { projectId: number; week: string | undefined }) {
  const report = useQuery(reportQuery(projectId, week));
  const data = report.data;
  const projectIdText = String(projectId);
  const isCurrentWeek = data ? Date.parse(data.endsAt) > Date.now() : false;
  return (
    <section className="panel" aria-labelledby="report-heading" aria-busy={report.isFetching}>
      <div className="section-head">
        <h2 id="report-heading">
          {data ? `Week ${data.week.replace(/^\d{4}-W0?/, '')}: ${weekSpan(data.startsAt)}` : 'Last week'}
        </h2>
        {data ? (
          <nav aria-label="Weeks" className="week-nav">
            <Link
              to="/projects/$projectId/triage"
              params={{ projectId: projectIdText }}
              search={{ week: weekAfter(data.startsAt, -1) }}
              className="button button-small"
            >
              ← Previous week
            </Link>
            {isCurrentWeek ? null : (
              <Link
                to="/projects/$projectId/triage"
                params={{ projectId: projectIdText }}
                search={{ week: weekAfter(data.startsAt, 1) }}
                className="button button-small"
              >
                Next week →
              </Link>
            )}
          </nav>
        ) : null}
      </div>
      {report.isPending ? <Loading what="the week's report" /> : null}
      {report.isError ? <ErrorNotice error={report.error} /> : null}
      {data ? <ReportBody report={data} /> : null}
    </section>
  );
}

function ReportBody({ report }: { report: TriageReport }) {
  const byOutcome = groupByOutcome(report.dispatchedIssues);
  return (
    <>
      <dl className="report-facts">
        <div>
          <dt>On duty</dt>
          <dd>{report.onDuty ? report.onDuty.name || report.onDuty.email : 'Nobody (no rotation)'}</dd>
        </div>
        <div>
          <dt>Issues dispatched</dt>
          <dd className="report-number">{formatCount(report.dispatched.issues)}</dd>
        </div>
        <div>
          <dt>Median wait before dispatch</dt>
          <dd className="report-number">{duration(report.waited.medianMs)}</dd>
        </div>
        <div>
          <dt>Still in the inbox from then</dt>
          <dd className="report-number">{formatCount(report.leftInInbox)}</dd>
        </div>
      </dl>
      {report.dispatched.issues === 0 ? (
        <p className="muted">Nobody dispatched an issue this week.</p>
      ) : (
        <div className="outcomes">
          {(Object.keys(OUTCOME_LABELS) as Outcome[]).map((outcome) =>
            report.dispatched.byOutcome[outcome] === 0 ? null : (
              <div key={outcome} className="outcome">
                <h3>
                  {OUTCOME_LABELS[outcome]}{' '}
                  <span className="outcome-count">{report.dispatched.byOutcome[outcome]}</span>
                </h3>
                <ReportIssues issues={byOutcome.get(outcome) ?? []} />
              </div>
            ),
          )}
          {report.dispatchedIssues.length < report.dispatched.issues ? (
            <p className="muted small">
              The {report.dispatchedIssues.length} most recently dispatched are listed.
            </p>
          ) : null}
        </div>
      )}
      <h3 className="left-heading">Still open from that week</h3>
      {report.leftInInbox === 0 ? (
        <p className="muted">Nothing: the inbox was cleared.</p>
      ) : (
        <>
          <ReportIssues issues={report.leftInInboxIssues} />
          {report.leftInInboxIssues.length < report.leftInInbox ? (
            <p className="muted small">
              The {report.leftInInboxIssues.length} that waited longest of {formatCount(report.leftInInbox)}.
            </p>
          ) : null}
        </>
      )}
    </>
  );
}

function ReportIssues({ issues }: { issues: ReportIssue[] }) {
  return (
    <ul className="report-issues">
      {issues.map((issue) => (
        <li key={issue.id}>
          <LevelMark level={issue.level} />
          <div className="report-issue-text">
            <Link to="/issues/$issueId" params={{ issueId: String(issue.id) }} className="report-issue-title">
              {issue.title}
            </Link>
            <span className="report-issue-sub">
              <span className={`badge badge-${issue.status === 'resolved' ? 'resolved' : 'muted'}`}>
                {statusNow(issue)}
              </span>
              {issue.externalIssue?.number ? (
                <a href={issue.externalIssue.url} className="small">
                  GitHub #{issue.externalIssue.number}
                </a>
              ) : null}
              {'inboxSince' in issue ? (
                <span className="muted small">
                  waiting since <RelativeTime iso={issue.inboxSince} />
                </span>
              ) : null}
            </span>
          </div>
        </li>
      ))}
    </ul>
  );
}

/** "Now resolved", "Now open (regressed)": where the issue stands today, whatever happened that week. */
function statusNow(issue: ReportIssue): string {
  if (issue.status !== 'unresolved') return `Now ${issue.status}`;
  return issue.substatus ? `Now open (${issue.substatus})` : 'Now open';
}

function groupByOutcome(issues: TriageReport['dispatchedIssues']): Map<Outcome, ReportIssue[]> {
  const groups = new Map<Outcome, ReportIssue[]>();
  for (const issue of issues) {
    for (const outcome of issue.outcomes) groups.set(outcome, [...(groups.get(outcome) ?? []), issue]);
  }
  return groups;
}

/** "3 d 4 h", "25 min": how long issues waited. */
function duration(ms: number | null): string {
  if (ms === null) return '—';
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60 ? `${minutes % 60} min` : ''}`.trim();
  const days = Math.floor(hours / 24);
  return `${days} d${hours % 24 ? ` ${hours % 24} h` : ''}`;
}
