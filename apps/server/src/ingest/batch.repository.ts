// Writes one group-commit batch inside the caller's transaction. Work is aggregated per issue
// (issues.repository.ts), per minute and per tag first, then each table's rows go through one row
// statement (storage/row-statements.ts): prepared once and run per row on SQLite, multi-row on
// PostgreSQL. Rows are sorted by key so concurrent PostgreSQL instances take row locks in the
// same order.

import { greatest, least } from '../storage/dialect.ts';
import { encodePayload } from '../storage/payload.ts';
import type { RowRunner, RowStatement } from '../storage/row-statements.ts';
import { groupBy, MINUTE } from '../storage/rows.ts';
import type { RowOf } from '../storage/schema.ts';
import type { EventRecord, IngestBatch } from './batch.ts';
import { applyArrivals, routeEvents, updateRedirectedIssues } from './issue-routing.ts';
import { writeIssues } from './issues.repository.ts';
import { upsertReleases } from './releases.repository.ts';
import { writeClientOutcomes, writeSessionAggregates, writeSessions } from './sessions.repository.ts';

export interface BatchResult {
  stored: number;
  duplicates: number;
}

export async function writeBatch(rows: RowRunner, batch: IngestBatch): Promise<BatchResult> {
  const unique = await withoutDuplicates(rows, batch.events);
  const { own, redirected } =
    unique.length > 0
      ? await routeEvents(rows.trx, unique)
      : { own: unique, redirected: new Map<number, EventRecord[]>() };
  const events = redirected.size === 0 ? own : [...own, ...[...redirected.values()].flat()];
  if (events.length > 0) {
    const { ids: issueIds, created } = await writeIssues(rows, own);
    await updateRedirectedIssues(rows.trx, rows.dialect, redirected);
    for (const [issueId, moved] of redirected) for (const r of moved) issueIds.set(r, issueId);
    const issueOf = (r: EventRecord) => issueIds.get(r)!;
    await insertEvents(rows, events, issueOf);
    await countOccurrences(rows, events, issueOf);
    await recordTags(rows, events, issueOf);
    await recordUsers(rows, events, issueOf);
    await recordReleases(rows, events);
    await applyArrivals(rows.trx, rows.dialect, events, issueOf, created);
  }
  await writeSessions(rows, batch);
  await writeSessionAggregates(rows, batch);
  await writeClientOutcomes(rows, batch);
  return { stored: events.length, duplicates: batch.events.length - unique.length };
}

type EventKey = { project_id: number; event_id: string };

/** Served by the (event_id, project_id) unique index. */
const storedEvents: RowStatement<EventKey, EventKey> = {
  columns: ['project_id', 'event_id'],
  build: (db, rows) =>
    db
      .selectFrom('events')
      .select(['project_id', 'event_id'])
      .where(
        'event_id',
        'in',
        rows.map((r) => r.event_id),
      )
      .where('project_id', 'in', [...new Set(rows.map((r) => r.project_id))]),
};

/** Idempotency by event_id: drop retries already stored and repeats inside the batch. */
async function withoutDuplicates(rows: RowRunner, records: EventRecord[]): Promise<EventRecord[]> {
  const seen = new Set<string>();
  const unique = records.filter((r) => {
    const k = `${r.projectId}:${r.eventId}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  if (unique.length === 0) return unique;
  const found = await rows.run(
    storedEvents,
    unique.map((r) => ({ project_id: r.projectId, event_id: r.eventId })),
  );
  if (found.length === 0) return unique;
  const stored = new Set(found.map((row) => `${row.project_id}:${row.event_id}`));
  return unique.filter((r) => !stored.has(`${r.projectId}:${r.eventId}`));
}

type EventRow = RowOf<'events'>;

const insertEvent: RowStatement<EventRow, unknown> = {
  columns: [
    'project_id',
    'issue_id',
    'event_id',
    'timestamp',
    'received_at',
    'level',
    'title',
    'release',
    'environment',
    'user_key',
    'user_id',
    'user_email',
    'fingerprint',
    'payload',
  ],
  build: (db, rows) => db.insertInto('events').values(rows),
};

async function insertEvents(rows: RowRunner, events: EventRecord[], issueOf: (r: EventRecord) => number) {
  await rows.run(
    insertEvent,
    events.map(
      (r): EventRow => ({
        project_id: r.projectId,
        issue_id: issueOf(r),
        event_id: r.eventId,
        timestamp: r.timestampMs,
        received_at: r.receivedAtMs,
        level: r.level,
        title: r.title,
        release: r.release,
        environment: r.environment,
        user_key: r.userKey,
        user_id: r.userId,
        user_email: r.userEmail,
        // The event's own fingerprint, even when it landed in a merge target: unmerge splits by it.
        fingerprint: r.fingerprint.hash,
        payload: encodePayload(r.json),
      }),
    ),
  );
}

type CountRow = RowOf<'issue_counts'>;

const addCount: RowStatement<CountRow, unknown> = {
  columns: ['issue_id', 'minute', 'count'],
  build: (db, rows) =>
    db
      .insertInto('issue_counts')
      .values(rows)
      .onConflict((oc) =>
        oc
          .columns(['issue_id', 'minute'])
          .doUpdateSet((eb) => ({ count: eb(eb.ref('issue_counts.count'), '+', eb.ref('excluded.count')) })),
      ),
};

async function countOccurrences(rows: RowRunner, events: EventRecord[], issueOf: (r: EventRecord) => number) {
  const groups = groupBy(events, (r) => `${issueOf(r)}:${Math.floor(r.timestampMs / MINUTE)}`);
  await rows.run(
    addCount,
    [...groups.values()].map((group) => ({
      issue_id: issueOf(group[0]!),
      minute: Math.floor(group[0]!.timestampMs / MINUTE),
      count: group.length,
    })),
  );
}

type TagRow = RowOf<'issue_tags'>;

const addTag: RowStatement<TagRow, unknown> = {
  columns: ['issue_id', 'key', 'value', 'times_seen', 'first_seen', 'last_seen'],
  build: (db, rows, dialect) =>
    db
      .insertInto('issue_tags')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['issue_id', 'key', 'value']).doUpdateSet((eb) => ({
          times_seen: eb(eb.ref('issue_tags.times_seen'), '+', eb.ref('excluded.times_seen')),
          first_seen: least(dialect, eb.ref('issue_tags.first_seen'), eb.ref('excluded.first_seen')),
          last_seen: greatest(dialect, eb.ref('issue_tags.last_seen'), eb.ref('excluded.last_seen')),
        })),
      ),
};

/** Per-issue release and environment values: what the issue list filters on, without touching events. */
async function recordTags(rows: RowRunner, events: EventRecord[], issueOf: (r: EventRecord) => number) {
  const pairs = events.flatMap((r) => {
    const tags: Array<{ r: EventRecord; key: string; value: string }> = [];
    if (r.release) tags.push({ r, key: 'release', value: r.release });
    if (r.environment) tags.push({ r, key: 'environment', value: r.environment });
    return tags;
  });
  const groups = groupBy(pairs, (p) => `${issueOf(p.r)}\u0000${p.key}\u0000${p.value}`);
  await rows.run(
    addTag,
    [...groups.values()].map((group): TagRow => {
      const row = {
        issue_id: issueOf(group[0]!.r),
        key: group[0]!.key,
        value: group[0]!.value,
        times_seen: group.length,
        first_seen: group[0]!.r.timestampMs,
        last_seen: group[0]!.r.timestampMs,
      };
      for (const { r } of group) {
        row.first_seen = Math.min(row.first_seen, r.timestampMs);
        row.last_seen = Math.max(row.last_seen, r.timestampMs);
      }
      return row;
    }),
  );
}

type IssueUserRow = RowOf<'issue_users'>;

const addIssueUser: RowStatement<IssueUserRow, { issue_id: number }> = {
  columns: ['issue_id', 'user_key'],
  build: (db, rows) =>
    db
      .insertInto('issue_users')
      .values(rows)
      .onConflict((oc) => oc.columns(['issue_id', 'user_key']).doNothing())
      .returning('issue_id'),
};

const addUsersSeen: RowStatement<{ id: number; count: number }, unknown> = {
  columns: ['id', 'count'],
  perRow: true,
  build: (db, [row]) =>
    db
      .updateTable('issues')
      .set((eb) => ({ users_seen: eb('users_seen', '+', row!.count) }))
      .where('id', '=', row!.id),
};

async function recordUsers(rows: RowRunner, events: EventRecord[], issueOf: (r: EventRecord) => number) {
  const withUser = events.filter((r) => r.userKey !== null);
  const groups = groupBy(withUser, (r) => `${issueOf(r)}\u0000${r.userKey}`);
  const inserted = await rows.run(
    addIssueUser,
    [...groups.values()].map((g) => ({ issue_id: issueOf(g[0]!), user_key: g[0]!.userKey! })),
  );
  const added = new Map<number, number>();
  for (const { issue_id } of inserted) added.set(issue_id, (added.get(issue_id) ?? 0) + 1);
  await rows.run(
    addUsersSeen,
    [...added].sort(([a], [b]) => a - b).map(([id, count]) => ({ id, count })),
  );
}

async function recordReleases(rows: RowRunner, events: EventRecord[]) {
  const withRelease = events.filter((r) => r.release !== null);
  const groups = groupBy(withRelease, (r) => `${r.projectId}\u0000${r.release}`);
  await upsertReleases(
    rows,
    [...groups.values()].map((group) => {
      const times = group.map((r) => r.timestampMs);
      return {
        project_id: group[0]!.projectId,
        version: group[0]!.release!,
        first_seen: Math.min(...times),
        last_seen: Math.max(...times),
      };
    }),
  );
}
