// One customer as the lookup shows it: who they are, and per project the issues they hit, newest first.

import type { Kysely } from 'kysely';
import type { Static } from 'typebox';
import { iso } from '../api/schemas.ts';
import type { Schema } from '../storage/schema.ts';
import type { Customer, CustomerIssue } from './customer.schemas.ts';
import {
  type CustomerKey,
  customerIssues,
  formatCustomerKey,
  issuesByIds,
  latestCustomerEvent,
} from './customers.repository.ts';

const MAX_ISSUES = 200;

type ProjectIssues = Static<typeof Customer>['projects'][number];

/** The customer with this key in the given projects, or undefined when none of their events is there. */
export async function presentCustomer(
  db: Kysely<Schema>,
  key: CustomerKey,
  projectIds: readonly number[],
): Promise<Static<typeof Customer> | undefined> {
  const hits = await customerIssues(db, key, projectIds, MAX_ISSUES);
  if (hits.length === 0) return undefined;
  const shown = hits.slice(0, MAX_ISSUES);
  const [issues, latest] = await Promise.all([
    issuesByIds(
      db,
      shown.map((h) => h.issueId),
    ),
    latestCustomerEvent(db, key, projectIds),
  ]);
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
    moreIssues: hits.length > MAX_ISSUES,
  };
}
