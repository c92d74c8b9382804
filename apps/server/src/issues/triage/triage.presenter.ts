// Issue rows to the triage API's JSON: the issue as the read API shows it, plus who owns it, how it is resolved
// or snoozed, whether it waits in the inbox, and the external issue it is linked to. Pure: the assignees' names
// come in loaded (assigneeViews).

import { iso, isoOrNull } from '../../api/schemas.ts';
import type { Issue } from '../../storage/schema.ts';
import { presentIssue } from '../issue.presenter.ts';
import { lifecycleStateOf } from '../lifecycle/issue-state.ts';
import type { IssueLifecycleState } from '../lifecycle/lifecycle.ts';
import { type AssigneeView, assigneeKey, currentAssignee } from './assignment.ts';
import type { TriagedIssue } from './triage.schemas.ts';

export function resolutionView(state: IssueLifecycleState): TriagedIssue['resolution'] {
  if (state.status !== 'resolved') return null;
  const { resolution: r } = state;
  if (r.kind === 'inRelease') return { kind: r.kind, release: r.release };
  if (r.kind === 'inNextRelease') return { kind: r.kind, afterRelease: r.afterRelease };
  return { kind: r.kind };
}

export function snoozeView(state: IssueLifecycleState): TriagedIssue['snooze'] {
  if (state.status !== 'snoozed') return null;
  const { condition: c, baseline } = state.snooze;
  if (c.kind === 'until') return { kind: c.kind, until: iso(c.untilMs), baseline };
  if (c.kind === 'escalating') return { kind: c.kind, baseline };
  return { kind: c.kind, count: c.count, baseline };
}

/** An issue as triage shows it; `assignees` holds its assignee's name (assigneeViews). */
export function presentTriagedIssue(row: Issue, assignees: ReadonlyMap<string, AssigneeView>): TriagedIssue {
  const state = lifecycleStateOf(row);
  const key = assigneeKey(currentAssignee(row));
  return {
    ...presentIssue(row),
    assignee: key === null ? null : (assignees.get(key) ?? null),
    resolution: resolutionView(state),
    snooze: snoozeView(state),
    statusChangedAt: isoOrNull(row.status_changed_at),
    inbox:
      row.inbox_reason !== null && row.inbox_at !== null
        ? { reason: row.inbox_reason, since: iso(row.inbox_at) }
        : null,
    reviewedAt: isoOrNull(row.reviewed_at),
    externalIssue: row.external_url === null ? null : { url: row.external_url, number: row.external_number },
  };
}

export function presentTriagedIssues(
  rows: readonly Issue[],
  assignees: ReadonlyMap<string, AssigneeView>,
): TriagedIssue[] {
  return rows.map((row) => presentTriagedIssue(row, assignees));
}
