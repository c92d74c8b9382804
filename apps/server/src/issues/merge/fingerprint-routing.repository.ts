// Where ingest sends an event by its fingerprint: to the issue it was merged into, or nowhere when the
// fingerprint was discarded. Called by the ingest batch writer inside its transaction, before it upserts
// issues, and `countDiscarded` afterwards to count what it dropped.

import type { Kysely, Transaction } from 'kysely';
import { chunks, groupBy } from '../../storage/rows.ts';
import type { Schema } from '../../storage/schema.ts';
import { dialectOfTrx } from './merge.repository.ts';

type Trx = Transaction<Schema>;

export interface FingerprintKey {
  projectId: number;
  fingerprint: string;
}

export interface FingerprintRoutes {
  /** `${projectId}\u0000${fingerprint}` → the id of the issue the fingerprint was merged into. */
  redirects: Map<string, number>;
  /** `${projectId}\u0000${fingerprint}` of fingerprints whose events are dropped. */
  discarded: Set<string>;
}

export const fingerprintKey = (projectId: number, fingerprint: string) => `${projectId}\u0000${fingerprint}`;

/**
 * Routes for the batch's fingerprints. On PostgreSQL it first locks the issues those fingerprints
 * own (in fingerprint order, the order the batch writer's upsert locks them in): a merge or discard
 * running at the same moment locks the same rows, so either it commits first and this read sees its
 * routes, or it waits until this batch is written and then moves or deletes these events with the rest.
 */
export async function routeFingerprints(trx: Trx, keys: FingerprintKey[]): Promise<FingerprintRoutes> {
  const routes: FingerprintRoutes = { redirects: new Map(), discarded: new Set() };
  // Grouped and sorted by the same string key as the batch writer's, so locks are taken in its order.
  const byProject = groupBy(keys, (k) => String(k.projectId));
  const postgres = dialectOfTrx(trx) === 'postgres';
  for (const group of byProject.values()) {
    const projectId = group[0]!.projectId;
    const fingerprints = [...new Set(group.map((k) => k.fingerprint))].sort();
    for (const part of chunks(fingerprints, 500)) {
      if (postgres) await lockOwners(trx, projectId, part);
      const merged = await trx
        .selectFrom('issue_fingerprints')
        .select(['fingerprint', 'issue_id'])
        .where('project_id', '=', projectId)
        .where('fingerprint', 'in', part)
        .execute();
      const discarded = await trx
        .selectFrom('discarded_fingerprints')
        .select('fingerprint')
        .where('project_id', '=', projectId)
        .where('fingerprint', 'in', part)
        .execute();
      for (const row of merged)
        routes.redirects.set(fingerprintKey(projectId, row.fingerprint), row.issue_id);
      for (const row of discarded) routes.discarded.add(fingerprintKey(projectId, row.fingerprint));
    }
  }
  // A discarded fingerprint never also redirects (discarding removes its routes), but drop wins if it did.
  for (const key of routes.discarded) routes.redirects.delete(key);
  return routes;
}

async function lockOwners(trx: Trx, projectId: number, fingerprints: string[]): Promise<void> {
  await trx
    .selectFrom('issues')
    .select('id')
    .where('project_id', '=', projectId)
    .where('fingerprint', 'in', fingerprints)
    .orderBy('fingerprint')
    .forUpdate()
    .execute();
}

/** Adds dropped events to `discarded_fingerprints.dropped`; `counts` is keyed like routeFingerprints' keys. */
export async function countDiscarded(trx: Trx, counts: Map<string, number>): Promise<void> {
  const sorted = [...counts].filter(([, n]) => n > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [key, n] of sorted) {
    const separator = key.indexOf('\u0000');
    const projectId = Number(key.slice(0, separator));
    const fingerprint = key.slice(separator + 1);
    await trx
      .updateTable('discarded_fingerprints')
      .set((eb) => ({ dropped: eb('dropped', '+', n) }))
      .where('project_id', '=', projectId)
      .where('fingerprint', '=', fingerprint)
      .execute();
  }
}

/** The fingerprints merged into an issue, in the order they were merged. */
export function listMergedFingerprints(db: Kysely<Schema>, issueId: number) {
  return db
    .selectFrom('issue_fingerprints')
    .select(['fingerprint', 'source_issue_id', 'created_at'])
    .where('issue_id', '=', issueId)
    .orderBy('created_at')
    .orderBy('fingerprint')
    .execute();
}
