// The stream's list of issues as a table: a checkbox per row (and one for the page), the highlighted
// row that keyboard shortcuts act on, and the columns of IssueRow.

import type { IssuePage } from '../../api/types.ts';
import { IssueRow } from './IssueRow.tsx';
import type { Suggestion } from './SuggestedOwner.tsx';
import type { SparklinePeriod } from './stream-search.ts';

interface Props {
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
