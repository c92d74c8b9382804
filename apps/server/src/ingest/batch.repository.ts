// Writes one group-commit batch inside the caller's transaction. Work is aggregated per issue,
// per minute and per tag before it reaches SQL, so a batch of N events costs a handful of
// multi-row statements, not N round trips. Rows are sorted by key so concurrent PostgreSQL
// instances take row locks in the same order and do not deadlock.

import type { Transaction } from 'kysely';
import { type DialectName, greatest, least } from '../storage/dialect.ts';
import { chunks, groupBy, MINUTE } from '../storage/rows.ts';
import type { Schema } from '../storage/schema.ts';
import type { EventRecord, IngestBatch } from './batch.ts';
import { encodePayload } from './payload.ts';
import { upsertReleases } from './releases.repository.ts';
import { writeClientOutcomes, writeSessionAggregates, writeSessions } from './sessions.repository.ts';

type Trx = Transaction<Schema>;

const issueKey = (r: EventRecord) => `${r.projectId}\u0000${r.fingerprint.hash}`;

export interface BatchResult {
  stored: number;
  duplicates: number;
}

export async function writeBatch(trx: Trx, dialect: DialectName, batch: IngestBatch): Promise<BatchResult> {
  const events = await withoutDuplicates(trx, batch.events);
  if (events.length > 0) {
    const issueIds = await upsertIssues(trx, dialect, events);
    const issueOf = (r: EventRecord) => issueIds.get(issueKey(r))!;
    await insertEvents(trx, events, issueOf);
    await countOccurrences(trx, events, issueOf);
    await recordTags(trx, dialect, events, issueOf);
    await recordUsers(trx, events, issueOf);
    await recordReleases(trx, dialect, events);
  }
  await writeSessions(trx, dialect, batch);
  await writeSessionAggregates(trx, batch);
  await writeClientOutcomes(trx, batch);
  return { stored: events.length, duplicates: batch.events.length - events.length };
}

/** Idempotency by event_id: drop retries already stored and repeats inside the batch. */
async function withoutDuplicates(trx: Trx, records: EventRecord[]): Promise<EventRecord[]> {
  const seen = new Set<string>();
  const unique = records.filter((r) => {
    const k = `${r.projectId}:${r.eventId}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  if (unique.length === 0) return unique;
  const stored = new Set<string>();
  for (const part of chunks(unique, 500)) {
    const rows = await trx
      .selectFrom('events')
      .select(['project_id', 'event_id'])
      .where(
        'event_id',
        'in',
        part.map((r) => r.eventId),
      )
      .execute();
    for (const row of rows) stored.add(`${row.project_id}:${row.event_id}`);
  }
  return unique.filter((r) => !stored.has(`${r.projectId}:${r.eventId}`));
}

async function upsertIssues(
  trx: Trx,
  dialect: DialectName,
  events: EventRecord[],
): Promise<Map<string, number>> {
  const rows = [...groupBy(events, issueKey).values()].map((group) => {
    const byTime = [...group].sort((a, b) => a.timestampMs - b.timestampMs);
    const first = byTime[0]!;
    const last = byTime[byTime.length - 1]!;
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
      first_release: first.release,
      last_release: last.release,
      last_event_id: last.eventId,
    };
  });
  const ids = new Map<string, number>();
  for (const part of chunks(rows)) {
    const returned = await trx
      .insertInto('issues')
      .values(part)
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
          };
        }),
      )
      .returning(['id', 'project_id', 'fingerprint'])
      .execute();
    for (const row of returned) ids.set(`${row.project_id}\u0000${row.fingerprint}`, row.id);
  }
  return ids;
}

async function insertEvents(trx: Trx, events: EventRecord[], issueOf: (r: EventRecord) => number) {
  const rows = events.map((r) => ({
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
    payload: encodePayload(r.json),
  }));
  for (const part of chunks(rows)) await trx.insertInto('events').values(part).execute();
}

async function countOccurrences(trx: Trx, events: EventRecord[], issueOf: (r: EventRecord) => number) {
  const groups = groupBy(events, (r) => `${issueOf(r)}:${Math.floor(r.timestampMs / MINUTE)}`);
  const rows = [...groups.values()].map((group) => ({
    issue_id: issueOf(group[0]!),
    minute: Math.floor(group[0]!.timestampMs / MINUTE),
    count: group.length,
  }));
  for (const part of chunks(rows)) {
    await trx
      .insertInto('issue_counts')
      .values(part)
      .onConflict((oc) =>
        oc
          .columns(['issue_id', 'minute'])
          .doUpdateSet((eb) => ({ count: eb(eb.ref('issue_counts.count'), '+', eb.ref('excluded.count')) })),
      )
      .execute();
  }
}

/** Per-issue release and environment values: what the issue list filters on, without touching events. */
async function recordTags(
  trx: Trx,
  dialect: DialectName,
  events: EventRecord[],
  issueOf: (r: EventRecord) => number,
) {
  const pairs = events.flatMap((r) => {
    const tags: Array<{ r: EventRecord; key: string; value: string }> = [];
    if (r.release) tags.push({ r, key: 'release', value: r.release });
    if (r.environment) tags.push({ r, key: 'environment', value: r.environment });
    return tags;
  });
  const groups = groupBy(pairs, (p) => `${issueOf(p.r)}\u0000${p.key}\u0000${p.value}`);
  const rows = [...groups.values()].map((group) => {
    const times = group.map((p) => p.r.timestampMs);
    return {
      issue_id: issueOf(group[0]!.r),
      key: group[0]!.key,
      value: group[0]!.value,
      times_seen: group.length,
      first_seen: Math.min(...times),
      last_seen: Math.max(...times),
    };
  });
  for (const part of chunks(rows)) {
    await trx
      .insertInto('issue_tags')
      .values(part)
      .onConflict((oc) =>
        oc.columns(['issue_id', 'key', 'value']).doUpdateSet((eb) => ({
          times_seen: eb(eb.ref('issue_tags.times_seen'), '+', eb.ref('excluded.times_seen')),
          first_seen: least(dialect, eb.ref('issue_tags.first_seen'), eb.ref('excluded.first_seen')),
          last_seen: greatest(dialect, eb.ref('issue_tags.last_seen'), eb.ref('excluded.last_seen')),
        })),
      )
      .execute();
  }
}

async function recordUsers(trx: Trx, events: EventRecord[], issueOf: (r: EventRecord) => number) {
  const withUser = events.filter((r) => r.userKey !== null);
  const groups = groupBy(withUser, (r) => `${issueOf(r)}\u0000${r.userKey}`);
  const rows = [...groups.values()].map((g) => ({
    issue_id: issueOf(g[0]!),
    user_key: g[0]!.userKey!,
  }));
  const added = new Map<number, number>();
  for (const part of chunks(rows)) {
    const inserted = await trx
      .insertInto('issue_users')
      .values(part)
      .onConflict((oc) => oc.columns(['issue_id', 'user_key']).doNothing())
      .returning('issue_id')
      .execute();
    for (const { issue_id } of inserted) added.set(issue_id, (added.get(issue_id) ?? 0) + 1);
  }
  for (const [issueId, count] of [...added].sort(([a], [b]) => a - b)) {
    await trx
      .updateTable('issues')
      .set((eb) => ({ users_seen: eb('users_seen', '+', count) }))
      .where('id', '=', issueId)
      .execute();
  }
}

async function recordReleases(trx: Trx, dialect: DialectName, events: EventRecord[]) {
  const withRelease = events.filter((r) => r.release !== null);
  const groups = groupBy(withRelease, (r) => `${r.projectId}\u0000${r.release}`);
  const rows = [...groups.values()].map((group) => {
    const times = group.map((r) => r.timestampMs);
    return {
      project_id: group[0]!.projectId,
      version: group[0]!.release!,
      first_seen: Math.min(...times),
      last_seen: Math.max(...times),
    };
  });
  await upsertReleases(trx, dialect, rows);
}
