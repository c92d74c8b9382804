// Every gate verdict, kept: who asked and through what, the windows, the numbers and the answer.

import type { Kysely } from 'kysely';
import type { Cursor } from '../api/cursor.ts';
import type { Schema } from '../storage/schema.ts';

type Db = Kysely<Schema>;

export interface NewVerdict {
  projectId: number;
  release: string;
  baseline: string;
  environment: string;
  baselineEnvironment: string;
  windowMs: number;
  verdict: string;
  reasons: string[];
  metrics: unknown;
  askedBy: string;
  askedVia: string;
  createdAt: number;
}

export async function insertVerdict(db: Db, v: NewVerdict) {
  return db
    .insertInto('gate_verdicts')
    .values({
      project_id: v.projectId,
      release: v.release,
      baseline: v.baseline,
      environment: v.environment,
      baseline_environment: v.baselineEnvironment,
      window_ms: v.windowMs,
      verdict: v.verdict,
      reasons: JSON.stringify(v.reasons),
      metrics: JSON.stringify(v.metrics),
      asked_by: v.askedBy,
      asked_via: v.askedVia,
      created_at: v.createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export interface VerdictFilter {
  release?: string | undefined;
  fromMs?: number | undefined;
  toMs?: number | undefined;
  cursor?: Cursor | undefined;
  limit: number;
}

/** Newest first; limit + 1 rows so that the caller can page. A release matches as candidate or baseline. */
export function listVerdicts(db: Db, projectId: number, f: VerdictFilter) {
  let q = db.selectFrom('gate_verdicts').selectAll().where('project_id', '=', projectId);
  const release = f.release;
  if (release !== undefined)
    q = q.where((eb) => eb.or([eb('release', '=', release), eb('baseline', '=', release)]));
  if (f.fromMs !== undefined) q = q.where('created_at', '>=', f.fromMs);
  if (f.toMs !== undefined) q = q.where('created_at', '<', f.toMs);
  const c = f.cursor;
  if (c) {
    q = q.where((eb) =>
      eb.or([eb('created_at', '<', c.at), eb.and([eb('created_at', '=', c.at), eb('id', '<', c.id)])]),
    );
  }
  return q
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

export async function loadThresholds(db: Db, projectId: number): Promise<Record<string, number>> {
  const row = await db
    .selectFrom('gate_settings')
    .select('thresholds')
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return row ? (JSON.parse(row.thresholds) as Record<string, number>) : {};
}

export async function saveThresholds(
  db: Db,
  projectId: number,
  thresholds: Record<string, number>,
  atMs: number,
) {
  await db
    .insertInto('gate_settings')
    .values({ project_id: projectId, thresholds: JSON.stringify(thresholds), updated_at: atMs })
    .onConflict((oc) =>
      oc.column('project_id').doUpdateSet({ thresholds: JSON.stringify(thresholds), updated_at: atMs }),
    )
    .execute();
}
