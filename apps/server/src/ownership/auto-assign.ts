// Auto-assignment, in a project whose ownership mode is `auto`: a new or regressed issue nobody is
// assigned to goes to the first known owner of the rule that matched. The activity log records the rule
// as the one who did it (`data.rule`: its text, source, line and matcher); afterwards it is an assignment like any other.

import type { Transaction } from 'kysely';
import { enqueueOutbox, recordActivity, SYSTEM } from '../issues/activity.repository.ts';
import type { Schema } from '../storage/schema.ts';
import { matcherText } from './ownership.presenter.ts';
import { assignIfUnassigned } from './ownership.repository.ts';
import type { OwnershipRule } from './rule.ts';

export async function autoAssign(
  trx: Transaction<Schema>,
  issue: { id: number; project_id: number },
  target: { userId: number | null; teamId: number | null },
  rule: OwnershipRule,
  nowMs: number,
): Promise<boolean> {
  if (!(await assignIfUnassigned(trx, issue.id, target))) return false;
  const assignee = target.userId !== null ? `user:${target.userId}` : `team:${target.teamId}`;
  // The matcher alone too, for the sentence the activity log shows ("by ownership rule `path:src/billing/**`").
  const byRule = {
    text: rule.text,
    source: rule.source,
    line: rule.line,
    matcher: matcherText(rule.source, rule.text),
  };
  const base = { issueId: issue.id, projectId: issue.project_id, atMs: nowMs };
  const data = { assignee, previousAssignee: null, rule: byRule };
  await recordActivity(trx, { ...base, actor: SYSTEM, kind: 'assign', data });
  await enqueueOutbox(trx, {
    ...base,
    topic: 'issue.assigned',
    payload: { issueId: issue.id, projectId: issue.project_id, ...data, actor: SYSTEM },
  });
  return true;
}
