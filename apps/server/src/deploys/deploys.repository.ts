// Deploy markers: written by POST /deploys, sentry-cli's deploys endpoint and `vigie deploy`; read by the
// charts (markers), the releases pages and the gate's history.

import type { Kysely } from 'kysely';
import type { Cursor } from '../api/cursor.ts';
import type { Schema } from '../storage/schema.ts';

type Db = Kysely<Schema>;

export const STRATEGIES = ['blue-green', 'rolling', 'canary'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export interface NewDeploy {
  projectId: number;
  release: string;
  environment: string;
  strategy: Strategy | null;
  name: string | null;
  url: string | null;
  startedAt: number | null;
  finishedAt: number;
  createdBy: string;
  createdAt: number;
}

export async function insertDeploy(db: Db, d: NewDeploy) {
  return db
    .insertInto('deploys')
    .values({
      project_id: d.projectId,
      release: d.release,
      environment: d.environment,
      strategy: d.strategy,
      name: d.name,
      url: d.url,
      started_at: d.startedAt,
      finished_at: d.finishedAt,
      created_by: d.createdBy,
      created_at: d.createdAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface DeployFilter {
  release?: string | undefined;
  environment?: string | undefined;
  /** Only deploys finished in [fromMs, toMs). */
  fromMs?: number | undefined;
  toMs?: number | undefined;
  cursor?: Cursor | undefined;
  limit: number;
}

/**
 * Newest first; limit + 1 rows so that the caller can page. Of one project, or of several (the projects
 * page draws every project's deploys on its sparklines): the cursor's (time, id) orders across projects.
 */
export function listDeploys(db: Db, projectIds: number | readonly number[], f: DeployFilter) {
  const ids = typeof projectIds === 'number' ? [projectIds] : projectIds;
  if (ids.length === 0) return Promise.resolve([]);
  let q = db.selectFrom('deploys').selectAll().where('project_id', 'in', ids);
  if (f.release !== undefined) q = q.where('release', '=', f.release);
  if (f.environment !== undefined) q = q.where('environment', '=', f.environment);
  if (f.fromMs !== undefined) q = q.where('finished_at', '>=', f.fromMs);
  if (f.toMs !== undefined) q = q.where('finished_at', '<', f.toMs);
  const c = f.cursor;
  if (c) {
    q = q.where((eb) =>
      eb.or([eb('finished_at', '<', c.at), eb.and([eb('finished_at', '=', c.at), eb('id', '<', c.id)])]),
    );
  }
  return q
    .orderBy('finished_at', 'desc')
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
}
