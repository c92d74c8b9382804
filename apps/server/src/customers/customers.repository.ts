// What one customer hit, read through the events_user_id / _email / _username / _ip indexes: their issues with
// how often they met each, and their events, newest first, with the issues' rows. A customer is whoever the
// SDK reported, by one of the user fields it sent (customer-key.ts).

import type { Kysely } from 'kysely';
import type { Cursor } from '../api/cursor.ts';
import { EVENT_SUMMARY_COLUMNS, newestEventsPage } from '../issues/issue.repository.ts';
import type { Schema } from '../storage/schema.ts';
import type { CustomerKey } from './customer-key.ts';

type Db = Kysely<Schema>;

const COLUMNS = {
  id: 'user_id',
  email: 'user_email',
  username: 'user_username',
  ip: 'user_ip',
} as const satisfies Record<CustomerKey['kind'], string>;

const columnOf = (key: CustomerKey) => COLUMNS[key.kind];

/**
 * The stored values a key matches: exactly as typed, and for an email also in lower case (most SDKs send the
 * address as the user typed it at sign-up; the index serves both lookups).
 */
function valuesOf(key: CustomerKey): string[] {
  return key.kind === 'email' ? [...new Set([key.value, key.value.toLowerCase()])] : [key.value];
}

export interface CustomerIssueRow {
  issueId: number;
  events: number;
  firstSeen: number;
  lastSeen: number;
}

/** The issues the customer hit in the given projects, by their latest event, newest first; `limit + 1` rows. */
async function customerIssues(
  db: Db,
  key: CustomerKey,
  projectIds: readonly number[],
  limit: number,
): Promise<CustomerIssueRow[]> {
  if (projectIds.length === 0) return [];
  const rows = await db
    .selectFrom('events')
    .select((eb) => [
      'events.issue_id',
      eb.fn.countAll<number>().as('events'),
      eb.fn.min('events.timestamp').as('first_seen'),
      eb.fn.max('events.timestamp').as('last_seen'),
    ])
    .where(`events.${columnOf(key)}`, 'in', valuesOf(key))
    .where('events.project_id', 'in', [...projectIds])
    .groupBy('events.issue_id')
    .orderBy('last_seen', 'desc')
    .orderBy('events.issue_id', 'desc')
    .limit(limit + 1)
    .execute();
  return rows.map((r) => ({
    issueId: r.issue_id,
    events: Number(r.events),
    firstSeen: Number(r.first_seen),
    lastSeen: Number(r.last_seen),
  }));
}

/** The customer's latest event in the given projects: what else the SDK said about them (their email or id). */
function latestCustomerEvent(db: Db, key: CustomerKey, projectIds: readonly number[]) {
  if (projectIds.length === 0) return Promise.resolve(undefined);
  return db
    .selectFrom('events')
    .select(['user_id', 'user_email', 'user_username', 'user_ip', 'timestamp'])
    .where(columnOf(key), 'in', valuesOf(key))
    .where('project_id', 'in', [...projectIds])
    .orderBy('timestamp', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The issues with these ids, and their project's slug and name: what their status says to a customer. */
export function issueRows(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('issues')
    .innerJoin('projects', 'projects.id', 'issues.project_id')
    .selectAll('issues')
    .select(['projects.slug as project_slug', 'projects.name as project_name'])
    .where('issues.id', 'in', [...new Set(ids)])
    .execute();
}

export type CustomerIssueRecord = Awaited<ReturnType<typeof issueRows>>[number];

export interface CustomerRecord {
  /** The issues they hit, newest first, at most `maxIssues` of them. */
  hits: CustomerIssueRow[];
  /** They hit more issues than `hits` holds. */
  moreIssues: boolean;
  /** The rows of the issues in `hits`, with their project. */
  issues: Awaited<ReturnType<typeof issueRows>>;
  /** Their latest event: what else the SDK said about them. */
  latest: Awaited<ReturnType<typeof latestCustomerEvent>>;
}

/** The customer with this key in the given projects, or undefined when none of their events is there. */
export async function findCustomer(
  db: Db,
  key: CustomerKey,
  projectIds: readonly number[],
  maxIssues: number,
): Promise<CustomerRecord | undefined> {
  const found = await customerIssues(db, key, projectIds, maxIssues);
  if (found.length === 0) return undefined;
  const hits = found.slice(0, maxIssues);
  const [issues, latest] = await Promise.all([
    issueRows(
      db,
      hits.map((h) => h.issueId),
    ),
    latestCustomerEvent(db, key, projectIds),
  ]);
  return { hits, moreIssues: found.length > maxIssues, issues, latest };
}

// The payload too: the event's browser, OS and page, which no column holds.
const EVENT_COLUMNS = [
  ...EVENT_SUMMARY_COLUMNS,
  'user_id',
  'user_email',
  'user_username',
  'user_ip',
  'payload',
] as const;

/** The customer's events in the given projects, newest first, keyset-paged by (timestamp, id); `limit + 1` rows. */
export function customerEvents(
  db: Db,
  key: CustomerKey,
  projectIds: readonly number[],
  cursor: Cursor | undefined,
  limit: number,
) {
  if (projectIds.length === 0) return Promise.resolve([]);
  const query = db
    .selectFrom('events')
    .select(EVENT_COLUMNS)
    .where(columnOf(key), 'in', valuesOf(key))
    .where('project_id', 'in', [...projectIds]);
  return newestEventsPage(query, cursor, limit);
}

export type CustomerEventRow = Awaited<ReturnType<typeof customerEvents>>[number];
