// One customer as the lookup shows it: who they are, and per project the issues they hit, newest first; and
// their events. Pure: rows in (customers.repository.ts), response shapes out.

import type { Static } from 'typebox';
import { iso } from '../api/schemas.ts';
import { presentEventSummary } from '../issues/issue.presenter.ts';
import type { Customer, CustomerEvent, CustomerIssue } from './customer.schemas.ts';
import { type CustomerKey, formatCustomerKey } from './customer-key.ts';
import type { CustomerEventRow, CustomerRecord } from './customers.repository.ts';

type ProjectIssues = Static<typeof Customer>['projects'][number];

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
      id: issue.id,
      title: issue.title,
      culprit: issue.culprit,
      level: issue.level,
      status: issue.status,
      substatus: issue.substatus,
      mergedIntoId: issue.merged_into_id,
      events: hit.events,
      firstSeen: iso(hit.firstSeen),
      lastSeen: iso(hit.lastSeen),
    } satisfies Static<typeof CustomerIssue>);
    projects.set(issue.project_id, project);
  }
  // An email typed with other capitals than sent is shown, and keyed, as the SDK sent it.
  const canonical =
    key.kind === 'email' && latest?.user_email ? { kind: key.kind, value: latest.user_email } : key;
  return {
    key: formatCustomerKey(canonical),
    userId: key.kind === 'id' ? key.value : (latest?.user_id ?? null),
    email: canonical.kind === 'email' ? canonical.value : (latest?.user_email ?? null),
    events: shown.reduce((sum, h) => sum + h.events, 0),
    firstSeen: iso(Math.min(...shown.map((h) => h.firstSeen))),
    lastSeen: iso(Math.max(...shown.map((h) => h.lastSeen))),
    projects: [...projects.values()],
    moreIssues: record.moreIssues,
  };
}

export function presentCustomerEvent(row: CustomerEventRow): Static<typeof CustomerEvent> {
  return { ...presentEventSummary(row), userId: row.user_id, userEmail: row.user_email };
}
