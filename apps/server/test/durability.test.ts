// An event acknowledged with 200 is committed: kill -9 Vigie in the middle of a load, and every
// acknowledged event is in the database afterwards. On SQLite and PostgreSQL.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/storage/database.ts';
import { createTestDatabase, type TestDatabase, testDialects } from './support/databases.ts';
import { envelopeOf, errorEvent } from './support/events.ts';
import { startServerProcess } from './support/server-process.ts';

const TOKEN = 'vigie_durability_test_token_0123456789';

describe.each(testDialects)('kill -9 under load on %s', (dialect) => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('loses no acknowledged event', async () => {
    let env: Record<string, string>;
    let testDatabase: TestDatabase | undefined;
    if (dialect === 'sqlite') {
      const dir = mkdtempSync(path.join(tmpdir(), 'vigie-kill-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      env = { VIGIE_DATA_DIR: dir, VIGIE_BOOTSTRAP_TOKEN: TOKEN };
    } else {
      testDatabase = await createTestDatabase('postgres');
      cleanups.push(() => testDatabase!.drop());
      if (testDatabase.target.kind !== 'postgres') throw new Error('expected postgres');
      env = { DATABASE_URL: testDatabase.target.url, VIGIE_BOOTSTRAP_TOKEN: TOKEN };
    }

    const server = await startServerProcess(env);
    const endpoint = server.envelopeUrl();

    const acknowledged: string[] = [];
    let stop = false;
    const worker = async (n: number) => {
      for (let i = 0; !stop && i < 5000; i++) {
        const event = errorEvent({ fn: `handler${(n * 7 + i) % 40}`, userId: `u-${i % 100}` });
        try {
          const response = await fetch(endpoint, { method: 'POST', body: envelopeOf(event) });
          if (response.status === 200) acknowledged.push(event.event_id as string);
        } catch {
          return; // the server is gone
        }
      }
    };
    const workers = Array.from({ length: 16 }, (_, n) => worker(n));
    // Kill once a good number of events are acknowledged, while requests are in flight.
    while (acknowledged.length < 300) await new Promise((r) => setTimeout(r, 20));
    server.child.kill('SIGKILL');
    stop = true;
    await Promise.all(workers);
    await server.exited;

    const database =
      dialect === 'sqlite'
        ? openDatabase({ kind: 'sqlite', file: path.join(env.VIGIE_DATA_DIR!, 'vigie.sqlite') })
        : testDatabase!.open();
    try {
      const stored = new Set<string>();
      const rows = await database.db.selectFrom('events').select('event_id').execute();
      for (const row of rows) stored.add(row.event_id);
      const lost = acknowledged.filter((id) => !stored.has(id));
      expect(acknowledged.length).toBeGreaterThanOrEqual(300);
      expect(lost).toEqual([]);
    } finally {
      await database.close();
    }
  });
});
