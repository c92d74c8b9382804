// The weekly triage report, computed from the activity log: what people dispatched (once per issue per
// outcome) and how long the issues they dispatched had waited in the inbox. Pure: rows in, numbers out.

import { inboxEffectOf } from '../issues/lifecycle/inbox.ts';
import type { TriageActionType } from '../issues/lifecycle/lifecycle.ts';

export const OUTCOMES = [
  'resolved',
  'ignored',
  'snoozed',
  'assigned',
  'linked',
  'github',
  'merged',
  'reviewed',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface ActivityRow {
  issueId: number;
  kind: string;
  toStatus: string | null;
  reason: string | null;
  /** Both null: Vigie itself (an event arrival or a timer), not a person. */
  actorUserId: number | null;
  actorTokenId: number | null;
  createdAt: number;
  /** The activity's JSON data. */
  data: string;
}

const KIND_OUTCOMES: Partial<Record<string, Outcome>> = {
  assign: 'assigned',
  link: 'linked',
  github: 'github',
  review: 'reviewed',
};
const STATUS_OUTCOMES: Partial<Record<string, Outcome>> = {
  resolved: 'resolved',
  ignored: 'ignored',
  snoozed: 'snoozed',
};

const byPerson = (row: ActivityRow) => row.actorUserId !== null || row.actorTokenId !== null;

/** What a person's activity dispatched the issue to; null for what is not a dispatch (comments, unresolve…). */
export function outcomeOf(row: ActivityRow): Outcome | null {
  if (!byPerson(row)) return null;
  if (row.kind === 'status') return STATUS_OUTCOMES[row.toStatus ?? ''] ?? null;
  // A merge is recorded on the target and on each issue merged into it: only the latter were dispatched.
  if (row.kind === 'merge') return mergedIntoAnother(row.data) ? 'merged' : null;
  return KIND_OUTCOMES[row.kind] ?? null;
}

function mergedIntoAnother(data: string): boolean {
  try {
    const parsed: unknown = JSON.parse(data);
    return typeof parsed === 'object' && parsed !== null && 'targetIssueId' in parsed;
  } catch {
    return false;
  }
}

/** A change by Vigie that put the issue (back) in the inbox: a regression, a snooze ending, an escalation. */
function entersInbox(row: ActivityRow): boolean {
  if (byPerson(row) || row.kind !== 'status' || row.reason === null) return false;
  return typeof inboxEffectOf(row.reason as TriageActionType) === 'object';
}

export interface WeekSummary {
  dispatched: { issues: number; byOutcome: Record<Outcome, number> };
  waited: { issues: number; medianMs: number | null; p90Ms: number | null };
}

/**
 * `activity`: every activity row, up to the end of the week, of the issues a person acted on during it, and
 * `firstSeen` of those issues (a new issue enters the inbox when first seen).
 */
export function summarizeWeek(
  activity: readonly ActivityRow[],
  firstSeen: ReadonlyMap<number, number>,
  week: { startMs: number; endMs: number },
): WeekSummary {
  const byOutcome = Object.fromEntries(OUTCOMES.map((o) => [o, new Set<number>()])) as Record<
    Outcome,
    Set<number>
  >;
  const waits: number[] = [];
  const rowsByIssue = new Map<number, ActivityRow[]>();
  for (const row of activity) rowsByIssue.set(row.issueId, [...(rowsByIssue.get(row.issueId) ?? []), row]);
  for (const [issueId, rows] of rowsByIssue) {
    const inWeek = rows.filter((r) => r.createdAt >= week.startMs && r.createdAt < week.endMs);
    for (const row of inWeek) {
      const outcome = outcomeOf(row);
      if (outcome) byOutcome[outcome].add(issueId);
    }
    const wait = waitBeforeDispatch(rows, firstSeen.get(issueId), week.startMs, week.endMs);
    if (wait !== null) waits.push(wait);
  }
  const dispatchedIssues = new Set(OUTCOMES.flatMap((o) => [...byOutcome[o]]));
  waits.sort((a, b) => a - b);
  return {
    dispatched: {
      issues: dispatchedIssues.size,
      byOutcome: Object.fromEntries(OUTCOMES.map((o) => [o, byOutcome[o].size])) as Record<Outcome, number>,
    },
    waited: { issues: waits.length, medianMs: percentile(waits, 0.5), p90Ms: percentile(waits, 0.9) },
  };
}

export interface DispatchedIssue {
  issueId: number;
  /** What people dispatched it to in the week, in the order they did. */
  outcomes: Outcome[];
  /** When the week's last dispatch of it happened. */
  lastAt: number;
}

/** The issues people dispatched in the week, the most recently dispatched first. */
export function dispatchedIssues(
  activity: readonly ActivityRow[],
  week: { startMs: number; endMs: number },
): DispatchedIssue[] {
  const byIssue = new Map<number, DispatchedIssue>();
  const inWeek = activity.filter((r) => r.createdAt >= week.startMs && r.createdAt < week.endMs);
  for (const row of [...inWeek].sort((a, b) => a.createdAt - b.createdAt)) {
    const outcome = outcomeOf(row);
    if (!outcome) continue;
    const issue = byIssue.get(row.issueId) ?? { issueId: row.issueId, outcomes: [], lastAt: row.createdAt };
    if (!issue.outcomes.includes(outcome)) issue.outcomes.push(outcome);
    issue.lastAt = row.createdAt;
    byIssue.set(row.issueId, issue);
  }
  return [...byIssue.values()].sort((a, b) => b.lastAt - a.lastAt || b.issueId - a.issueId);
}

/**
 * How long the issue waited before its first dispatch of the week: from when it entered the inbox (its first
 * sighting, or the first regression / snooze end / escalation since the previous dispatch) to that dispatch.
 * Null when it was dispatched without having been in the inbox (assigning an issue already reviewed).
 */
export function waitBeforeDispatch(
  rows: readonly ActivityRow[],
  firstSeen: number | undefined,
  startMs: number,
  endMs: number,
): number | null {
  const sorted = [...rows].sort((a, b) => a.createdAt - b.createdAt);
  const dispatch = sorted.find((r) => r.createdAt >= startMs && r.createdAt < endMs && outcomeOf(r) !== null);
  if (!dispatch) return null;
  const before = sorted.filter((r) => r.createdAt <= dispatch.createdAt && r !== dispatch);
  const previous = before.filter((r) => outcomeOf(r) !== null).at(-1);
  const entry = before.find((r) => entersInbox(r) && (!previous || r.createdAt > previous.createdAt));
  const enteredAt = entry?.createdAt ?? (previous ? undefined : firstSeen);
  return enteredAt === undefined ? null : Math.max(0, dispatch.createdAt - enteredAt);
}

/** Nearest-rank percentile of sorted values: the smallest value that `p` of them do not exceed. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? null;
}
