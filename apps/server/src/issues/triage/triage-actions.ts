// One triage action on one issue, whichever route it came through (PATCH, a verb route, bulk by ids, bulk by
// search): status actions go through the lifecycle (lifecycle/transition.ts), assignment and links are plain
// field changes. Every one of them marks the issue reviewed, writes an activity row and, where alerts care, an
// outbox row, in one transaction.

import type { Kysely, Updateable } from 'kysely';
import type { Caller } from '../../auth/caller.ts';
import { VigieError } from '../../errors.ts';
import type { IssueTable, Schema } from '../../storage/schema.ts';
import { type Actor, actorOf, enqueueOutbox, recordActivity } from '../activity.repository.ts';
import { authorizeIssue } from '../authorized-issue.ts';
import { occurrenceSeries } from '../issue.repository.ts';
import { highestHourlyCount } from '../lifecycle/escalation.ts';
import { inboxColumns } from '../lifecycle/inbox.ts';
import type { LifecycleRow } from '../lifecycle/issue-state.ts';
import type { SnoozeCondition } from '../lifecycle/lifecycle.ts';
import { recentReleases } from '../lifecycle/release-order.repository.ts';
import { releaseComparator } from '../lifecycle/release-order.ts';
import { assertTriageable, type LifecycleInputSource, transitionIssue } from '../lifecycle/transition.ts';
import { type AssigneeTarget, assigneeKey, currentAssignee, resolveAssignee } from './assignment.ts';
import type { TriageCommand } from './triage.schemas.ts';
import { type FieldRow, loadFieldRow, writeFieldChange } from './triage-actions.repository.ts';

type Db = Kysely<Schema>;

/**
 * The project's newest release, which "resolve in the next release" resolves after: semver order where the
 * names are semver, otherwise the order they were first seen in (among the 500 most recently first seen).
 */
export async function newestRelease(db: Db, projectId: number): Promise<string | null> {
  const versions = await recentReleases(db, projectId, 500);
  const rank = new Map(versions.map((version, i) => [version, versions.length - i]));
  const compare = releaseComparator((version) => rank.get(version));
  let newest: string | null = null;
  for (const version of versions) {
    if (newest === null || (compare(version, newest) ?? 0) > 0) newest = version;
  }
  return newest;
}

/**
 * What would be wrong for every issue (an unknown assignee, a snooze date in the past) fails a bulk
 * action as a whole (400) before any issue changes.
 */
export async function checkBulkAction(db: Db, caller: Caller, projectId: number, action: TriageCommand) {
  if (action.type === 'assign') await resolveAssignee(db, caller, projectId, action.assignee);
  if (
    action.type === 'snooze' &&
    action.snooze.kind === 'until' &&
    !(Date.parse(action.snooze.until) > Date.now())
  ) {
    throw new VigieError('invalid_action', { message: 'The snooze date must be in the future.' });
  }
}

function snoozeConditionOf(snooze: Extract<TriageCommand, { type: 'snooze' }>['snooze']): SnoozeCondition {
  return snooze.kind === 'until' ? { kind: 'until', untilMs: Date.parse(snooze.until) } : snooze;
}

/** The lifecycle input a status action becomes; snoozes and next-release resolutions read the issue as it is. */
export function lifecycleInputOf(
  db: Db,
  action: Extract<TriageCommand, { type: 'resolve' | 'unresolve' | 'ignore' | 'snooze' | 'review' }>,
  nowMs: number,
): LifecycleInputSource {
  if (action.type === 'snooze') {
    const condition = snoozeConditionOf(action.snooze);
    return async (row: LifecycleRow) => {
      const hourly = await occurrenceSeries(db, row.id, 60, 168, nowMs);
      const baseline = {
        eventCount: row.times_seen,
        userCount: row.users_seen,
        highestHourlyCount: highestHourlyCount(hourly, nowMs),
      };
      return { type: 'snooze', condition, baseline };
    };
  }
  if (action.type !== 'resolve') return { type: action.type };
  const resolution = action.resolution ?? { kind: 'now' };
  if (resolution.kind !== 'inNextRelease') return { type: 'resolve', resolution };
  return async (row: LifecycleRow) => ({
    type: 'resolve',
    resolution: { kind: 'inNextRelease', afterRelease: await newestRelease(db, row.project_id) },
  });
}

interface FieldChange {
  /** The activity row's kind; its outbox topic, if alerts care. */
  kind: string;
  topic: string | null;
  columns: Updateable<IssueTable>;
  data: Record<string, unknown>;
}

interface ChangeContext {
  actor: Actor;
  projectId: number;
  nowMs: number;
}

/**
 * A change to fields outside the lifecycle that still counts as a review: compare-and-set on lifecycle_version
 * so it cannot undo an inbox entry that landed meanwhile. `decide` returns null when the issue is already so.
 */
async function writeReviewedChange(
  db: Db,
  issueId: number,
  decide: (row: FieldRow) => FieldChange | null,
  { actor, projectId, nowMs }: ChangeContext,
): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const row = assertTriageable(await loadFieldRow(db, issueId), issueId, projectId);
    const change = decide(row);
    if (change === null && row.inbox_reason === null) return;
    const written = await db.transaction().execute(async (trx) => {
      const columns = { ...change?.columns, ...inboxColumns('reviewed', row, nowMs) };
      if (!(await writeFieldChange(trx, row, columns))) return false;
      const base = { issueId, projectId: row.project_id, atMs: nowMs };
      const data = { ...change?.data, ...(row.inbox_reason ? { inboxReason: row.inbox_reason } : {}) };
      await recordActivity(trx, { ...base, actor, kind: change?.kind ?? 'review', data });
      if (change?.topic) {
        const payload = { issueId, projectId: row.project_id, title: row.title, ...change.data, actor };
        await enqueueOutbox(trx, { ...base, topic: change.topic, payload });
      }
      return true;
    });
    if (written) return;
  }
  throw new VigieError('concurrent_change', {
    message: `Issue ${issueId} kept changing; reload it and try again.`,
  });
}

function assignment(target: AssigneeTarget | null) {
  return (row: FieldRow): FieldChange | null => {
    const previous = assigneeKey(currentAssignee(row));
    const next = assigneeKey(target);
    if (previous === next) return null;
    return {
      kind: target ? 'assign' : 'unassign',
      topic: target ? 'issue.assigned' : 'issue.unassigned',
      columns: {
        assignee_user_id: target?.kind === 'user' ? target.id : null,
        assignee_team_id: target?.kind === 'team' ? target.id : null,
      },
      data: { assignee: next, previousAssignee: previous },
    };
  };
}

/** GitHub and GitLab issue URLs carry the number: keep it, as a filed issue does. */
const issueNumberIn = (url: string) => {
  const match = /\/(?:issues|pull|-\/issues)\/(\d+)\/?(?:[?#].*)?$/.exec(url);
  return match ? Number(match[1]) : null;
};

function link(url: string | null) {
  return (row: FieldRow): FieldChange | null => {
    if (row.external_url === url) return null;
    const number = url === null ? null : issueNumberIn(url);
    return {
      kind: url === null ? 'unlink' : 'link',
      topic: null,
      columns: { external_url: url, external_number: number },
      data: { url, number, previousUrl: row.external_url },
    };
  };
}

export interface TriageOptions {
  /**
   * The project the caller was already authorized for (`triage`) — bulk routes authorize once; the issue must
   * then belong to it (404 otherwise). Without it the action authorizes the caller on the issue's project.
   */
  projectId?: number;
  nowMs?: number;
}

/**
 * Applies one triage action to one issue. Throws VigieError: 404 (no such issue, or not visible), 403, 400
 * (`invalid_action`, `invalid_assignee`), 409 (`illegal_transition` with details.currentStatus and
 * details.currentSubstatus, `issue_merged`, `concurrent_change`).
 */
export async function applyTriageAction(
  db: Db,
  caller: Caller,
  issueId: number,
  action: TriageCommand,
  options: TriageOptions = {},
): Promise<void> {
  const projectId = options.projectId ?? (await authorizeIssue(db, caller, issueId, 'triage'));
  const context = { actor: actorOf(caller), projectId, nowMs: options.nowMs ?? Date.now() };
  switch (action.type) {
    case 'assign': {
      const target = await resolveAssignee(db, caller, projectId, action.assignee);
      return writeReviewedChange(db, issueId, assignment(target), context);
    }
    case 'unassign':
      return writeReviewedChange(db, issueId, assignment(null), context);
    case 'link':
      return writeReviewedChange(db, issueId, link(action.url), context);
    default: {
      const input = lifecycleInputOf(db, action, context.nowMs);
      await transitionIssue(db, issueId, input, context.actor, context);
    }
  }
}

/** Removes the external issue link (DELETE /issues/{id}/link); the caller is authorized already. */
export function unlinkIssue(db: Db, caller: Caller, issueId: number, projectId: number): Promise<void> {
  return writeReviewedChange(db, issueId, link(null), {
    actor: actorOf(caller),
    projectId,
    nowMs: Date.now(),
  });
}
