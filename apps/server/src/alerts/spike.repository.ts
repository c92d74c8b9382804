// The spike detector's storage: each project's cursor (the next minute to evaluate, moved by compare-and-set
// so that each minute is evaluated by one instance, once), the per-minute counts it reads, the per-subject
// state, the decisions and the spikes it writes.

import { type Kysely, sql, type Transaction } from 'kysely';
import type { Schema } from '../storage/schema.ts';
import type { Decision, SubjectState } from './spike-detector.ts';

type Db = Kysely<Schema> | Transaction<Schema>;

const CHUNK = 500;
function* chunks<T>(items: readonly T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += CHUNK) yield items.slice(i, i + CHUNK);
}

export function projectIds(db: Db): Promise<{ id: number; created_at: number }[]> {
  return db.selectFrom('projects').select(['id', 'created_at']).orderBy('id').execute();
}

/** The project's next minute to evaluate; a project met for the first time starts at `startMinute`. */
export async function cursorOf(db: Db, projectId: number, startMinute: number): Promise<number> {
  await db
    .insertInto('spike_cursors')
    .values({ project_id: projectId, next_minute: startMinute })
    .onConflict((oc) => oc.column('project_id').doNothing())
    .execute();
  const row = await db
    .selectFrom('spike_cursors')
    .select('next_minute')
    .where('project_id', '=', projectId)
    .executeTakeFirstOrThrow();
  return row.next_minute;
}

/**
 * Claim `minute` for evaluation: the cursor moves from it to `to` (the next minute, or further when
 * skipping a backlog). On PostgreSQL a second instance's update waits for the first's transaction, then
 * finds the cursor moved and claims nothing.
 */
export async function advanceCursor(db: Db, projectId: number, minute: number, to: number): Promise<boolean> {
  const result = await db
    .updateTable('spike_cursors')
    .set({ next_minute: to })
    .where('project_id', '=', projectId)
    .where('next_minute', '=', minute)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Per-minute counts of the project's issues from `fromMinute` to `toMinute`. */
export function issueMinuteCounts(db: Db, projectId: number, fromMinute: number, toMinute: number) {
  return db
    .selectFrom('issue_counts as c')
    .innerJoin('issues as i', 'i.id', 'c.issue_id')
    .select(['c.issue_id', 'c.minute', 'c.count'])
    .where('i.project_id', '=', projectId)
    .where('c.minute', '>=', fromMinute)
    .where('c.minute', '<=', toMinute)
    .execute();
}

/** The project's per-minute counts, every environment together. */
export function projectMinuteCounts(db: Db, projectId: number, fromMinute: number, toMinute: number) {
  return db
    .selectFrom('project_counts')
    .select(['minute', (eb) => eb.fn.sum<number>('count').as('count')])
    .where('project_id', '=', projectId)
    .where('span', '=', 1)
    .where('minute', '>=', fromMinute)
    .where('minute', '<=', toMinute)
    .groupBy('minute')
    .execute();
}

/** Events in hourly buckets from `fromMinute` (inclusive) to `toMinute` (exclusive), per issue: for seeding baselines. */
export async function issueHourlyTotals(
  db: Db,
  issueIds: readonly number[],
  fromMinute: number,
  toMinute: number,
) {
  const totals = new Map<number, { events: number; firstSeenMinute: number }>();
  for (const part of chunks(issueIds)) {
    const rows = await db
      .selectFrom('issues as i')
      .leftJoin('issue_rollups as r', (join) =>
        join
          .onRef('r.issue_id', '=', 'i.id')
          .on('r.span', '=', 60)
          .on('r.minute', '>=', fromMinute)
          .on('r.minute', '<', toMinute),
      )
      .select([
        'i.id',
        'i.first_seen',
        (eb) => eb.fn.coalesce(eb.fn.sum<number>('r.count'), sql<number>`0`).as('events'),
      ])
      .where('i.id', 'in', part)
      .groupBy(['i.id', 'i.first_seen'])
      .execute();
    for (const r of rows)
      totals.set(r.id, { events: Number(r.events), firstSeenMinute: Math.floor(r.first_seen / 60_000) });
  }
  return totals;
}

export async function projectHourlyTotal(db: Db, projectId: number, fromMinute: number, toMinute: number) {
  const row = await db
    .selectFrom('project_counts')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('count'), sql<number>`0`).as('events'))
    .where('project_id', '=', projectId)
    .where('span', '=', 60)
    .where('minute', '>=', fromMinute)
    .where('minute', '<', toMinute)
    .executeTakeFirst();
  return Number(row?.events ?? 0);
}

export interface StoredState extends SubjectState {
  readonly spikeId: number | null;
}

/** The states of these subjects, and of every subject with a spike open. */
export async function subjectStates(db: Db, projectId: number, issueIds: readonly number[]) {
  const states = new Map<number, StoredState>();
  const read = (rows: Awaited<ReturnType<typeof selectStates>>) => {
    for (const r of rows) {
      states.set(r.issue_id, {
        baseline: r.baseline,
        recent: r.recent ?? undefined,
        baselineMinute: r.baseline_minute,
        firstMinute: r.first_minute,
        spikeOpen: r.spike_id !== null,
        quietMinutes: r.quiet_minutes,
        spikeId: r.spike_id,
      });
    }
  };
  const selectStates = (where: (q: ReturnType<typeof base>) => ReturnType<typeof base>) =>
    where(base()).execute();
  const base = () => db.selectFrom('spike_states').selectAll().where('project_id', '=', projectId);
  read(await selectStates((q) => q.where('spike_id', 'is not', null)));
  for (const part of chunks(issueIds)) read(await selectStates((q) => q.where('issue_id', 'in', part)));
  return states;
}

export async function saveState(
  db: Db,
  projectId: number,
  issueId: number,
  state: SubjectState,
  spikeId: number | null,
) {
  const values = {
    baseline: state.baseline,
    recent: state.recent ?? null,
    baseline_minute: state.baselineMinute,
    first_minute: state.firstMinute,
    spike_id: spikeId,
    quiet_minutes: state.quietMinutes,
  };
  await db
    .insertInto('spike_states')
    .values({ project_id: projectId, issue_id: issueId, ...values })
    .onConflict((oc) => oc.columns(['project_id', 'issue_id']).doUpdateSet(values))
    .execute();
}

export async function openSpike(db: Db, projectId: number, decision: Decision): Promise<number> {
  const row = await db
    .insertInto('spikes')
    .values({
      project_id: projectId,
      issue_id: decision.issueId,
      started_minute: decision.minute,
      resolved_minute: null,
      fired: JSON.stringify(decision),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function closeSpike(db: Db, spikeId: number, minute: number): Promise<void> {
  await db.updateTable('spikes').set({ resolved_minute: minute }).where('id', '=', spikeId).execute();
}

export async function recordDecision(db: Db, projectId: number, decision: Decision, spikeId: number | null) {
  await db
    .insertInto('spike_decisions')
    .values({
      project_id: projectId,
      issue_id: decision.issueId,
      minute: decision.minute,
      outcome: decision.outcome,
      spike_id: spikeId,
      numbers: JSON.stringify(decision),
    })
    .execute();
}

/** A project's decisions, newest first: of one subject (0 the project) or all, and of one spike or all. */
export function listDecisions(
  db: Db,
  projectId: number,
  filter: {
    issueId?: number | undefined;
    spikeId?: number | undefined;
    beforeId: number | null;
    limit: number;
  },
) {
  let query = db.selectFrom('spike_decisions').selectAll().where('project_id', '=', projectId);
  if (filter.issueId !== undefined) query = query.where('issue_id', '=', filter.issueId);
  if (filter.spikeId !== undefined) query = query.where('spike_id', '=', filter.spikeId);
  if (filter.beforeId !== null) query = query.where('id', '<', filter.beforeId);
  return query
    .orderBy('id', 'desc')
    .limit(filter.limit + 1)
    .execute();
}

/** Events (or distinct users) per issue in a window of minutes, for the event_count conditions. */
export async function windowTotals(
  db: Db,
  projectId: number,
  metric: 'events' | 'users',
  fromMinute: number,
  toMinute: number,
): Promise<Map<number, number>> {
  if (metric === 'events') {
    const rows = await db
      .selectFrom('issue_counts as c')
      .innerJoin('issues as i', 'i.id', 'c.issue_id')
      .select(['c.issue_id', (eb) => eb.fn.sum<number>('c.count').as('total')])
      .where('i.project_id', '=', projectId)
      .where('c.minute', '>=', fromMinute)
      .where('c.minute', '<=', toMinute)
      .groupBy('c.issue_id')
      .execute();
    return new Map(rows.map((r) => [r.issue_id, Number(r.total)]));
  }
  const rows = await db
    .selectFrom('events')
    .select(['issue_id', (eb) => eb.fn.count<number>('user_key').distinct().as('total')])
    .where('project_id', '=', projectId)
    .where('timestamp', '>=', fromMinute * 60_000)
    .where('timestamp', '<', (toMinute + 1) * 60_000)
    .where('user_key', 'is not', null)
    .groupBy('issue_id')
    .execute();
  return new Map(rows.map((r) => [r.issue_id, Number(r.total)]));
}
