// Retention: events (and raw sessions, the deploy gate's verdicts and the per-minute transaction counts it
// reads) older than VIGIE_RETENTION_DAYS are deleted in small batches, each its own short transaction, so
// ingest keeps committing between them. What the lists and graphs read is kept: issues with their counters,
// issue_counts and rollups, tags, session aggregates.
// SQLite puts the freed pages on its freelist and new events reuse them; PostgreSQL's vacuum does
// the same for its tables: the database stops growing once it holds VIGIE_RETENTION_DAYS of events.

import type { Kysely } from 'kysely';
import type { Schema } from '../storage/schema.ts';

const DAY_MS = 86_400_000;

/** Rows per delete: small enough that a batch holds the SQLite write lock for milliseconds only. */
export const RETENTION_BATCH = 500;

export interface RetentionResult {
  events: number;
  sessions: number;
  /** The deploy gate's kept verdicts (deploys/): Argo Rollouts asks once a minute during a rollout. */
  verdicts: number;
  /** Rows of transaction_counts (one per release, environment and minute), by their minute. */
  transactionCounts: number;
}

export interface RetentionOptions {
  batchSize?: number;
  /** A long run stops between batches when aborted; the next run carries on. */
  signal?: AbortSignal;
}

/** Delete the events and raw sessions that arrived more than retentionDays before nowMs. */
export async function applyRetention(
  db: Kysely<Schema>,
  retentionDays: number,
  nowMs: number,
  options: RetentionOptions = {},
): Promise<RetentionResult> {
  const cutoffMs = nowMs - retentionDays * DAY_MS;
  const events = await deleteOldEvents(db, cutoffMs, options);
  const sessions = await deleteOldSessions(db, cutoffMs, options);
  const verdicts = await deleteOldVerdicts(db, cutoffMs, options);
  const transactionCounts = await deleteOldTransactionCounts(db, cutoffMs, options);
  return { events, sessions, verdicts, transactionCounts };
}

/** Runs `batch` until it says nothing more is due, or the run is aborted; the rows deleted, summed. */
async function untilDone(
  { batchSize = RETENTION_BATCH, signal }: RetentionOptions,
  batch: (size: number) => Promise<{ deleted: number; more: boolean }>,
): Promise<number> {
  let deleted = 0;
  while (!signal?.aborted) {
    const step = await batch(batchSize);
    deleted += step.deleted;
    if (!step.more) break;
  }
  return deleted;
}

/**
 * Events are read oldest first by id, which follows arrival (received_at) without an index of its
 * own: each batch reads the lowest ids and deletes those that arrived before the cutoff. A batch
 * with none to delete is the boundary, so a run costs a few index reads when nothing is due.
 */
function deleteOldEvents(db: Kysely<Schema>, cutoffMs: number, options: RetentionOptions): Promise<number> {
  let afterId = 0;
  return untilDone(options, async (size) => {
    const oldest = await db
      .selectFrom('events')
      .select(['id', 'received_at'])
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(size)
      .execute();
    const due = oldest.filter((e) => e.received_at < cutoffMs).map((e) => e.id);
    if (due.length > 0) await db.deleteFrom('events').where('id', 'in', due).execute();
    // Rows left in this batch arrived after the cutoff (instances' clocks differ by a little): skip them.
    afterId = oldest.at(-1)?.id ?? afterId;
    return { deleted: due.length, more: due.length > 0 && oldest.length === size };
  });
}

/** Raw sessions seen last before the cutoff; the per-minute session_aggregates stay. */
function deleteOldSessions(db: Kysely<Schema>, cutoffMs: number, options: RetentionOptions): Promise<number> {
  return untilDone(options, async (size) => {
    const due = await db
      .selectFrom('sessions')
      .select(['project_id', 'sid'])
      .where('last_seen', '<', cutoffMs)
      .limit(size)
      .execute();
    for (const [projectId, sids] of byProject(due)) {
      await db.deleteFrom('sessions').where('project_id', '=', projectId).where('sid', 'in', sids).execute();
    }
    return { deleted: due.length, more: due.length === size };
  });
}

/** Gate verdicts asked before the cutoff, oldest first. */
function deleteOldVerdicts(db: Kysely<Schema>, cutoffMs: number, options: RetentionOptions): Promise<number> {
  return untilDone(options, async (size) => {
    const due = (
      await db
        .selectFrom('gate_verdicts')
        .select('id')
        .where('created_at', '<', cutoffMs)
        .orderBy('created_at')
        .limit(size)
        .execute()
    ).map((v) => v.id);
    if (due.length > 0) await db.deleteFrom('gate_verdicts').where('id', 'in', due).execute();
    return { deleted: due.length, more: due.length === size };
  });
}

/** Transaction counts of minutes before the cutoff's, oldest first (the minute index). */
function deleteOldTransactionCounts(
  db: Kysely<Schema>,
  cutoffMs: number,
  options: RetentionOptions,
): Promise<number> {
  const cutoffMinute = Math.floor(cutoffMs / 60_000);
  return untilDone(options, async (size) => {
    const due = await db
      .selectFrom('transaction_counts')
      .select(['project_id', 'release', 'environment', 'minute'])
      .where('minute', '<', cutoffMinute)
      .orderBy('minute')
      .limit(size)
      .execute();
    // One delete per oldest minute: the rows of a minute go together, and a minute holds few.
    for (const minute of new Set(due.map((r) => r.minute))) {
      const rows = due.filter((r) => r.minute === minute);
      await db
        .deleteFrom('transaction_counts')
        .where('minute', '=', minute)
        .where((eb) =>
          eb.or(
            rows.map((r) =>
              eb.and([
                eb('project_id', '=', r.project_id),
                eb('release', '=', r.release),
                eb('environment', '=', r.environment),
              ]),
            ),
          ),
        )
        .execute();
    }
    return { deleted: due.length, more: due.length === size };
  });
}

function byProject(rows: Array<{ project_id: number; sid: string }>): Map<number, string[]> {
  const groups = new Map<number, string[]>();
  for (const { project_id, sid } of rows) groups.set(project_id, [...(groups.get(project_id) ?? []), sid]);
  return groups;
}
