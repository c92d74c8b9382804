// Group commit through the writer thread: requests that queue up while a transaction runs are
// committed together, yet each is answered with its own outcome, and none is answered before its
// events are stored. On SQLite and PostgreSQL.

import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestBatch } from '../src/ingest/batch.ts';
import { storeToBatch } from '../src/ingest/envelope-batch.ts';
import { EventWriter } from '../src/ingest/writer.ts';
import { createProject } from '../src/projects/project.repository.ts';
import type { Database } from '../src/storage/database.ts';
import { createTestDatabase, type TestDatabase, testDialects } from './support/databases.ts';
import { errorEvent } from './support/events.ts';

const batchOf = (projectId: number, event: Record<string, unknown>): IngestBatch =>
  storeToBatch(projectId, event, { receivedAtMs: Date.now(), clockDriftMs: 0 }).batch;

describe.each(testDialects)('group commit on %s', (dialect) => {
  let testDatabase: TestDatabase;
  let database: Database;
  let writer: EventWriter;
  let projectId: number;

  beforeAll(async () => {
    testDatabase = await createTestDatabase(dialect);
    database = testDatabase.open();
    projectId = (await createProject(database.db, 'Shop')).id;
    writer = new EventWriter(
      testDatabase.target,
      { commitIntervalMs: 0, queueLimit: 10_000, queueBytes: 64 * 1024 * 1024 },
      pino({ level: 'silent' }),
    );
  });
  afterAll(async () => {
    await writer?.close();
    await database?.close();
    await testDatabase?.drop();
  });

  const storedIds = async (ids: string[]) =>
    (await database.db.selectFrom('events').select('event_id').where('event_id', 'in', ids).execute()).map(
      (r) => r.event_id,
    );

  it('answers every request once its events are stored, however many arrive at once', async () => {
    const events = Array.from({ length: 300 }, (_, i) => errorEvent({ fn: `handler${i % 7}` }));
    const ids = events.map((e) => e.event_id as string);
    await Promise.all(
      events.map(async (event, i) => {
        await writer.submit(batchOf(projectId, event));
        // Acknowledged means readable, even while later requests are still being committed.
        expect(await storedIds([ids[i]!])).toEqual([ids[i]]);
      }),
    );
    expect((await storedIds(ids)).sort()).toEqual([...ids].sort());
    expect(writer.pending).toBe(0);
  });

  it('stores everything that arrives at once beyond maxBatchItems, a request over the limit too', async () => {
    const small = new EventWriter(
      testDatabase.target,
      { commitIntervalMs: 0, queueLimit: 10_000, queueBytes: 64 * 1024 * 1024, maxBatchItems: 7 },
      pino({ level: 'silent' }),
    );
    try {
      const events = Array.from({ length: 50 }, (_, i) => errorEvent({ fn: `split${i % 4}` }));
      // Two events in some requests, nine in one: transactions take at most 7 items unless one
      // request alone has more, and never split a request.
      const batches = events.map((e) => batchOf(projectId, e));
      for (let i = 0; i < batches.length; i += 5) {
        batches[i]!.events.push(...batchOf(projectId, errorEvent()).events);
      }
      for (let i = 0; i < 7; i++) batches[12]!.events.push(...batchOf(projectId, errorEvent()).events);
      const ids = batches.flatMap((b) => b.events.map((e) => e.eventId));
      await Promise.all(batches.map((b) => small.submit(b)));
      expect((await storedIds(ids)).sort()).toEqual([...ids].sort());
      expect(small.pending).toBe(0);
    } finally {
      await small.close();
    }
  });

  it('refuses with 429 past its byte bound, yet takes any one batch when nothing waits', async () => {
    const bounded = new EventWriter(
      testDatabase.target,
      { commitIntervalMs: 0, queueLimit: 10_000, queueBytes: 20_000 },
      pino({ level: 'silent' }),
    );
    try {
      const big = batchOf(projectId, { ...errorEvent(), extra: { blob: 'x'.repeat(30_000) } });
      const small = batchOf(projectId, errorEvent());
      // Submitted in one turn, before any commit: the big one alone passes the bound.
      const answers = [bounded.submit(big), bounded.submit(small)];
      expect(bounded.full).toBe(true);
      const outcomes = await Promise.allSettled(answers);
      expect(outcomes[0]!.status).toBe('fulfilled');
      expect(outcomes[1]).toMatchObject({
        status: 'rejected',
        reason: { code: 'over_capacity', status: 429 },
      });
      expect(bounded.pendingBytes).toBe(0);
      await bounded.submit(small);
    } finally {
      await bounded.close();
    }
  });

  it('fails only the request whose events cannot be stored when it shares a transaction', async () => {
    const good = Array.from({ length: 60 }, (_, i) => errorEvent({ fn: `checkout${i % 3}` }));
    const bad = errorEvent({ fn: 'orphan' });
    const batches = good.map((e) => batchOf(projectId, e));
    batches.splice(37, 0, batchOf(999_999, bad)); // no such project: a foreign key violation
    // Ten requests a turn of the event loop: those that queue up while a transaction runs all go
    // into the next one, so the failing request shares its transaction with others.
    const answers: Array<Promise<void>> = [];
    for (let i = 0; i < batches.length; i += 10) {
      for (const batch of batches.slice(i, i + 10)) answers.push(writer.submit(batch));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const outcomes = await Promise.allSettled(answers);
    expect(outcomes.map((o) => o.status)).toEqual(
      batches.map((_, i) => (i === 37 ? 'rejected' : 'fulfilled')),
    );
    const goodIds = good.map((e) => e.event_id as string);
    expect((await storedIds(goodIds)).sort()).toEqual([...goodIds].sort());
    expect(await storedIds([bad.event_id as string])).toEqual([]);
  });
});
