// The issue rows of a batch: one write per issue the batch touches, whose counters grow by the
// batch's events and new users and whose latest fields (title, culprit, level, last event) follow its
// newest one. Each issue row gets one new version per batch, and on PostgreSQL a HOT one as a rule: the
// columns it changes are indexed only through coarse generated columns (migration
// 2026-12-09T20-issue-sort-buckets). For that, the users an issue has not seen before are counted before
// its row is written: the rows that exist are locked first (in id order, so concurrent instances queue
// rather than deadlock), their users recorded, then every row written once, users_seen included.

import type { Transaction } from 'kysely';
import { CURRENT_GROUPING } from '../grouping/fingerprint.ts';
import { type RowsStatement, runRows } from '../storage/compiled-rows.ts';
import { type DialectName, greatest, least } from '../storage/dialect.ts';
import { groupBy } from '../storage/rows.ts';
import type { RowOf, Schema } from '../storage/schema.ts';
import type { EventRecord } from './batch.ts';
import { updateRedirectedIssues } from './issue-routing.ts';

type Trx = Transaction<Schema>;

type IssueRow = Pick<
  RowOf<'issues'>,
  | 'project_id'
  | 'fingerprint'
  | 'fingerprint_strategy'
  | 'fingerprint_components'
  | 'title'
  | 'culprit'
  | 'level'
  | 'platform'
  | 'first_seen'
  | 'last_seen'
  | 'times_seen'
  | 'users_seen'
  | 'first_release'
  | 'last_release'
  | 'last_event_id'
  | 'grouping_version'
>;

const issueKey = (projectId: number, fingerprint: string) => `${projectId}\u0000${fingerprint}`;
const keyOf = (r: EventRecord) => issueKey(r.projectId, r.fingerprint.hash);

export interface WrittenIssues {
  /** Each event's issue id. */
  ids: Map<EventRecord, number>;
  /** The issues this batch created. */
  created: Set<number>;
}

/**
 * Writes the batch's issues: `own` events open or update the issue of their fingerprint, `redirected` ones
 * (merged fingerprints) update the issue they land in. Returns each event's issue id and which issues are new.
 */
export async function upsertIssues(
  trx: Trx,
  dialect: DialectName,
  own: EventRecord[],
  redirected: ReadonlyMap<number, EventRecord[]>,
): Promise<WrittenIssues> {
  const groups = [...groupBy(own, keyOf).values()];
  const existing = await lockExistingIssues(trx, dialect, groups, [...redirected.keys()]);
  const ids = new Map<EventRecord, number>();
  for (const [issueId, moved] of redirected) for (const r of moved) ids.set(r, issueId);
  for (const group of groups) {
    const id = existing.get(keyOf(group[0]!));
    if (id !== undefined) for (const r of group) ids.set(r, id);
  }
  const newUsers = await recordIssueUsers(trx, dialect, [...ids.keys()], (r) => ids.get(r)!);

  // An issue not there at the lock is new unless another instance made it since: all its users are new.
  const issues = groups.map((group) => {
    const id = existing.get(keyOf(group[0]!));
    return issueRow(group, id === undefined ? distinctUsers(group) : (newUsers.get(id) ?? 0));
  });
  const returned = await runRows(trx, dialect, upsertIssue, issues);
  const written = new Map(returned.map((row) => [issueKey(row.project_id, row.fingerprint), row]));
  const created = new Set<number>();
  const late: EventRecord[] = [];
  groups.forEach((group, i) => {
    const row = written.get(keyOf(group[0]!))!;
    // Only an insert leaves the issue with exactly this batch's events.
    if (row.times_seen === issues[i]!.times_seen) created.add(row.id);
    if (!existing.has(keyOf(group[0]!))) late.push(...group);
    for (const r of group) ids.set(r, row.id);
  });
  await recordLateUsers(trx, dialect, late, ids, created);
  await updateRedirectedIssues(trx, dialect, redirected, newUsers);
  return { ids, created };
}

/**
 * The ids of the batch's issues that exist, by key, and merge targets by their own key; on PostgreSQL their
 * rows locked for this transaction, in id order.
 */
async function lockExistingIssues(
  trx: Trx,
  dialect: DialectName,
  groups: EventRecord[][],
  targetIds: number[],
): Promise<Map<string, number>> {
  if (groups.length === 0 && targetIds.length === 0) return new Map();
  const byProject = groupBy(
    groups.map((g) => g[0]!),
    (r) => String(r.projectId),
  );
  let query = trx
    .selectFrom('issues')
    .select(['id', 'project_id', 'fingerprint'])
    .where((eb) =>
      eb.or([
        ...[...byProject.values()].map((first) =>
          eb.and([
            eb('project_id', '=', first[0]!.projectId),
            eb(
              'fingerprint',
              'in',
              first.map((r) => r.fingerprint.hash),
            ),
          ]),
        ),
        ...(targetIds.length > 0 ? [eb('id', 'in', targetIds)] : []),
      ]),
    )
    .orderBy('id');
  // SQLite has one writer at a time: nothing to lock.
  if (dialect === 'postgres') query = query.forNoKeyUpdate();
  const rows = await query.execute();
  return new Map(rows.map((r) => [issueKey(r.project_id, r.fingerprint), Number(r.id)]));
}

const distinctUsers = (group: EventRecord[]) =>
  new Set(group.filter((r) => r.userKey !== null).map((r) => r.userKey)).size;

const addIssueUsers: RowsStatement<RowOf<'issue_users'>, { issue_id: number }> = (db, rows) =>
  db
    .insertInto('issue_users')
    .values(rows)
    .onConflict((oc) => oc.columns(['issue_id', 'user_key']).doNothing())
    .returning('issue_id');

/** Records each issue's distinct users; returns how many were new to each issue. */
async function recordIssueUsers(
  trx: Trx,
  dialect: DialectName,
  events: EventRecord[],
  issueOf: (r: EventRecord) => number,
): Promise<Map<number, number>> {
  const pairs = groupBy(
    events.filter((r) => r.userKey !== null),
    (r) => `${issueOf(r)}\u0000${r.userKey}`,
  );
  const rows = [...pairs.values()].map((g) => ({ issue_id: issueOf(g[0]!), user_key: g[0]!.userKey! }));
  const inserted = await runRows(trx, dialect, addIssueUsers, rows);
  const added = new Map<number, number>();
  for (const { issue_id } of inserted) added.set(Number(issue_id), (added.get(Number(issue_id)) ?? 0) + 1);
  return added;
}

/**
 * The users of issues that were not there at the lock. Their rows counted every user as new: right for the
 * issues this batch created; an issue another instance created in between (and recorded users for) gets its
 * count corrected by what was really new.
 */
async function recordLateUsers(
  trx: Trx,
  dialect: DialectName,
  late: EventRecord[],
  ids: ReadonlyMap<EventRecord, number>,
  created: ReadonlySet<number>,
): Promise<void> {
  const added = await recordIssueUsers(trx, dialect, late, (r) => ids.get(r)!);
  const groups = groupBy(late, (r) => String(ids.get(r)));
  for (const group of groups.values()) {
    const id = ids.get(group[0]!)!;
    const surplus = distinctUsers(group) - (added.get(id) ?? 0);
    if (created.has(id) || surplus === 0) continue;
    await trx
      .updateTable('issues')
      .set((eb) => ({ users_seen: eb('users_seen', '-', surplus) }))
      .where('id', '=', id)
      .execute();
  }
}

/** The issue as this group of events sees it: first and last by timestamp, last wins ties. */
function issueRow(group: EventRecord[], newUsers: number): IssueRow {
  let first = group[0]!;
  let last = first;
  for (const r of group) {
    if (r.timestampMs < first.timestampMs) first = r;
    if (r.timestampMs >= last.timestampMs) last = r;
  }
  return {
    project_id: last.projectId,
    fingerprint: last.fingerprint.hash,
    fingerprint_strategy: last.fingerprint.strategy,
    fingerprint_components: JSON.stringify(last.fingerprint.components),
    title: last.title,
    culprit: last.culprit,
    level: last.level,
    platform: last.platform,
    first_seen: first.timestampMs,
    last_seen: last.timestampMs,
    times_seen: group.length,
    users_seen: newUsers,
    first_release: first.release,
    last_release: last.release,
    last_event_id: last.eventId,
    // Only an insert takes it: an issue keeps the grouping it was made by.
    grouping_version: CURRENT_GROUPING,
  };
}

const upsertIssue: RowsStatement<
  IssueRow,
  { id: number; project_id: number; fingerprint: string; times_seen: number }
> = (db, rows, dialect) =>
  db
    .insertInto('issues')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['project_id', 'fingerprint']).doUpdateSet((eb) => {
        const newer = eb(eb.ref('excluded.last_seen'), '>=', eb.ref('issues.last_seen'));
        const latest = <
          C extends 'title' | 'culprit' | 'level' | 'platform' | 'last_event_id' | 'last_release',
        >(
          column: C,
        ) =>
          eb
            .case()
            .when(newer)
            .then(eb.ref(`excluded.${column}`))
            .else(eb.ref(`issues.${column}`))
            .end();
        return {
          title: latest('title'),
          culprit: latest('culprit'),
          level: latest('level'),
          platform: latest('platform'),
          last_event_id: latest('last_event_id'),
          last_release: latest('last_release'),
          first_seen: least(dialect, eb.ref('issues.first_seen'), eb.ref('excluded.first_seen')),
          last_seen: greatest(dialect, eb.ref('issues.last_seen'), eb.ref('excluded.last_seen')),
          times_seen: eb(eb.ref('issues.times_seen'), '+', eb.ref('excluded.times_seen')),
          users_seen: eb(eb.ref('issues.users_seen'), '+', eb.ref('excluded.users_seen')),
        };
      }),
    )
    .returning(['id', 'project_id', 'fingerprint', 'times_seen']);
