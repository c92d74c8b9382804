// The stream's list of issues as a table: a checkbox per row (and one for the page), the highlighted
// row that keyboard shortcuts act on, and the columns of IssueRow.

import type { TriagedIssue } from '../../api/types.ts';
import { IssueRow } from './IssueRow.tsx';

interface Props {
  issues: TriagedIssue[];
  focusedId: number | null;
  selected: ReadonlySet<number>;
  onFocusRow: (id: number) => void;
  onToggle: (id: number) => void;
  onToggleAll: () => void;
}

export function StreamTable({ issues, focusedId, selected, onFocusRow, onToggle, onToggleAll }: Props) {
  const all = issues.length > 0 && issues.every((i) => selected.has(i.id));
  return (
    <table className="stream">
      <caption className="visually-hidden">Issues (j and k move, x selects, ? lists the shortcuts)</caption>
      <thead>
        <tr className="stream-row stream-header">
          <th scope="col" className="col-select">
            <input
              type="checkbox"
              checked={all}
              onChange={onToggleAll}
              aria-label="Select every issue on this page"
            />
          </th>
          <th scope="col" className="col-issue">
            Issue
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
            focused={issue.id === focusedId}
            selected={selected.has(issue.id)}
            onFocus={() => onFocusRow(issue.id)}
            onToggle={() => onToggle(issue.id)}
          />
        ))}
      </tbody>
    </table>
  );
}
