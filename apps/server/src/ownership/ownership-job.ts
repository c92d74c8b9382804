// The ownership job (scheduled in app.ts), so that matching never runs on ingest's path: it suggests
// owners for the issues the outbox announces as new or regressed (and, in auto mode, assigns them), then
// recomputes every issue of a project whose rules changed, a page at a time. Issues whose rules match
// nothing still get a row (source 'none'): it says they were looked at.

import type { Kysely, Transaction } from 'kysely';
import { decodePayload } from '../storage/payload.ts';
import type { Schema } from '../storage/schema.ts';
import { autoAssign } from './auto-assign.ts';
import {
  arrivalsAfter,
  clearProjectOwners,
  eventPayloads,
  type IssueOwnerWrite,
  type IssueToMatch,
  issuePageToMatch,
  issuesByIdsToMatch,
  outboxCursor,
  ownersComputedSince,
  projectsToRecompute,
  recordRecompute,
  replaceIssueOwners,
  type SettingsRow,
  saveOutboxCursor,
  settingsOfProjects,
} from './ownership.repository.ts';
import { type Ruleset, rulesetOf } from './ruleset.ts';
import { firstKnownOwner, type Suggestion, suggestionWrite, suggestOwners } from './suggestion.ts';

type Db = Kysely<Schema>;

export const OWNERSHIP_JOB_INTERVAL_MS = 5_000;
const ARRIVALS_PER_PAGE = 500;
const ISSUES_PER_PAGE = 200;
/**
 * Outbox ids read again below the cursor. On PostgreSQL, instances commit concurrently, so a lower id
 * can become visible after a higher one was read; an issue already looked at since its arrival is skipped.
 */
const OVERLAP = 500;

export interface OwnershipRun {
  nowMs: number;
  signal?: AbortSignal;
  /** Stop starting new pages after this long; the next run goes on. */
  budgetMs?: number;
}

export async function runOwnershipJob(db: Db, run: OwnershipRun): Promise<void> {
  const deadline = run.nowMs + (run.budgetMs ?? 2_000);
  const more = () => !run.signal?.aborted && Date.now() < deadline;
  const rulesets = new Map<number, Ruleset>();
  const rulesetFor = async (settings: SettingsRow) => {
    const cached = rulesets.get(settings.project_id);
    if (cached?.revision === settings.revision) return cached;
    const ruleset = await rulesetOf(db, settings);
    rulesets.set(settings.project_id, ruleset);
    return ruleset;
  };
  while ((await matchArrivals(db, run.nowMs, rulesetFor)) && more()) {}
  for (const settings of await projectsToRecompute(db)) {
    if (!more()) return;
    await recompute(db, settings, run.nowMs, rulesetFor, more);
  }
}

type RulesetFor = (settings: SettingsRow) => Promise<Ruleset>;

/** One page of new and regressed issues; true when a full page was read (more may wait). */
async function matchArrivals(db: Db, nowMs: number, rulesetFor: RulesetFor): Promise<boolean> {
  const cursor = await outboxCursor(db);
  const rows = await arrivalsAfter(db, Math.max(0, cursor - OVERLAP), ARRIVALS_PER_PAGE);
  const fresh = rows.filter((r) => r.id > cursor);
  const last = rows.at(-1)?.id ?? cursor;
  const settings = new Map(
    (await settingsOfProjects(db, [...new Set(rows.map((r) => r.project_id))]))
      .filter((s) => s.mode !== 'off')
      .map((s) => [s.project_id, s]),
  );
  const arrivals = rows.filter((r) => r.issue_id !== null && settings.has(r.project_id));
  const computed = await ownersComputedSince(
    db,
    arrivals.map((r) => r.issue_id!),
  );
  // Re-read rows (below the cursor) count only when that issue was not looked at since.
  const arrivedAt = new Map<number, number>();
  for (const row of arrivals) {
    const rowAtMs = row.created_at;
    const seenAt = computed.get(row.issue_id!);
    if (row.id > cursor || seenAt === undefined || seenAt < rowAtMs) arrivedAt.set(row.issue_id!, rowAtMs);
  }
  const issues = await issuesByIdsToMatch(db, [...arrivedAt.keys()]);
  const matched = await matchIssues(db, issues, settings, rulesetFor);
  await db.transaction().execute(async (trx) => {
    await writeSuggestions(trx, matched, nowMs);
    for (const { issue, suggestion, settings: s } of matched) {
      if (s.mode === 'auto' && suggestion) await autoAssignIssue(trx, issue, suggestion, nowMs);
    }
    if (last > cursor) await saveOutboxCursor(trx, last, nowMs);
  });
  return fresh.length > 0 && rows.length === ARRIVALS_PER_PAGE;
}

interface Matched {
  issue: IssueToMatch;
  settings: SettingsRow;
  revision: number;
  suggestion: Suggestion | null;
}

/** Each issue's latest event against its project's rules. */
async function matchIssues(
  db: Db,
  issues: readonly IssueToMatch[],
  settings: ReadonlyMap<number, SettingsRow>,
  rulesetFor: RulesetFor,
): Promise<Matched[]> {
  const matched: Matched[] = [];
  const byProject = Map.groupBy(issues, (i) => i.project_id);
  for (const [projectId, group] of byProject) {
    const projectSettings = settings.get(projectId);
    if (!projectSettings) continue;
    const ruleset = await rulesetFor(projectSettings);
    const payloads = await eventPayloads(
      db,
      projectId,
      group.map((i) => i.last_event_id),
    );
    for (const issue of group) {
      const payload = payloads.get(issue.last_event_id);
      const event = payload ? decodePayload(payload) : null;
      matched.push({
        issue,
        settings: projectSettings,
        revision: ruleset.revision,
        suggestion: event ? suggestOwners(ruleset, event, issue.culprit) : null,
      });
    }
  }
  return matched;
}

function writeSuggestions(trx: Transaction<Schema>, matched: readonly Matched[], nowMs: number) {
  const writes = matched.map(({ issue, revision, suggestion }): IssueOwnerWrite => {
    const ids = { id: issue.id, projectId: issue.project_id };
    return suggestion ? suggestionWrite(ids, revision, suggestion) : noMatchWrite(ids, revision);
  });
  return replaceIssueOwners(
    trx,
    matched.map((m) => m.issue.id),
    writes,
    nowMs,
  );
}

const noMatchWrite = (issue: { id: number; projectId: number }, revision: number): IssueOwnerWrite => ({
  issueId: issue.id,
  projectId: issue.projectId,
  revision,
  source: 'none',
  line: 0,
  rule: '',
  field: '',
  value: '',
  owners: '[]',
  ownerSort: null,
  targets: [],
});

async function autoAssignIssue(
  trx: Transaction<Schema>,
  issue: IssueToMatch,
  suggestion: Suggestion,
  nowMs: number,
) {
  const target = firstKnownOwner(suggestion);
  if (!target || issue.assignee_user_id !== null || issue.assignee_team_id !== null) return;
  await autoAssign(trx, issue, target, suggestion.match.rule, nowMs);
}

/** Recomputes a page of the project's issues at a time, while there is time left in this run. */
async function recompute(
  db: Db,
  settings: SettingsRow,
  nowMs: number,
  rulesetFor: RulesetFor,
  more: () => boolean,
): Promise<void> {
  const { project_id: projectId, revision } = settings;
  if (settings.mode === 'off') {
    await db.transaction().execute(async (trx) => {
      await clearProjectOwners(trx, projectId);
      await recordRecompute(trx, projectId, revision, 'done');
    });
    return;
  }
  let afterId = settings.recompute_after_id;
  const only = new Map([[projectId, settings]]);
  do {
    const issues = await issuePageToMatch(db, projectId, afterId, ISSUES_PER_PAGE);
    const matched = await matchIssues(db, issues, only, rulesetFor);
    afterId = issues.at(-1)?.id ?? afterId;
    const done = issues.length < ISSUES_PER_PAGE;
    const kept = await db.transaction().execute(async (trx) => {
      // Settings saved meanwhile start the recompute over: write nothing computed with the old ones.
      if (!(await recordRecompute(trx, projectId, revision, done ? 'done' : { afterId }))) return false;
      await writeSuggestions(trx, matched, nowMs);
      return true;
    });
    if (!kept || done) return;
  } while (more());
}
