// The stream's list of issues as a table: a checkbox per row (and one for the page), the highlighted
// row that keyboard shortcuts act on, and the columns of IssueRow. Every row's sparkline covers the same
// span, so the project's deploys in it are read once, for all of them.

import { useDeployMarks } from '../../api/deploy-queries.ts';
import type { IssuePage } from '../../api/types.ts';
import { placeDeploys, sparkSpan } from '../../ui/deploy-marks.ts';
import { IssueRow } from './IssueRow.tsx';
import type { Suggestion } from './SuggestedOwner.tsx';
import type { SparklinePeriod } from './stream-search.ts';

interface Props {
  projectId: number;
  issues: IssuePage['issues'];
  period: SparklinePeriod;
  canTriage: boolean;
  focusedId: number | null;
  selected: ReadonlySet<number>;
  onFocusRow: (id: number) => void;
  onToggle: (id: number) => void;
  onToggleAll: () => void;
  /** Suggested owners (ownership rules) by issue id. */
  suggestions?: ReadonlyMap<number, Suggestion>;
}

export function StreamTable(props: Props) {
  const { issues, period, canTriage, focusedId, selected, onFocusRow, onToggle, onToggleAll } = props;
  const all = issues.length > 0 && issues.every((i) => selected.has(i.id));
  const stats = issues.find((i) => i.stats)?.stats;
  const span = stats ? sparkSpan(stats) : null;
  const deploys = useDeployMarks([props.projectId], span);
  const placed = span ? placeDeploys(deploys, span) : [];
  return (
    <table className="stream">
      <caption className="visually-hidden">
        {canTriage
          ? 'Issues (j and k move, x selects, ? lists the shortcuts)'
          : 'Issues (j and k move, o opens, ? lists the shortcuts)'}
      </caption>
      <thead>
        <tr className="stream-row stream-header">
          {canTriage ? (
            <th scope="col" className="col-select">
              <input
                type="checkbox"
                checked={all}
                onChange={onToggleAll}
                aria-label="Select every issue on this page"
              />
            </th>
          ) : null}
          <th scope="col" className="col-issue">
            Issue
          </th>
          <th scope="col" className="col-graph">
            {period === '24h' ? 'Last 24 h' : 'Last 14 d'}
          </th>
          <th scope="col" className="col-num">
            Events
          </th>
          <th scope="col" className="col-num">
            Users
          </th>
          <th scope="col" className="col-time">
            Last seen
          </th>
          <th scope="col" className="col-time">
            First seen
          </th>
          <th scope="col" className="col-assignee">
            Assignee
          </th>
        </tr>
      </thead>
      <tbody>
        {issues.map((issue) => (
          <IssueRow
            key={issue.id}
            issue={issue}
            period={period}
            deploys={placed}
            canTriage={canTriage}
            focused={issue.id === focusedId}
            selected={selected.has(issue.id)}
            onFocus={() => onFocusRow(issue.id)}
            onToggle={() => onToggle(issue.id)}
            suggestion={props.suggestions?.get(issue.id)}
          />
        ))}
      </tbody>
    </table>
  );
}
