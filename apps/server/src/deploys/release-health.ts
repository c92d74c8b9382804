// The releases page's figures: each release's health over a period, its adoption over the last day, its new
// issues and regressions, its last deploy; and one release beside the one first seen before it.

import type { Kysely } from 'kysely';
import type { Cursor } from '../api/cursor.ts';
import { page } from '../api/cursor.ts';
import type { Schema } from '../storage/schema.ts';
import { presentDeploy, presentReleaseHealth, type ReleaseRow } from './deploys.presenter.ts';
import { listDeploys } from './deploys.repository.ts';
import { newIssueCounts, regressionCounts, releaseCounts } from './release-health.repository.ts';

type Db = Kysely<Schema>;
const DAY = 86_400_000;

interface Options {
  periodMs: number;
  environment: string | null;
  nowMs: number;
}

async function healthOf(db: Db, projectId: number, releases: ReleaseRow[], o: Options) {
  const period = { fromMs: o.nowMs - o.periodMs, toMs: o.nowMs };
  const versions = releases.map((r) => r.version);
  const [counts, lastDay, fresh, regressed, deploys] = await Promise.all([
    releaseCounts(db, projectId, o.environment, period),
    releaseCounts(db, projectId, o.environment, { fromMs: o.nowMs - DAY, toMs: o.nowMs }),
    newIssueCounts(db, projectId, versions),
    regressionCounts(db, projectId, period),
    Promise.all(
      versions.map((v) =>
        listDeploys(db, projectId, {
          release: v,
          environment: o.environment ?? undefined,
          limit: 1,
        }).then((rows) => rows[0]),
      ),
    ),
  ]);
  const total = [...lastDay.values()].reduce((n, c) => n + c.sessions, 0);
  return releases.map((r, i) => {
    const deploy = deploys[i];
    return presentReleaseHealth(
      r,
      counts.get(r.version),
      { sessions: lastDay.get(r.version)?.sessions ?? 0, total },
      { newIssues: fresh.get(r.version) ?? 0, regressions: regressed.get(r.version) ?? 0 },
      deploy ? presentDeploy(deploy) : null,
    );
  });
}

export async function releaseHealthList(
  db: Db,
  projectId: number,
  o: Options & { cursor: Cursor | undefined; limit: number },
) {
  let q = db
    .selectFrom('releases')
    .select(['id', 'version', 'first_seen', 'last_seen'])
    .where('project_id', '=', projectId)
    .where('last_seen', '>=', o.nowMs - o.periodMs);
  const c = o.cursor;
  if (c) {
    q = q.where((eb) =>
      eb.or([eb('first_seen', '<', c.at), eb.and([eb('first_seen', '=', c.at), eb('id', '<', c.id)])]),
    );
  }
  const rows = await q
    .orderBy('first_seen', 'desc')
    .orderBy('id', 'desc')
    .limit(o.limit + 1)
    .execute();
  const { items, next } = page(rows, o.limit, (r) => ({ at: r.first_seen, id: Number(r.id) }));
  return { releases: await healthOf(db, projectId, items, o), next };
}

/** The release and the one first seen before it, or undefined for a release the project never saw. */
export async function releaseHealthOf(db: Db, projectId: number, version: string, o: Options) {
  const release = await db
    .selectFrom('releases')
    .select(['version', 'first_seen', 'last_seen'])
    .where('project_id', '=', projectId)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!release) return undefined;
  const previous = await db
    .selectFrom('releases')
    .select(['version', 'first_seen', 'last_seen'])
    .where('project_id', '=', projectId)
    .where('first_seen', '<', release.first_seen)
    .orderBy('first_seen', 'desc')
    .limit(1)
    .executeTakeFirst();
  const [mine, theirs] = await healthOf(db, projectId, previous ? [release, previous] : [release], o);
  return { release: mine!, previous: theirs ?? null };
}
