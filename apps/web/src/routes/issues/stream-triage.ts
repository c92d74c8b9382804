// Triage from the stream, optimistic: the rows change at once (issues the action takes out of the
// view leave it, the others show their new status or assignee), then take the server's answer. An
// issue the server refused (a 409: someone else changed it meanwhile) goes back as it was, and the
// message says what its status is now and who changed it.

import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { applyTriageByQuery, fileOnGithub } from '../../api/bulk-query.ts';
import { ApiError } from '../../api/client.ts';
import { issuesQuery, membersQuery, meQuery, type StreamSearch } from '../../api/queries.ts';
import { applyTriage, type TriageAction, type TriageResult } from '../../api/triage.ts';
import type { IssuePage, Me, Member, TriagedIssue } from '../../api/types.ts';
import { relativeTime } from '../../ui/format.ts';

export interface Outcome {
  ok: boolean;
  text: string;
  /** The project has no GitHub integration: the message links to its settings. */
  setupGithub?: boolean;
}

/** Whether issues the action succeeds on stop matching the query. */
export function leavesView(query: string, action: TriageAction): boolean {
  const terms = query.split(/\s+/);
  if (terms.includes('is:inbox')) return action.type !== 'unresolve';
  if (terms.includes('is:unresolved')) return ['resolve', 'ignore', 'snooze'].includes(action.type);
  return false;
}

type Assignee = TriagedIssue['assignee'];

/** The assignee an assign action names, as far as the page knows it (null when it does not). */
export function assigneeOf(
  assignee: string,
  me: Me | undefined,
  members: readonly Member[],
): Assignee | undefined {
  if (assignee === 'me' && me?.user) {
    const { id, name, email } = me.user;
    return { type: 'user', id, name: name || email, email, slug: null };
  }
  const [kind, ref] = assignee.split(/:(.*)/s) as [string, string];
  for (const m of members) {
    if (kind === 'user' && m.user && String(m.user.id) === ref)
      return {
        type: 'user',
        id: m.user.id,
        name: m.user.name || m.user.email,
        email: m.user.email,
        slug: null,
      };
    if (kind === 'team' && m.team && m.team.slug === ref)
      return { type: 'team', id: m.team.id, name: m.team.name, email: null, slug: m.team.slug };
  }
  return undefined;
}

/** The row as it will be once the action applies; every action also takes it out of the inbox. */
export function optimisticIssue(
  issue: TriagedIssue,
  action: TriageAction,
  assignee?: Assignee,
): TriagedIssue {
  const reviewed = { ...issue, inbox: null };
  const settled = { ...reviewed, substatus: null, resolution: null, snooze: null };
  switch (action.type) {
    case 'resolve': {
      const r = action.resolution ?? { kind: 'now' as const };
      return {
        ...settled,
        status: 'resolved',
        resolution: r.kind === 'inRelease' ? { kind: r.kind, release: r.release } : { kind: r.kind },
      };
    }
    case 'ignore':
      return { ...settled, status: 'ignored' };
    case 'snooze': {
      const s = action.snooze;
      const baseline = { eventCount: issue.count, userCount: issue.userCount, highestHourlyCount: 0 };
      const snooze =
        s.kind === 'until'
          ? { kind: s.kind, until: s.until, baseline }
          : s.kind === 'escalating'
            ? { kind: s.kind, baseline }
            : { kind: s.kind, count: s.count, baseline };
      return { ...settled, status: 'snoozed', snooze };
    }
    case 'unresolve':
      return { ...settled, status: 'unresolved', substatus: 'ongoing' };
    case 'assign':
      return assignee === undefined ? reviewed : { ...reviewed, assignee };
    case 'unassign':
      return { ...reviewed, assignee: null };
    default:
      return reviewed;
  }
}

interface ErrorLike {
  code: string;
  message: string;
  details?: Record<string, unknown> | undefined;
}

/** Why an action did not apply to an issue, in words: its status now and who changed it, when the server says. */
export function refusalText(title: string, error: ErrorLike, nowMs: number): string {
  const d = error.details ?? {};
  if (error.code !== 'illegal_transition' || typeof d.currentStatus !== 'string')
    return `“${title}”: ${error.message}`;
  const where =
    typeof d.currentSubstatus === 'string' ? `${d.currentStatus} (${d.currentSubstatus})` : d.currentStatus;
  const by = d.changedBy as { type?: string; email?: string | null } | undefined;
  const who = by?.email ?? (by?.type === 'token' ? 'an API token' : by?.type === 'system' ? 'Vigie' : null);
  const when = typeof d.changedAt === 'string' ? ` ${relativeTime(d.changedAt, nowMs)}` : '';
  return `“${title}” is ${where} now${who ? `: changed by ${who}${when}` : ''}.`;
}

/**
 * The list once the server answered, applied to the rows shown now (other actions may have changed
 * them meanwhile): issues it changed as it returned them (or gone, when they left the view), issues
 * it refused back as they were before the action, in their place.
 */
export function settleRows(
  current: readonly TriagedIssue[],
  before: readonly TriagedIssue[],
  results: readonly TriageResult[],
  leaves: boolean,
): TriagedIssue[] {
  const byId = new Map(results.map((r) => [r.id, r]));
  const previous = new Map(before.map((issue, index) => [issue.id, { issue, index }]));
  const rows = current.flatMap((issue) => {
    const result = byId.get(issue.id);
    if (!result) return [issue];
    if (result.status !== 200) return [previous.get(issue.id)?.issue ?? issue];
    if (leaves) return [];
    return [result.issue ? { ...issue, ...result.issue } : issue];
  });
  for (const result of results) {
    const back = previous.get(result.id);
    if (result.status === 200 || !back || rows.some((r) => r.id === result.id)) continue;
    // Before the first issue that followed it and is still shown.
    const next = before.slice(back.index + 1).find((b) => rows.some((r) => r.id === b.id));
    const at = next ? rows.findIndex((r) => r.id === next.id) : rows.length;
    rows.splice(at, 0, back.issue);
  }
  return rows;
}

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

export function useStreamTriage(projectId: number, search: StreamSearch) {
  const queryClient = useQueryClient();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [pending, setPending] = useState(false);
  const key = issuesQuery(projectId, search).queryKey;
  const page = () => queryClient.getQueryData<IssuePage>(key);
  const setRows = (rows: TriagedIssue[]) => {
    const current = page();
    if (current) queryClient.setQueryData<IssuePage>(key, { ...current, issues: rows });
  };
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['projects', projectId, 'issues'] });
  const optimistic = (
    rows: readonly TriagedIssue[],
    chosen: (id: number) => boolean,
    action: TriageAction,
  ) => {
    const leaves = leavesView(search.query, action);
    const assignee =
      action.type === 'assign'
        ? assigneeOf(
            action.assignee,
            queryClient.getQueryData<Me>(meQuery.queryKey),
            queryClient.getQueryData<Member[]>(membersQuery(projectId).queryKey) ?? [],
          )
        : undefined;
    setRows(
      rows.flatMap((issue) =>
        !chosen(issue.id) ? [issue] : leaves ? [] : [optimisticIssue(issue, action, assignee)],
      ),
    );
    return leaves;
  };
  const start = () => {
    setOutcome(null);
    setPending(true);
  };
  const fail = (error: unknown, rows?: TriagedIssue[]) => {
    if (rows) setRows(rows);
    setOutcome({ ok: false, text: error instanceof Error ? error.message : 'The action failed.' });
  };
  const finish = () => {
    setPending(false);
    void refresh();
  };

  /** One action on the given issues of the page (the bulk endpoint: each issue's own outcome). */
  const run = (ids: number[], action: TriageAction, label: string, onDone?: () => void) => {
    if (ids.length === 0) return;
    const before = page()?.issues ?? [];
    const chosen = new Set(ids);
    const leaves = optimistic(before, (id) => chosen.has(id), action);
    start();
    applyTriage(projectId, ids, action)
      .then((results) => {
        setRows(settleRows(page()?.issues ?? [], before, results, leaves));
        const refused = results.filter((r) => r.status !== 200);
        const titles = new Map(before.map((i) => [i.id, i.title]));
        const why = refused.map((r) =>
          refusalText(
            titles.get(r.id) ?? `#${r.id}`,
            r.error ?? { code: 'error', message: `status ${r.status}` },
            Date.now(),
          ),
        );
        setOutcome(
          refused.length === 0
            ? { ok: true, text: `${label}: ${plural(ids.length, 'issue')}.` }
            : {
                ok: false,
                text: `${label} did not apply to ${plural(refused.length, 'issue')}, put back as ${refused.length === 1 ? 'it was' : 'they were'}. ${why.join(' ')}`,
              },
        );
        onDone?.();
      })
      .catch((error: unknown) => fail(error, before))
      .finally(finish);
  };

  /** One action on every issue the search matches (the page's rows change at once; the others on the server). */
  const runByQuery = (query: string, action: TriageAction, label: string, onDone?: () => void) => {
    const before = page()?.issues ?? [];
    optimistic(before, () => true, action);
    start();
    applyTriageByQuery(projectId, query, action)
      .then((result) => {
        const parts = [
          `${label}: ${plural(result.changed, 'issue')} of the ${plural(result.matched, 'match', 'matches')}.`,
        ];
        if (result.failed.length > 0) {
          const titles = new Map(before.map((i) => [i.id, i.title]));
          parts.push(
            `${plural(result.failed.length, 'issue')} could not change: ${result.failed
              .slice(0, 3)
              .map((f) => refusalText(titles.get(f.id) ?? `#${f.id}`, f.error, Date.now()))
              .join(' ')}`,
          );
        }
        if (result.remaining > 0)
          parts.push(`${plural(result.remaining, 'more issue')} match: apply the action again for them.`);
        setOutcome({ ok: result.failed.length === 0, text: parts.join(' ') });
        onDone?.();
      })
      .catch((error: unknown) => fail(error, before))
      .finally(finish);
  };

  /** Files each issue on GitHub, one after the other; the rows show "GitHub #n" as they are linked. */
  const fileGithub = async (ids: number[], onDone?: () => void) => {
    if (ids.length === 0) return;
    start();
    const filed: string[] = [];
    try {
      for (const id of ids) {
        const created = await fileOnGithub(id);
        filed.push(`${created.repository}#${created.number}`);
        const current = page()?.issues ?? [];
        setRows(
          current.map((i) =>
            i.id === id
              ? { ...i, inbox: null, externalIssue: { url: created.url, number: created.number } }
              : i,
          ),
        );
      }
      setOutcome({ ok: true, text: `Filed on GitHub: ${filed.join(', ')}.` });
      onDone?.();
    } catch (error) {
      const done = filed.length > 0 ? ` (filed first: ${filed.join(', ')})` : '';
      if (error instanceof ApiError && error.code === 'github_not_configured')
        setOutcome({
          ok: false,
          text: `This project has no GitHub integration yet${done}.`,
          setupGithub: true,
        });
      else fail(error instanceof Error ? new Error(`${error.message}${done}`) : error);
    } finally {
      finish();
    }
  };

  return { run, runByQuery, fileGithub, outcome, pending };
}
