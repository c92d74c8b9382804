// One issue: what it is and its status with every triage action, how often it happens (over a range
// kept in the URL, with release markers), its tag breakdown, one of its events in full with links to
// the others (`?event=`), why its events were grouped together with the fingerprints merged into it,
// and its activity with comments.

import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useCan, useCapabilitiesKnown } from '../../api/permissions.ts';
import { issueQuery, projectsQuery } from '../../api/queries.ts';
import type { IssueDetail } from '../../api/types.ts';
import { ErrorNotice, Loading } from '../../ui/notices.tsx';
import { AskTheTeam } from '../escalation/AskTheTeam.tsx';
import { INBOX_QUERY } from '../issues/stream-search.ts';
import { ActivityLog } from './ActivityLog.tsx';
import { Grouping } from './Grouping.tsx';
import { IssueActions } from './IssueActions.tsx';
import { IssueEvent } from './IssueEvent.tsx';
import { IssueHeader } from './IssueHeader.tsx';
import { IssueOwners, useIssueSuggestion } from './IssueOwners.tsx';
import { type GraphRange, graphRangeOf, type IssueSearchParams, rangeParams } from './issue-search.ts';
import { useIssueTriage } from './issue-triage.ts';
import { OccurrenceGraph } from './OccurrenceGraph.tsx';
import { TagBreakdown } from './TagBreakdown.tsx';
import './issue.css';

export function IssuePage() {
  const { issueId } = useParams({ from: '/app/issues/$issueId' });
  const search = useSearch({ from: '/app/issues/$issueId' });
  const issue = useQuery(issueQuery(Number(issueId)));
  const capabilitiesKnown = useCapabilitiesKnown();
  if (issue.isPending || (issue.isSuccess && !capabilitiesKnown)) return <Loading what="the issue" />;
  if (issue.isError) {
    return (
      <div className="page">
        <ErrorNotice error={issue.error} />
      </div>
    );
  }
  return <IssueView issue={issue.data} search={search} />;
}

function IssueView({ issue, search }: { issue: IssueDetail; search: IssueSearchParams }) {
  const project = useQuery({
    ...projectsQuery,
    select: (list) => list.find((p) => p.id === issue.projectId),
  });
  const canTriage = useCan(issue.projectId, 'triage');
  // One triage state for the actions and the suggested owner's one-click assign (one outcome message).
  const triage = useIssueTriage(issue);
  const owners = useIssueSuggestion(issue.id);
  const canManage = useCan(issue.projectId, 'manage');
  const navigate = useNavigate({ from: '/issues/$issueId' });
  const setRange = (range: GraphRange) =>
    void navigate({ search: (prev) => ({ ...prev, ...rangeParams(range) }), replace: true });
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
      {issue.mergedIntoId !== null ? (
        <p className="notice">
          This issue was merged into{' '}
          <Link to="/issues/$issueId" params={{ issueId: String(issue.mergedIntoId) }} search={{}}>
            issue #{issue.mergedIntoId}
          </Link>
          : its events and new ones are there.
        </p>
      ) : null}
      <IssueHeader
        issue={issue}
        owners={
          <IssueOwners
            issue={issue}
            {...owners}
            onAssign={
              canTriage
                ? (choice) =>
                    triage.run(choice.action, `Assign to ${choice.label.replace(/ \(suggested\)$/, '')}`)
                : undefined
            }
            disabled={triage.pending}
          />
        }
        actions={
          canTriage ? (
            <IssueActions issue={issue} canDiscard={canManage} triage={triage} suggested={owners.choice} />
          ) : null
        }
      />
      <AskTheTeam
        projectId={issue.projectId}
        projectName={project.data?.name ?? `project ${projectId}`}
        issueId={issue.id}
        about={issue.title}
      />
      <OccurrenceGraph
        issueId={issue.id}
        projectId={issue.projectId}
        range={graphRangeOf(search)}
        onRangeChange={setRange}
      />
      <div className="issue-columns">
        <div className="issue-main">
          <IssueEvent issueId={issue.id} eventId={search.event} />
          <Grouping issue={issue} canTriage={canTriage} />
          <ActivityLog issueId={issue.id} projectId={issue.projectId} canComment={canTriage} />
        </div>
        <aside className="issue-side" aria-label="Tags">
          <TagBreakdown issueId={issue.id} projectId={issue.projectId} />
        </aside>
      </div>
    </div>
  );
}
