// Writes one group-commit batch inside the caller's transaction: drop the events already stored,
// route the rest to their issues (issue-upsert.repository.ts: the issue rows and their users), then
// multi-row statements (storage/compiled-rows.ts) for the events, the per-minute counts, the tag values
// and the releases; then the sessions, client outcomes and transaction counts. Rows are grouped and
// sorted by key, so concurrent PostgreSQL instances take row locks in the same order.

import type { Transaction } from 'kysely';
import { type RowsStatement, runRows } from '../storage/compiled-rows.ts';
import { type DialectName, greatest, least } from '../storage/dialect.ts';
import { encodePayload } from '../storage/payload.ts';
import { groupBy, inChunks, MINUTE } from '../storage/rows.ts';
import type { RowOf, Schema } from '../storage/schema.ts';
import type { EventRecord, IngestBatch } from './batch.ts';
import { countRollups } from './count-rollups.repository.ts';
import { applyArrivals, routeEvents } from './issue-routing.ts';
import { upsertIssues } from './issue-upsert.repository.ts';
import { upsertReleases } from './releases.repository.ts';
import { writeClientOutcomes, writeSessionAggregates, writeSessions } from './sessions.repository.ts';
import { writeTransactionCounts } from './transaction-counts.repository.ts';

type Trx = Transaction<Schema>;
type IssueOf = (r: EventRecord) => number;

export interface BatchResult {
  stored: number;
  duplicates: number;
}

export async function writeBatch(trx: Trx, dialect: DialectName, batch: IngestBatch): Promise<BatchResult> {
  const unique = await withoutDuplicates(trx, batch.events);
  const { own, redirected } =
    unique.length > 0
      ? await routeEvents(trx, unique)
      : { own: unique, redirected: new Map<number, EventRecord[]>() };
  const events = redirected.size === 0 ? own : [...own, ...[...redirected.values()].flat()];
  if (events.length > 0) {
    const { ids: issueIds, created } = await upsertIssues(trx, dialect, own, redirected);
    const issueOf = (r: EventRecord) => issueIds.get(r)!;
    await runRows(
      trx,
      dialect,
      insertEvents,
      events.map((r) => eventRow(r, issueOf(r))),
    );
    await runRows(trx, dialect, addCounts, countRows(events, issueOf));
    await countRollups(trx, dialect, events, issueOf);
    await runRows(trx, dialect, addTags, tagRows(events, issueOf));
    await upsertReleases(trx, dialect, releaseRows(events));
    await applyArrivals(trx, dialect, events, issueOf, created);
  }
  await writeSessions(trx, dialect, batch);
  await writeSessionAggregates(trx, dialect, batch);
  await writeClientOutcomes(trx, dialect, batch);
  await writeTransactionCounts(trx, dialect, batch);
  return { stored: events.length, duplicates: batch.events.length - unique.length };
}

/** Idempotency by event_id: drop retries already stored and repeats inside the batch. */
async function withoutDuplicates(trx: Trx, records: EventRecord[]): Promise<EventRecord[]> {
  const key = (projectId: number, eventId: string) => `${projectId}:${eventId}`;
  const seen = new Set<string>();
  const unique = records.filter((r) => {
    const k = key(r.projectId, r.eventId);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  // Served by the (event_id, project_id) unique index.
  const found = await inChunks(unique, (chunk) =>
    trx
      .selectFrom('events')
      .select(['project_id', 'event_id'])
      .where(
        'event_id',
        'in',
        chunk.map((r) => r.eventId),
      )
      .where('project_id', 'in', [...new Set(chunk.map((r) => r.projectId))])
      .execute(),
  );
  if (found.length === 0) return unique;
  const stored = new Set(found.map((row) => key(row.project_id, row.event_id)));
  return unique.filter((r) => !stored.has(key(r.projectId, r.eventId)));
}

const insertEvents: RowsStatement<RowOf<'events'>> = (db, rows) => db.insertInto('events').values(rows);

function eventRow(r: EventRecord, issueId: number): RowOf<'events'> {
  return {
    project_id: r.projectId,
    issue_id: issueId,
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
    user_username: r.userUsername,
    user_ip: r.userIp,
    // The event's own fingerprint, even when it landed in a merge target: unmerge splits by it.
    fingerprint: r.fingerprint.hash,
    payload: encodePayload(r.json),
  };
}

const addCounts: RowsStatement<RowOf<'issue_counts'>> = (db, rows) =>
  db
    .insertInto('issue_counts')
    .values(rows)
    .onConflict((oc) =>
      oc
        .columns(['issue_id', 'minute'])
        .doUpdateSet((eb) => ({ count: eb(eb.ref('issue_counts.count'), '+', eb.ref('excluded.count')) })),
    );

function countRows(events: EventRecord[], issueOf: IssueOf): Array<RowOf<'issue_counts'>> {
  const groups = groupBy(events, (r) => `${issueOf(r)}:${Math.floor(r.timestampMs / MINUTE)}`);
  return [...groups.values()].map((group) => ({
    issue_id: issueOf(group[0]!),
    minute: Math.floor(group[0]!.timestampMs / MINUTE),
    count: group.length,
  }));
}

const addTags: RowsStatement<RowOf<'issue_tags'>> = (db, rows, dialect) =>
  db
    .insertInto('issue_tags')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['issue_id', 'key', 'value']).doUpdateSet((eb) => ({
        times_seen: eb(eb.ref('issue_tags.times_seen'), '+', eb.ref('excluded.times_seen')),
        first_seen: least(dialect, eb.ref('issue_tags.first_seen'), eb.ref('excluded.first_seen')),
        last_seen: greatest(dialect, eb.ref('issue_tags.last_seen'), eb.ref('excluded.last_seen')),
      })),
    );

/**
 * Per-issue tag values (release, environment, browser, url, user…): what the issue list filters on and the
 * tag breakdown shows, without touching events.
 */
function tagRows(events: EventRecord[], issueOf: IssueOf): Array<RowOf<'issue_tags'>> {
  const pairs = events.flatMap((r) => r.tags.map(([key, value]) => ({ r, key, value })));
  const groups = groupBy(pairs, (p) => `${issueOf(p.r)}\u0000${p.key}\u0000${p.value}`);
  return [...groups.values()].map((group) => {
    const times = group.map(({ r }) => r.timestampMs);
    return {
      issue_id: issueOf(group[0]!.r),
      key: group[0]!.key,
      value: group[0]!.value,
      times_seen: group.length,
      first_seen: Math.min(...times),
      last_seen: Math.max(...times),
    };
  });
}

function releaseRows(events: EventRecord[]): Array<RowOf<'releases'>> {
  const groups = groupBy(
    events.filter((r) => r.release !== null),
    (r) => `${r.projectId}\u0000${r.release}`,
  );
  return [...groups.values()].map((group) => {
    const times = group.map((r) => r.timestampMs);
    return {
      project_id: group[0]!.projectId,
      version: group[0]!.release!,
      first_seen: Math.min(...times),
      last_seen: Math.max(...times),
    };
  });
}
