// One issue in the stream: what broke and where, how often and for how many, since when, who owns it.

import { Link } from '@tanstack/react-router';
import type { IssuePage } from '../../api/types.ts';
import { Badges, LevelMark } from '../../ui/badges.tsx';
import type { PlacedDeploy } from '../../ui/deploy-marks.ts';
import { formatCount } from '../../ui/format.ts';
import { RelativeTime } from '../../ui/RelativeTime.tsx';
import { Sparkline } from '../../ui/Sparkline.tsx';
import { SuggestedOwner, type Suggestion } from './SuggestedOwner.tsx';
import type { SparklinePeriod } from './stream-search.ts';

interface Props {
  issue: IssuePage['issues'][number];
  period: SparklinePeriod;
  /** The project's deploys within the sparkline's span. */
  deploys: readonly PlacedDeploy[];
  /** Without the triage capability, rows have no checkbox. */
  canTriage: boolean;
  /** The row keyboard shortcuts act on. */
  focused: boolean;
  selected: boolean;
  onFocus: () => void;
  onToggle: () => void;
  /** Whom the ownership rules suggest, shown while nobody is assigned. */
  suggestion?: Suggestion | undefined;
}

export function IssueRow(props: Props) {
  const { issue, period, deploys, canTriage, focused, selected, onFocus, onToggle, suggestion } = props;
  const assignee = issue.assignee;
  const classes = ['stream-row', focused ? 'is-focused' : '', selected ? 'is-selected' : ''].filter(Boolean);
  return (
    <tr className={classes.join(' ')} data-issue-id={issue.id} onFocus={onFocus}>
      {canTriage ? (
        <td className="col-select">
          <input
            type="checkbox"
            checked={selected}
            onChange={onToggle}
            aria-label={`Select: ${issue.title}`}
          />
        </td>
      ) : null}
      <td className="col-issue">
        <div className="issue-cell">
          <LevelMark level={issue.level} />
          <div className="issue-text">
            <Link to="/issues/$issueId" params={{ issueId: String(issue.id) }} className="issue-title">
              {issue.title}
            </Link>
            <div className="issue-sub">
              {issue.culprit ? <span className="culprit mono">{issue.culprit}</span> : null}
              <Badges issue={issue} />
            </div>
          </div>
        </div>
      </td>
      <td className="col-graph">
        {issue.stats ? <Sparkline counts={issue.stats.counts} period={period} deploys={deploys} /> : null}
      </td>
      <td className="col-num" title={`${issue.count} events`}>
        <span className="cell-label">Events </span>
        {formatCount(issue.count)}
      </td>
      <td className="col-num" title={`${issue.userCount} users`}>
        <span className="cell-label">Users </span>
        {formatCount(issue.userCount)}
      </td>
      <td className="col-time col-last">
        <span className="cell-label">Last seen </span>
        <RelativeTime iso={issue.lastSeen} />
      </td>
      <td className="col-time col-first">
        <span className="cell-label">First seen </span>
        <RelativeTime iso={issue.firstSeen} />
      </td>
      <td className="col-assignee">
        {assignee ? (
          <span className="assignee" title={assignee.email ?? assignee.slug ?? assignee.name}>
            {assignee.type === 'team' ? `#${assignee.slug ?? assignee.name}` : assignee.name}
          </span>
        ) : suggestion ? (
          <SuggestedOwner suggestion={suggestion} />
        ) : (
          <span className="muted">
            <span className="cell-label">Assignee: </span>—
          </span>
        )}
      </td>
    </tr>
  );
}
