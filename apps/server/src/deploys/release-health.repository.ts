// Release health read from what ingest stored: individual session updates (`sessions`), the aggregated
// sessions that server SDKs send (`session_aggregates`), transactions counted per minute (`transaction_counts`),
// error events, issues first seen in a release and issues that regressed with it. Windows are [fromMs, toMs); an environment of null means every environment.

import { type Kysely, sql } from 'kysely';
import type { Schema } from '../storage/schema.ts';
import type { IssueFact, SideCounts } from './gate-judge.ts';

type Db = Kysely<Schema>;

export interface Window {
  fromMs: number;
  toMs: number;
}

/** Session and event counts per release over a window, every release of the project at once. */
export interface ReleaseCounts extends SideCounts {
  release: string;
}

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const MINUTE = 60_000;

async function individualSessions(
  db: Db,
  projectId: number,
  env: string | null,
  w: Window,
  release?: string,
) {
  let q = db
    .selectFrom('sessions')
    .select((eb) => [
      'release',
      eb.fn.countAll().as('sessions'),
      sql<number>`sum(case when status in ('crashed', 'abnormal') then 1 else 0 end)`.as('crashed'),
      sql<number>`sum(case when errors > 0 or status in ('crashed', 'abnormal', 'errored') then 1 else 0 end)`.as(
        'errored',
      ),
      sql<number>`count(distinct did)`.as('users'),
      sql<number>`count(distinct case when status in ('crashed', 'abnormal') then did end)`.as(
        'crashed_users',
      ),
    ])
    .where('project_id', '=', projectId)
    .where('started', '>=', w.fromMs)
    .where('started', '<', w.toMs)
    .groupBy('release');
  if (env !== null) q = q.where('environment', '=', env);
  if (release !== undefined) q = q.where('release', '=', release);
  return q.execute();
}

async function aggregatedSessions(
  db: Db,
  projectId: number,
  env: string | null,
  w: Window,
  release?: string,
) {
  let q = db
    .selectFrom('session_aggregates')
    .select((eb) => [
      'release',
      eb.fn.sum<number>(sql`exited + errored + abnormal + crashed`).as('sessions'),
      eb.fn.sum<number>(sql`abnormal + crashed`).as('crashed'),
      eb.fn.sum<number>(sql`errored + abnormal + crashed`).as('errored'),
    ])
    .where('project_id', '=', projectId)
    .where('bucket', '>=', w.fromMs)
    .where('bucket', '<', w.toMs)
    .groupBy('release');
  if (env !== null) q = q.where('environment', '=', env);
  if (release !== undefined) q = q.where('release', '=', release);
  return q.execute();
}

/** Minutes whose start is in the window, as session aggregates' buckets are. */
async function transactionCounts(db: Db, projectId: number, env: string | null, w: Window, release?: string) {
  let q = db
    .selectFrom('transaction_counts')
    .select((eb) => [
      'release',
      eb.fn.sum<number>('sampled').as('transactions'),
      eb.fn.sum<number>('estimated').as('requests'),
    ])
    .where('project_id', '=', projectId)
    .where('minute', '>=', Math.ceil(w.fromMs / MINUTE))
    .where('minute', '<', Math.ceil(w.toMs / MINUTE))
    .groupBy('release');
  if (env !== null) q = q.where('environment', '=', env);
  if (release !== undefined) q = q.where('release', '=', release);
  return q.execute();
}

async function errorEvents(db: Db, projectId: number, env: string | null, w: Window, release?: string) {
  let q = db
    .selectFrom('events')
    .select((eb) => ['release', eb.fn.countAll().as('events')])
    .where('project_id', '=', projectId)
    .where('release', 'is not', null)
    .where('timestamp', '>=', w.fromMs)
    .where('timestamp', '<', w.toMs)
    .groupBy('release');
  if (env !== null) q = q.where('environment', '=', env);
  if (release !== undefined) q = q.where('release', '=', release);
  return q.execute();
}

/** Every release's counts in the window (releases with sessions, transactions or events in it). */
export async function releaseCounts(
  db: Db,
  projectId: number,
  env: string | null,
  w: Window,
  release?: string,
): Promise<Map<string, ReleaseCounts>> {
  const [individual, aggregated, transactions, events] = await Promise.all([
    individualSessions(db, projectId, env, w, release),
    aggregatedSessions(db, projectId, env, w, release),
    transactionCounts(db, projectId, env, w, release),
    errorEvents(db, projectId, env, w, release),
  ]);
  const byRelease = new Map<string, ReleaseCounts>();
  const of = (r: string) => {
    let c = byRelease.get(r);
    if (!c) {
      c = {
        release: r,
        sessions: 0,
        crashedSessions: 0,
        erroredSessions: 0,
        errorEvents: 0,
        users: null,
        crashedUsers: null,
        transactions: 0,
        requests: 0,
      };
      byRelease.set(r, c);
    }
    return c;
  };
  for (const row of individual) {
    const c = of(row.release);
    c.sessions += num(row.sessions);
    c.crashedSessions += num(row.crashed);
    c.erroredSessions += num(row.errored);
    c.users = num(row.users);
    c.crashedUsers = num(row.crashed_users);
  }
  for (const row of aggregated) {
    const c = of(row.release);
    c.sessions += num(row.sessions);
    c.crashedSessions += num(row.crashed);
    c.erroredSessions += num(row.errored);
  }
  for (const row of transactions) {
    const c = of(row.release);
    c.transactions += num(row.transactions);
    c.requests += num(row.requests);
  }
  for (const row of events) {
    if (row.release !== null) of(row.release).errorEvents += num(row.events);
  }
  return byRelease;
}

/** One release's counts: zeros when it sent nothing in the window. */
export async function sideCounts(
  db: Db,
  projectId: number,
  release: string,
  env: string | null,
  w: Window,
): Promise<SideCounts> {
  const counts = (await releaseCounts(db, projectId, env, w, release)).get(release);
  if (!counts) {
    return {
      sessions: 0,
      crashedSessions: 0,
      erroredSessions: 0,
      errorEvents: 0,
      users: null,
      crashedUsers: null,
      transactions: 0,
      requests: 0,
    };
  }
  const { release: _release, ...side } = counts;
  return side;
}

/** The release's issues in the window with their event counts: those first seen in it, and those that regressed. */
export async function releaseIssues(
  db: Db,
  projectId: number,
  release: string,
  env: string | null,
  w: Window,
): Promise<{ newIssues: IssueFact[]; regressions: IssueFact[] }> {
  let counts = db
    .selectFrom('events')
    .select((eb) => ['issue_id', eb.fn.countAll().as('events')])
    .where('project_id', '=', projectId)
    .where('release', '=', release)
    .where('timestamp', '>=', w.fromMs)
    .where('timestamp', '<', w.toMs)
    .groupBy('issue_id')
    .orderBy(sql`count(*)`, 'desc')
    .limit(500);
  if (env !== null) counts = counts.where('environment', '=', env);
  const rows = await counts.execute();
  if (rows.length === 0) return { newIssues: [], regressions: [] };
  const ids = rows.map((r) => r.issue_id);
  const [issues, regressed] = await Promise.all([
    db.selectFrom('issues').select(['id', 'title', 'first_release']).where('id', 'in', ids).execute(),
    db
      .selectFrom('issue_activity')
      .select('issue_id')
      .distinct()
      .where('issue_id', 'in', ids)
      .where('reason', '=', 'regressed')
      .where('created_at', '>=', w.fromMs)
      .where('created_at', '<', w.toMs)
      .execute(),
  ]);
  const regressedIds = new Set(regressed.map((r) => r.issue_id));
  const byId = new Map(issues.map((i) => [i.id, i]));
  const newIssues: IssueFact[] = [];
  const regressions: IssueFact[] = [];
  for (const row of rows) {
    const issue = byId.get(row.issue_id);
    if (!issue) continue;
    const fact = { issueId: issue.id, title: issue.title, events: num(row.events) };
    if (issue.first_release === release) newIssues.push(fact);
    else if (regressedIds.has(issue.id)) regressions.push(fact);
  }
  return { newIssues, regressions };
}

/** Issues first seen in each release, per release, among the given releases. */
export async function newIssueCounts(
  db: Db,
  projectId: number,
  releases: string[],
): Promise<Map<string, number>> {
  if (releases.length === 0) return new Map();
  const rows = await db
    .selectFrom('issues')
    .select((eb) => ['first_release', eb.fn.countAll().as('issues')])
    .where('project_id', '=', projectId)
    .where('first_release', 'in', releases)
    .where('merged_into_id', 'is', null)
    .groupBy('first_release')
    .execute();
  return new Map(rows.map((r) => [r.first_release ?? '', num(r.issues)]));
}

/**
 * Regressions per release in the window: each issue that regressed, counted for the release of its latest
 * event at the time it regressed.
 */
export async function regressionCounts(db: Db, projectId: number, w: Window): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('issue_activity as a')
    .select((eb) => [
      eb
        .selectFrom('events as e')
        .select('e.release')
        .whereRef('e.issue_id', '=', 'a.issue_id')
        .whereRef('e.received_at', '<=', 'a.created_at')
        .orderBy('e.received_at', 'desc')
        .limit(1)
        .as('release'),
    ])
    .where('a.project_id', '=', projectId)
    .where('a.reason', '=', 'regressed')
    .where('a.created_at', '>=', w.fromMs)
    .where('a.created_at', '<', w.toMs)
    .limit(1000)
    .execute();
  const counts = new Map<string, number>();
  for (const r of rows) if (r.release) counts.set(r.release, (counts.get(r.release) ?? 0) + 1);
  return counts;
}
