// Periodic jobs run once per interval across instances: a lease in the database decides which.

import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobScheduler } from '../src/jobs/scheduler.ts';
import type { Database } from '../src/storage/database.ts';
import { createTestDatabase, type TestDatabase, testDialects } from './support/databases.ts';

describe.each(testDialects)('job leases on %s', (dialect) => {
  let testDatabase: TestDatabase;
  const open: Database[] = [];
  beforeAll(async () => {
    testDatabase = await createTestDatabase(dialect);
  });
  afterAll(async () => {
    for (const database of open) await database.close();
    await testDatabase.drop();
  });

  it('runs a job on one of two instances at a time, and again once the interval has passed', async () => {
    const runs: string[] = [];
    const instances = ['a', 'b'].map((name) => {
      const database = testDatabase.open();
      open.push(database);
      const scheduler = new JobScheduler(database, pino({ level: 'silent' }));
      scheduler.add({ name: 'snooze-expiry', intervalMs: 60_000, run: async () => void runs.push(name) });
      return scheduler;
    });
    const t0 = Date.UTC(2026, 10, 25, 9, 0);
    await Promise.all(instances.map((s) => s.runNow('snooze-expiry', t0)));
    expect(runs).toHaveLength(1);
    await Promise.all(instances.map((s) => s.runNow('snooze-expiry', t0 + 30_000)));
    expect(runs).toHaveLength(2); // the holder runs again within its lease; the other does not
    expect(runs[1]).toBe(runs[0]);
    await instances.find((_, i) => ['a', 'b'][i] === runs[0])!.stop();
    const other = runs[0] === 'a' ? 'b' : 'a';
    await instances[other === 'a' ? 0 : 1]!.runNow('snooze-expiry', t0 + 31_000);
    expect(runs.at(-1)).toBe(other); // a stopped instance hands over at once
  });
});
