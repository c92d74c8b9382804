// How ingest writes issue rows: each issue's counters (events, distinct users) stay exact across batches,
// merged fingerprints and concurrent instances, while each issue row is written once per batch; and on
// PostgreSQL those writes are HOT (no index covers a column they change, migration
// 2026-12-09T20-issue-sort-buckets), so they leave no dead index entries behind. On both databases.

import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBatch } from '../src/ingest/batch.repository.ts';
import type { IngestBatch } from '../src/ingest/batch.ts';
import { toEventRecord } from '../src/ingest/event-record.ts';
import { createProject } from '../src/projects/project.repository.ts';
import type { Database } from '../src/storage/database.ts';
import type { Schema } from '../src/storage/schema.ts';
import { createTestDatabase, type TestDatabase, testDialects } from './support/databases.ts';
import { errorEvent } from './support/events.ts';

/** The columns ingest's issue writes change (issue-upsert.repository.ts, issue-routing.ts). */
const REWRITTEN = [
  'title',
  'culprit',
  'level',
  'platform',
  'first_seen',
  'last_seen',
  'times_seen',
  'users_seen',
  'last_release',
  'last_event_id',
];

describe.each(testDialects)('issue rows written by ingest on %s', (dialect) => {
  let testDatabase: TestDatabase;
  let database: Database;
  let projectId: number;
  const t0 = Date.UTC(2026, 11, 7, 9, 0, 0);

  beforeAll(async () => {
    testDatabase = await createTestDatabase(dialect);
    database = testDatabase.open();
    projectId = (await createProject(database.db, 'Shop')).id;
  });
  afterAll(async () => {
    await database?.close();
    await testDatabase?.drop();
  });

  /** A batch of events thrown from `fn`, one per user (null: an event without a user), at t0 + `atMs`. */
  const batchOf = (fn: string, users: Array<string | null>, atMs = 0): IngestBatch => ({
    events: users.map((userId, i) => {
      const raw = errorEvent({ fn, ...(userId ? { userId } : {}), timestamp: t0 + atMs + i });
      return toEventRecord(projectId, raw, { receivedAtMs: t0 + atMs + i, clockDriftMs: 0 });
    }),
    sessions: [],
    aggregates: [],
    clientReports: [],
    transactions: [],
  });
  const write = (db: Kysely<Schema>, batch: IngestBatch) =>
    db.transaction().execute((trx) => writeBatch(trx, dialect, batch));
  const issueOf = async (fn: string) => {
    const issues = await database.db
      .selectFrom('issues')
      .selectAll()
      .where('culprit', 'like', `${fn}(%`)
      .execute();
    expect(issues, fn).toHaveLength(1);
    const users = await database.db
      .selectFrom('issue_users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('issue_id', '=', issues[0]!.id)
      .executeTakeFirstOrThrow();
    return { ...issues[0]!, distinctUsers: Number(users.n) };
  };

  it('counts each user once per issue across batches, whatever the batch brings', async () => {
    await write(database.db, batchOf('addToCart', ['ann', 'bob', 'bob', null]));
    await write(database.db, batchOf('addToCart', ['bob', 'cid', null], 1_000));
    await write(database.db, batchOf('addToCart', ['ann'], 2_000));
    const issue = await issueOf('addToCart');
    expect(issue.times_seen).toBe(8);
    expect(issue.users_seen).toBe(3);
    expect(issue.distinctUsers).toBe(3);
    expect(issue.last_seen).toBe(t0 + 2_000);
  });

  it('counts the users of a merged fingerprint’s next events into the target issue', async () => {
    await write(database.db, batchOf('placeOrder', ['ann']));
    await write(database.db, batchOf('placeOrderV2', ['bob']));
    const target = await issueOf('placeOrder');
    const source = await issueOf('placeOrderV2');
    // What a merge leaves for ingest: the source's fingerprint routed to the target.
    await database.db
      .insertInto('issue_fingerprints')
      .values({
        project_id: projectId,
        fingerprint: source.fingerprint,
        issue_id: target.id,
        source_issue_id: source.id,
        created_at: t0,
      })
      .execute();
    await write(database.db, batchOf('placeOrderV2', ['bob', 'cid', 'cid'], 1_000));
    const merged = await issueOf('placeOrder');
    expect(merged.times_seen).toBe(4);
    expect(merged.users_seen).toBe(3);
    expect(merged.distinctUsers).toBe(3);
  });

  it('indexes no column that ingest rewrites on the issue row', async () => {
    const indexed =
      dialect === 'postgres'
        ? (
            await sql<{ index: string; column: string }>`
              select i.relname as index, a.attname as column
              from pg_index x
              join pg_class t on t.oid = x.indrelid
              join pg_class i on i.oid = x.indexrelid
              join pg_attribute a on a.attrelid = t.oid and a.attnum = any(x.indkey)
              where t.relname = 'issues' and t.relnamespace = to_regnamespace(current_schema())`.execute(
              database.db,
            )
          ).rows
        : (
            await sql<{ index: string; column: string }>`
              select il.name as "index", ii.name as "column"
              from pragma_index_list('issues') il, pragma_index_info(il.name) ii`.execute(database.db)
          ).rows;
    expect(indexed.length).toBeGreaterThan(5);
    expect(indexed.filter((row) => REWRITTEN.includes(row.column))).toEqual(
      // first_seen only moves when an event older than the issue's first one arrives: its index stays.
      indexed.filter((row) => row.column === 'first_seen'),
    );
  });

  it.runIf(dialect === 'postgres')(
    'rewrites each existing issue row once per batch, as a HOT update while its last minute holds',
    async () => {
      await write(database.db, batchOf('checkout', ['ann']));
      await write(database.db, batchOf('payment', ['ann']));
      const counts = await database.db.transaction().execute(async (trx) => {
        // This backend's counts not yet reported, which include this transaction's own: no waiting for the
        // statistics collector, and nothing is reported while a transaction is open.
        const issueUpdates = async () => {
          const { rows } = await sql<{ updates: string; hot: string }>`
            select n_tup_upd as updates, n_tup_hot_upd as hot from pg_stat_xact_user_tables
            where relname = 'issues' and schemaname = current_schema()`.execute(trx);
          return { updates: Number(rows[0]!.updates), hot: Number(rows[0]!.hot) };
        };
        const before = await issueUpdates();
        for (let i = 1; i <= 3; i += 1) {
          const batch = batchOf('checkout', ['ann', `new-${i}`], i * 1_000);
          batch.events.push(...batchOf('payment', [`new-${i}`], i * 1_000).events);
          await writeBatch(trx, dialect, batch);
        }
        const after = await issueUpdates();
        return { updates: after.updates - before.updates, hot: after.hot - before.hot };
      });
      // Two issues × three batches, new users and all; none of them left an index entry.
      expect(counts).toEqual({ updates: 6, hot: 6 });
      const checkout = await issueOf('checkout');
      expect([checkout.users_seen, checkout.distinctUsers]).toEqual([4, 4]);
    },
  );

  it.runIf(dialect === 'postgres')(
    'keeps users_seen exact when two instances create the same issue at once',
    async () => {
      const other = testDatabase.open();
      try {
        for (let round = 0; round < 8; round += 1) {
          const fn = `race${round}`;
          // Both look for the issue before either commits: one creates it, the other finds it made
          // after its lookup and learns which of its users were really new.
          await Promise.all([
            write(database.db, batchOf(fn, ['ann', 'bob', 'cid', 'dan'])),
            write(other.db, batchOf(fn, ['cid', 'dan', 'eve', 'fay', 'gus'], 10)),
          ]);
          const issue = await issueOf(fn);
          expect(issue.times_seen, fn).toBe(9);
          expect([issue.users_seen, issue.distinctUsers], fn).toEqual([7, 7]);
        }
      } finally {
        await other.close();
      }
    },
  );
});
