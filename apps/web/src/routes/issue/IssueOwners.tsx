// The issue's suggested owner on its page (ownership rules, docs/ownership.md): who, and why ("owned by
// #billing: src/billing/invoice.ts matched `path:src/billing/**`"), with one click to assign it for those
// who may triage. Nothing shows when the project's rules name no one for the issue, or ownership is off.

import { useQuery } from '@tanstack/react-query';
import { issueOwnersQuery, type OwnershipSuggestion } from '../../api/ownership-queries.ts';
import type { IssueDetail } from '../../api/types.ts';
import type { AssignChoice } from '../issues/AssignMenu.tsx';
import { suggestedChoice } from '../issues/SuggestedOwner.tsx';

/** The issue's suggestion, and the assign menu's first choice from it; null while none. */
export function useIssueSuggestion(issueId: number): {
  suggestion: OwnershipSuggestion | null;
  choice: AssignChoice | null;
} {
  const owners = useQuery(issueOwnersQuery(issueId));
  const suggestion = owners.data?.suggestion ?? null;
  return { suggestion, choice: suggestedChoice(suggestion) };
}

const assigneeKey = (assignee: IssueDetail['assignee']) =>
  assignee ? `${assignee.type}:${assignee.id}` : null;

export function IssueOwners({
  issue,
  suggestion,
  choice,
  onAssign,
  disabled,
}: {
  issue: IssueDetail;
  suggestion: OwnershipSuggestion | null;
  choice: AssignChoice | null;
  /** Absent for those who may not triage. */
  onAssign?: ((choice: AssignChoice) => void) | undefined;
  disabled: boolean;
}) {
  if (!suggestion) return null;
  const assigned = choice?.action.type === 'assign' && choice.action.assignee === assigneeKey(issue.assignee);
  const name = choice?.label.replace(/ \(suggested\)$/, '');
  return (
    <div className="issue-owners">
      <span className="muted small issue-owners-label">Suggested owner</span>{' '}
      <span className="issue-owners-why">{suggestion.explanation}</span>
      {suggestion.owners.some((o) => o.type === 'unknown') ? (
        <span className="muted small">
          {' '}
          (
          {suggestion.owners
            .filter((o) => o.type === 'unknown')
            .map((o) => `${o.label}: ${o.reason ?? 'unknown'}`)
            .join('; ')}
          )
        </span>
      ) : null}
      {choice && onAssign && !assigned ? (
        <>
          {' '}
          <button
            type="button"
            className="button button-small"
            disabled={disabled}
            onClick={() => onAssign(choice)}
          >
            Assign to {name}
          </button>
        </>
      ) : null}
      {assigned ? <span className="muted small"> · assigned</span> : null}
    </div>
  );
}
