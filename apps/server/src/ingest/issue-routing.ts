// Where a batch's events go before they are written: fingerprints merged into another issue
// land in that issue, discarded fingerprints are dropped (and counted); and what the batch
// means for its issues' lifecycle afterwards (new issues, regressions, snoozes ending).

import type { Transaction } from 'kysely';
import { CURRENT_GROUPING } from '../grouping/fingerprint.ts';
import { applyEventArrivals, type EventArrival } from '../issues/lifecycle/event-arrivals.ts';
import {
  countDiscarded,
  fingerprintKey,
  routeFingerprints,
} from '../issues/merge/fingerprint-routing.repository.ts';
import { type DialectName, greatest, least } from '../storage/dialect.ts';
import { groupBy } from '../storage/rows.ts';
import type { Schema } from '../storage/schema.ts';
import type { EventRecord } from './batch.ts';

type Trx = Transaction<Schema>;

const keyOf = (r: EventRecord) => fingerprintKey(r.projectId, r.fingerprint.hash);

export interface RoutedEvents {
  /** Events whose fingerprint still opens or updates its own issue. */
  own: EventRecord[];
  /** Events of merged fingerprints, by the id of the issue they land in. */
  redirected: Map<number, EventRecord[]>;
}

/** Splits the batch's events by route; discarded ones are dropped here and counted. */
export async function routeEvents(trx: Trx, events: EventRecord[]): Promise<RoutedEvents> {
  const routes = await routeFingerprints(
    trx,
    events.map((r) => ({ projectId: r.projectId, fingerprint: r.fingerprint.hash })),
  );
  const legacy = await legacyRoutes(
    trx,
    events.filter((r) => !routes.redirects.has(keyOf(r)) && !routes.discarded.has(keyOf(r))),
  );
  for (const [key, issueId] of legacy) routes.redirects.set(key, issueId);
  if (routes.redirects.size === 0 && routes.discarded.size === 0)
    return { own: events, redirected: new Map() };
  const own: EventRecord[] = [];
  const redirected = new Map<number, EventRecord[]>();
  const dropped = new Map<string, number>();
  for (const r of events) {
    const key = keyOf(r);
    const target = routes.redirects.get(key);
    if (routes.discarded.has(key)) dropped.set(key, (dropped.get(key) ?? 0) + 1);
    else if (target !== undefined) redirected.set(target, [...(redirected.get(target) ?? []), r]);
    else own.push(r);
  }
  if (dropped.size > 0) await countDiscarded(trx, dropped);
  return { own, redirected };
}

/**
 * Events whose current fingerprint has no issue yet but whose grouping-version-1 fingerprint
 * (`secondaryHash`) has one, made before the grouping changed: they join that issue (or the one it
 * was merged into) rather than open a new one. Keyed like routeFingerprints' redirects.
 */
async function legacyRoutes(trx: Trx, events: EventRecord[]): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  const withLegacy = events.filter((r) => r.fingerprint.secondaryHash !== undefined);
  for (const group of groupBy(withLegacy, (r) => String(r.projectId)).values()) {
    const projectId = group[0]!.projectId;
    const primaries = [...new Set(group.map((r) => r.fingerprint.hash))];
    const secondaries = [...new Set(group.map((r) => r.fingerprint.secondaryHash!))];
    const existing = await issuesByFingerprint(trx, projectId, primaries);
    const older = await issuesByFingerprint(trx, projectId, secondaries, CURRENT_GROUPING);
    const merged = await routeFingerprints(
      trx,
      secondaries.map((fingerprint) => ({ projectId, fingerprint })),
    );
    for (const r of group) {
      if (existing.has(r.fingerprint.hash)) continue;
      const secondary = r.fingerprint.secondaryHash!;
      const target = merged.redirects.get(fingerprintKey(projectId, secondary)) ?? older.get(secondary);
      if (target !== undefined) found.set(keyOf(r), target);
    }
  }
  return found;
}

/**
 * The issues of these fingerprints; with `before`, only issues an older grouping made: an issue the
 * current grouping made whose fingerprint is some event's version-1 fingerprint (an empty event's
 * `<empty event>`, a minified stack trace) is that grouping's own, and takes no other events.
 */
async function issuesByFingerprint(
  trx: Trx,
  projectId: number,
  fingerprints: string[],
  before?: number,
): Promise<Map<string, number>> {
  let query = trx
    .selectFrom('issues')
    .select(['id', 'fingerprint'])
    .where('project_id', '=', projectId)
    .where('fingerprint', 'in', fingerprints);
  if (before !== undefined) query = query.where('grouping_version', '<', before);
  const rows = await query.execute();
  return new Map(rows.map((r) => [r.fingerprint, Number(r.id)]));
}

/**
 * Merged-away fingerprints update their target issue's counters (by id: its row exists); `newUsers` is how
 * many of the batch's users each target had not seen.
 */
export async function updateRedirectedIssues(
  trx: Trx,
  dialect: DialectName,
  redirected: ReadonlyMap<number, EventRecord[]>,
  newUsers: ReadonlyMap<number, number>,
): Promise<void> {
  for (const [issueId, events] of [...redirected].sort(([a], [b]) => a - b)) {
    const times = events.map((r) => r.timestampMs);
    const last = events.reduce((a, b) => (b.timestampMs >= a.timestampMs ? b : a));
    await trx
      .updateTable('issues')
      .set((eb) => ({
        times_seen: eb('times_seen', '+', events.length),
        users_seen: eb('users_seen', '+', newUsers.get(issueId) ?? 0),
        first_seen: least(dialect, eb.ref('first_seen'), eb.val(Math.min(...times))),
        last_seen: greatest(dialect, eb.ref('last_seen'), eb.val(Math.max(...times))),
        last_event_id: last.eventId,
        ...(last.release ? { last_release: last.release } : {}),
      }))
      .where('id', '=', issueId)
      .execute();
  }
}

/**
 * One arrival per issue the batch touched, then the lifecycle: `created` are the issues the
 * batch's upserts inserted.
 */
export async function applyArrivals(
  trx: Trx,
  dialect: DialectName,
  events: EventRecord[],
  issueOf: (r: EventRecord) => number,
  created: ReadonlySet<number>,
): Promise<void> {
  const arrivals: EventArrival[] = [...groupBy(events, (r) => String(issueOf(r))).values()].map((group) => {
    // The release of the batch's latest event for the issue: what is running now.
    const latest = group.filter((r) => r.release !== null).sort((a, b) => b.timestampMs - a.timestampMs)[0];
    const issueId = issueOf(group[0]!);
    return {
      issueId,
      projectId: group[0]!.projectId,
      created: created.has(issueId),
      release: latest?.release ?? null,
      atMs: Math.max(...group.map((r) => r.receivedAtMs)),
      // The totals are read back from the issue row, which the upserts just updated.
      eventCount: 0,
      userCount: 0,
    };
  });
  await applyEventArrivals(trx, dialect, arrivals);
}
