// One customer as the lookup shows it: who they are, and per project the issues they hit, newest first, each
// with where the team is with it; and their events with the browser, OS and page they were on. Pure: rows in
// (customers.repository.ts), response shapes out.

import type { Static } from 'typebox';
import { iso } from '../api/schemas.ts';
import type { NormalizedEvent } from '../grouping/event.ts';
import { presentEventSummary } from '../issues/issue.presenter.ts';
import { lifecycleStateOf } from '../issues/lifecycle/issue-state.ts';
import { resolutionView, snoozeView } from '../issues/triage/triage.presenter.ts';
import { decodePayload } from '../storage/payload.ts';
import type { Customer, CustomerEvent, CustomerIssue, CustomerIssueState } from './customer.schemas.ts';
import { type CustomerKey, formatCustomerKey } from './customer-key.ts';
import type { CustomerEventRow, CustomerIssueRecord, CustomerRecord } from './customers.repository.ts';
import { browserOf, osOf } from './user-agent.ts';

type ProjectIssues = Static<typeof Customer>['projects'][number];

export function presentIssueState(issue: CustomerIssueRecord): Static<typeof CustomerIssueState> {
  const state = lifecycleStateOf(issue);
  return {
    id: issue.id,
    projectId: issue.project_id,
    title: issue.title,
    culprit: issue.culprit,
    level: issue.level,
    status: issue.status,
    substatus: issue.substatus,
    mergedIntoId: issue.merged_into_id,
    resolution: resolutionView(state),
    snooze: snoozeView(state),
    assigned: issue.assignee_user_id !== null || issue.assignee_team_id !== null,
    reviewed: issue.reviewed_at !== null,
    externalIssue:
      issue.external_url === null ? null : { url: issue.external_url, number: issue.external_number },
    lastRelease: issue.last_release,
  };
}

export function presentCustomer(key: CustomerKey, record: CustomerRecord): Static<typeof Customer> {
  const { hits: shown, issues, latest } = record;
  const issueById = new Map(issues.map((i) => [i.id, i]));
  const projects = new Map<number, ProjectIssues>();
  // `shown` is newest first, so projects come in the order of their newest issue.
  for (const hit of shown) {
    const issue = issueById.get(hit.issueId);
    if (!issue) continue;
    const project = projects.get(issue.project_id) ?? {
      id: issue.project_id,
      slug: issue.project_slug,
      name: issue.project_name,
      issues: [],
    };
    project.issues.push({
      ...presentIssueState(issue),
      events: hit.events,
      firstSeen: iso(hit.firstSeen),
      lastSeen: iso(hit.lastSeen),
    } satisfies Static<typeof CustomerIssue>);
    projects.set(issue.project_id, project);
  }
  // An email typed with other capitals than sent is shown, and keyed, as the SDK sent it.
  const canonical =
    key.kind === 'email' && latest?.user_email ? { kind: key.kind, value: latest.user_email } : key;
  const sent = (kind: CustomerKey['kind'], column: string | null | undefined) =>
    canonical.kind === kind ? canonical.value : (column ?? null);
  return {
    key: formatCustomerKey(canonical),
    userId: sent('id', latest?.user_id),
    email: sent('email', latest?.user_email),
    username: sent('username', latest?.user_username),
    ipAddress: sent('ip', latest?.user_ip),
    events: shown.reduce((sum, h) => sum + h.events, 0),
    firstSeen: iso(Math.min(...shown.map((h) => h.firstSeen))),
    lastSeen: iso(Math.max(...shown.map((h) => h.lastSeen))),
    projects: [...projects.values()],
    moreIssues: record.moreIssues,
  };
}

// Payloads stored by older versions (or tests' fixtures) may lack a field: read them defensively.
const tagOf = (event: NormalizedEvent, key: string) =>
  (Array.isArray(event.tags) ? event.tags : []).find(([k]) => k === key)?.[1] ?? null;

/** The User-Agent header the event's request carried, if any. */
function userAgentOf(event: NormalizedEvent): string | null {
  const headers = event.request?.headers;
  if (!Array.isArray(headers)) return null;
  const pair: unknown = headers.find((h: unknown) => Array.isArray(h) && h[0] === 'User-Agent');
  return Array.isArray(pair) && typeof pair[1] === 'string' ? pair[1] : null;
}

/**
 * Where the event happened, in the words support reads out: browser, OS, device and page. The
 * customer's User-Agent comes first, in those words ("Chrome 131", "Windows 10 or 11"): the tags,
 * filled from the same header at ingest, keep its raw versions ("Windows NT 10.0"), and a server
 * SDK's own `os` is the server's, not the customer's.
 */
function whereOf(event: NormalizedEvent) {
  const userAgent = userAgentOf(event);
  const requestUrl = event.request?.url;
  return {
    browser: (userAgent ? browserOf(userAgent) : null) ?? tagOf(event, 'browser'),
    os: (userAgent ? osOf(userAgent) : null) ?? tagOf(event, 'os'),
    device: tagOf(event, 'device'),
    url: typeof requestUrl === 'string' ? requestUrl : tagOf(event, 'url'),
  };
}

/** An event of the customer's; `issues` holds its issue (issueRows), which a page of events loads at once. */
export function presentCustomerEvent(
  row: CustomerEventRow,
  issues: ReadonlyMap<number, CustomerIssueRecord>,
): Static<typeof CustomerEvent> | null {
  const issue = issues.get(row.issue_id);
  if (!issue) return null;
  return {
    ...presentEventSummary(row),
    userId: row.user_id,
    userEmail: row.user_email,
    username: row.user_username,
    ipAddress: row.user_ip,
    project: { id: issue.project_id, slug: issue.project_slug, name: issue.project_name },
    issue: presentIssueState(issue),
    ...whereOf(decodePayload(row.payload)),
  };
}
