// Unmerge: fingerprints merged into an issue are split back out. Each goes back to the issue that
// owned it (kept, hidden, since the merge), with the events grouped by it; both sides' aggregates are
// rebuilt from their events, and its future events land in that issue again.

import type { Kysely, Transaction } from 'kysely';
import { VigieError } from '../../errors.ts';
import { fingerprintEvent } from '../../grouping/fingerprint.ts';
import { decodePayload } from '../../storage/payload.ts';
import { groupBy } from '../../storage/rows.ts';
import type { Issue, Schema } from '../../storage/schema.ts';
import { type Actor, recordActivity } from '../activity.repository.ts';
import { issueMerged, issueNotFound } from '../issue-errors.ts';
import { splitAggregates } from './issue-aggregates.repository.ts';
import { beginWrite, lockIssues, reviewedAt } from './merge.repository.ts';

type Trx = Transaction<Schema>;

export interface UnmergeInput {
  issueId: number;
  fingerprints: string[];
  actor: Actor;
  nowMs?: number;
}

export interface UnmergedIssue {
  issueId: number;
  fingerprint: string;
  movedEvents: number;
}

export async function unmergeFingerprints(db: Kysely<Schema>, input: UnmergeInput): Promise<UnmergedIssue[]> {
  const nowMs = input.nowMs ?? Date.now();
  const wanted = [...new Set(input.fingerprints)];
  return db.transaction().execute(async (trx) => {
    await beginWrite(trx);
    const { target, owners } = await lockForUnmerge(trx, input.issueId, wanted);
    await backfillEventFingerprints(trx, target.id);
    const unmerged: UnmergedIssue[] = [];
    for (const owner of owners) {
      const moved = await trx
        .updateTable('events')
        .set({ issue_id: owner.id })
        .where('issue_id', '=', target.id)
        .where('fingerprint', '=', owner.fingerprint)
        .executeTakeFirst();
      await trx
        .updateTable('issues')
        .set({ merged_into_id: null, ...reviewedAt(nowMs) })
        .where('id', '=', owner.id)
        .execute();
      unmerged.push({
        issueId: owner.id,
        fingerprint: owner.fingerprint,
        movedEvents: Number(moved.numUpdatedRows),
      });
    }
    await trx
      .deleteFrom('issue_fingerprints')
      .where('project_id', '=', target.project_id)
      .where('fingerprint', 'in', wanted)
      .execute();
    await splitAggregates(
      trx,
      target.id,
      owners.map((o) => o.id),
    );
    await trx.updateTable('issues').set(reviewedAt(nowMs)).where('id', '=', target.id).execute();
    await recordUnmergeActivity(trx, target, unmerged, input.actor, nowMs);
    return unmerged;
  });
}

/** The target and the issues that own the fingerprints, locked; refuses fingerprints not merged into it. */
async function lockForUnmerge(
  trx: Trx,
  issueId: number,
  fingerprints: string[],
): Promise<{ target: Issue; owners: Issue[] }> {
  const found = await trx
    .selectFrom('issues')
    .select('project_id')
    .where('id', '=', issueId)
    .executeTakeFirst();
  if (!found) throw issueNotFound(issueId);
  const owned = await trx
    .selectFrom('issues')
    .select('id')
    .where('project_id', '=', found.project_id)
    .where('fingerprint', 'in', fingerprints)
    .execute();
  const rows = await lockIssues(trx, [issueId, ...owned.map((o) => o.id)]);
  const target = rows.find((r) => r.id === issueId)!;
  const into = target.merged_into_id;
  if (into !== null) throw issueMerged(issueId, into, `: unmerge from issue ${into}.`);
  const routes = await trx
    .selectFrom('issue_fingerprints')
    .select('fingerprint')
    .where('issue_id', '=', issueId)
    .orderBy('fingerprint')
    .execute();
  const merged = routes.map((r) => r.fingerprint);
  const notMerged = fingerprints.filter((f) => !merged.includes(f));
  if (notMerged.length > 0) {
    const own = notMerged.includes(target.fingerprint)
      ? " (an issue's own fingerprint cannot be unmerged)"
      : '';
    throw new VigieError(
      'fingerprint_not_merged',
      {
        message: `Not merged into issue ${issueId}: ${notMerged.join(', ')}${own}. Merged fingerprints are listed in details.`,
      },
      { fingerprints: notMerged, mergedFingerprints: merged },
    );
  }
  const owners = rows.filter((r) => r.id !== issueId && fingerprints.includes(r.fingerprint));
  if (owners.length !== fingerprints.length) {
    throw new VigieError('unmerge_source_missing');
  }
  return { target, owners };
}

/**
 * Events stored before events.fingerprint existed (or by an ingest that does not fill it) get their
 * fingerprint computed from the stored normalized event: grouping is a pure function of it.
 */
export async function backfillEventFingerprints(trx: Trx, issueId: number): Promise<number> {
  let filled = 0;
  for (;;) {
    const rows = await trx
      .selectFrom('events')
      .select(['id', 'payload'])
      .where('issue_id', '=', issueId)
      .where('fingerprint', 'is', null)
      .orderBy('id')
      .limit(500)
      .execute();
    if (rows.length === 0) return filled;
    const hashes = rows.map((r) => ({ id: r.id, hash: fingerprintEvent(decodePayload(r.payload)).hash }));
    for (const [hash, group] of groupBy(hashes, (h) => h.hash)) {
      await trx
        .updateTable('events')
        .set({ fingerprint: hash })
        .where(
          'id',
          'in',
          group.map((g) => g.id),
        )
        .execute();
    }
    filled += rows.length;
  }
}

async function recordUnmergeActivity(
  trx: Trx,
  target: Issue,
  unmerged: UnmergedIssue[],
  actor: Actor,
  nowMs: number,
): Promise<void> {
  await recordActivity(trx, {
    issueId: target.id,
    projectId: target.project_id,
    actor,
    kind: 'unmerge',
    data: { issueIds: unmerged.map((u) => u.issueId), fingerprints: unmerged.map((u) => u.fingerprint) },
    atMs: nowMs,
  });
  for (const u of unmerged) {
    await recordActivity(trx, {
      issueId: u.issueId,
      projectId: target.project_id,
      actor,
      kind: 'unmerge',
      data: { fromIssueId: target.id, fingerprint: u.fingerprint, movedEvents: u.movedEvents },
      atMs: nowMs,
    });
  }
}
