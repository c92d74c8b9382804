// Release-health inputs: session updates, session aggregates, and the SDKs' client reports
// of events they dropped.

import type { Transaction } from 'kysely';
import { type RowsStatement, runRows } from '../storage/compiled-rows.ts';
import { type DialectName, greatest } from '../storage/dialect.ts';
import { groupBy, MINUTE } from '../storage/rows.ts';
import type { RowOf, Schema } from '../storage/schema.ts';
import type { IngestBatch } from './batch.ts';
import { dedupeReleases, upsertReleases } from './releases.repository.ts';

type Trx = Transaction<Schema>;
type SessionRow = RowOf<'sessions'>;

const upsertSessions: RowsStatement<SessionRow> = (db, rows, dialect) =>
  db
    .insertInto('sessions')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['project_id', 'sid']).doUpdateSet((eb) => {
        const newer = eb(eb.ref('excluded.last_seen'), '>=', eb.ref('sessions.last_seen'));
        return {
          status: eb.case().when(newer).then(eb.ref('excluded.status')).else(eb.ref('sessions.status')).end(),
          duration_ms: eb
            .case()
            .when(newer)
            .then(eb.ref('excluded.duration_ms'))
            .else(eb.ref('sessions.duration_ms'))
            .end(),
          errors: greatest(dialect, eb.ref('sessions.errors'), eb.ref('excluded.errors')),
          last_seen: greatest(dialect, eb.ref('sessions.last_seen'), eb.ref('excluded.last_seen')),
        };
      }),
    );

const addAggregates: RowsStatement<RowOf<'session_aggregates'>> = (db, rows) =>
  db
    .insertInto('session_aggregates')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['project_id', 'release', 'environment', 'bucket']).doUpdateSet((eb) => ({
        exited: eb(eb.ref('session_aggregates.exited'), '+', eb.ref('excluded.exited')),
        errored: eb(eb.ref('session_aggregates.errored'), '+', eb.ref('excluded.errored')),
        abnormal: eb(eb.ref('session_aggregates.abnormal'), '+', eb.ref('excluded.abnormal')),
        crashed: eb(eb.ref('session_aggregates.crashed'), '+', eb.ref('excluded.crashed')),
      })),
    );

const addOutcomes: RowsStatement<RowOf<'client_outcomes'>> = (db, rows) =>
  db
    .insertInto('client_outcomes')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['project_id', 'minute', 'reason', 'category']).doUpdateSet((eb) => ({
        quantity: eb(eb.ref('client_outcomes.quantity'), '+', eb.ref('excluded.quantity')),
      })),
    );

/** Session updates: the latest update of each session wins; errors only grow. */
export async function writeSessions(trx: Trx, dialect: DialectName, batch: IngestBatch) {
  const latest = new Map<string, (typeof batch.sessions)[number]>();
  for (const s of batch.sessions) {
    const k = `${s.projectId}\u0000${s.update.sid}`;
    const prev = latest.get(k);
    if (!prev || prev.update.timestampMs <= s.update.timestampMs) latest.set(k, s);
  }
  const rows = [...latest.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(
      ([, { projectId, update: u }]): SessionRow => ({
        project_id: projectId,
        sid: u.sid,
        did: u.did,
        release: u.release,
        environment: u.environment ?? '',
        status: u.status,
        errors: u.errors,
        started: u.startedMs,
        last_seen: u.timestampMs,
        duration_ms: u.durationSeconds === null ? null : Math.round(u.durationSeconds * 1000),
      }),
    );
  await runRows(trx, dialect, upsertSessions, rows);
  const releases = rows.map((r) => ({
    project_id: r.project_id,
    version: r.release,
    first_seen: r.started,
    last_seen: r.last_seen,
  }));
  await upsertReleases(trx, dialect, dedupeReleases(releases));
}

export async function writeSessionAggregates(trx: Trx, dialect: DialectName, batch: IngestBatch) {
  const buckets = batch.aggregates.flatMap(({ projectId, aggregates }) =>
    aggregates.buckets.map((b) => ({
      project_id: projectId,
      release: aggregates.release,
      environment: aggregates.environment ?? '',
      bucket: Math.floor(b.startedMs / MINUTE) * MINUTE,
      exited: b.exited,
      errored: b.errored,
      abnormal: b.abnormal,
      crashed: b.crashed,
    })),
  );
  const groups = groupBy(
    buckets,
    (b) => `${b.project_id}\u0000${b.release}\u0000${b.environment}\u0000${b.bucket}`,
  );
  const rows = [...groups.values()].map((g) => ({
    ...g[0]!,
    exited: g.reduce((n, b) => n + b.exited, 0),
    errored: g.reduce((n, b) => n + b.errored, 0),
    abnormal: g.reduce((n, b) => n + b.abnormal, 0),
    crashed: g.reduce((n, b) => n + b.crashed, 0),
  }));
  await runRows(trx, dialect, addAggregates, rows);
}

export async function writeClientOutcomes(trx: Trx, dialect: DialectName, batch: IngestBatch) {
  const outcomes = batch.clientReports.flatMap(({ projectId, report, receivedAtMs }) =>
    report.discarded.map((d) => ({
      project_id: projectId,
      minute: Math.floor((report.timestampMs ?? receivedAtMs) / MINUTE),
      reason: d.reason,
      category: d.category,
      quantity: d.quantity,
    })),
  );
  const groups = groupBy(
    outcomes,
    (o) => `${o.project_id}\u0000${o.minute}\u0000${o.reason}\u0000${o.category}`,
  );
  const rows = [...groups.values()].map((g) => ({
    ...g[0]!,
    quantity: g.reduce((n, o) => n + o.quantity, 0),
  }));
  await runRows(trx, dialect, addOutcomes, rows);
}
