// Backups, restored and read back as docs/deploying.md says: on SQLite `vigie backup FILE` while Vigie
// runs and ingests, the copy put in place of data/vigie.sqlite; on PostgreSQL pg_dump, then pg_restore
// into an empty database. Either way every event acknowledged before the backup is there after it.

import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config/config.ts';
import { openDatabase } from '../src/storage/database.ts';
import { injectClient, startVigie } from './support/app.ts';
import { postgresUrl } from './support/databases.ts';
import { envelopeOf, errorEvent } from './support/events.ts';
import { startServerProcess } from './support/server-process.ts';

const bin = fileURLToPath(new URL('../bin/vigie.js', import.meta.url));
const TOKEN = 'vigie_backup_test_token_0123456789abcdef';

describe('backups', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });
  const tempDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vigie-backup-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  };

  it('SQLite: `vigie backup` copies the live database; the copy, restored, has every acknowledged event', async () => {
    const dataDir = tempDir();
    const env = { VIGIE_DATA_DIR: dataDir, VIGIE_BOOTSTRAP_TOKEN: TOKEN };
    const server = await startServerProcess(env, undefined, { readyTimeoutMs: 120_000 });
    cleanups.push(() => {
      server.child.kill('SIGKILL');
    });
    const send = async () => {
      const event = errorEvent({ value: `order ${Math.random()} failed` });
      const answer = await server.fetch(server.envelopeUrl(), { method: 'POST', body: envelopeOf(event) });
      expect(answer.status).toBe(200);
      return event.event_id as string;
    };
    const before: string[] = [];
    for (let i = 0; i < 30; i += 1) before.push(await send());

    // Ingest goes on while the backup runs.
    let sending = true;
    const during = (async () => {
      while (sending) await send();
    })();
    const backupFile = path.join(tempDir(), 'vigie-backup.sqlite');
    const result = spawnSync(process.execPath, [bin, 'backup', backupFile], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
    sending = false;
    await during;
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(`to ${backupFile}`);
    expect(result.status).toBe(0);
    // Never over an existing file.
    const again = spawnSync(process.execPath, [bin, 'backup', backupFile], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('exists already');
    server.child.kill('SIGTERM');
    await server.exited;

    const restoredDir = tempDir();
    copyFileSync(backupFile, path.join(restoredDir, 'vigie.sqlite'));
    const restored = await startServerProcess({ VIGIE_DATA_DIR: restoredDir }, undefined, {
      readyTimeoutMs: 120_000,
    });
    cleanups.push(() => {
      restored.child.kill('SIGKILL');
    });
    const auth = { headers: { authorization: `Bearer ${TOKEN}` } };
    for (const eventId of before) {
      const answer = await restored.fetch(`/api/v1/events/${eventId}`, auth);
      expect(answer.status, eventId).toBe(200);
    }
    const { issues } = (await (await restored.fetch('/api/v1/projects/1/issues', auth)).json()) as {
      issues: Array<{ count: number }>;
    };
    expect(issues.reduce((sum, i) => sum + i.count, 0)).toBeGreaterThanOrEqual(before.length);
    restored.child.kill('SIGTERM');
    await restored.exited;
  }, 300_000);

  it('SQLite only: on PostgreSQL `vigie backup` says to use pg_dump', () => {
    const result = spawnSync(process.execPath, [bin, 'backup', path.join(tempDir(), 'x.sqlite')], {
      env: { ...process.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('use pg_dump');
  });

  it.skipIf(!postgresUrl)(
    'PostgreSQL: pg_dump, then pg_restore into an empty database, gives back every event and the API token',
    async () => {
      const vigie = await startVigie('postgres');
      const schema = vigie.testDatabase.searchPath!;
      const before: string[] = [];
      const key = new URL(vigie.dsn).username;
      for (let i = 0; i < 20; i += 1) {
        const event = errorEvent({ value: `order ${i} failed` });
        const answer = await vigie.fetch(`/api/${vigie.projectId}/envelope/?sentry_key=${key}`, {
          method: 'POST',
          body: envelopeOf(event),
        });
        expect(answer.status).toBe(200);
        before.push(event.event_id as string);
      }
      const dump = path.join(tempDir(), 'vigie.dump');
      const dumped = spawnSync(
        'pg_dump',
        ['--format=custom', `--schema=${schema}`, `--file=${dump}`, postgresUrl!],
        {
          encoding: 'utf8',
        },
      );
      expect(dumped.stderr).toBe('');
      expect(dumped.status).toBe(0);
      // The database is lost: the schema and everything in it.
      await vigie.app.close();
      const admin = openDatabase({ kind: 'postgres', url: postgresUrl! }, { max: 1 });
      cleanups.push(async () => {
        await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(admin.db);
        await admin.close();
      });
      await sql`drop schema ${sql.id(schema)} cascade`.execute(admin.db);

      const restoredDump = spawnSync('pg_restore', ['--no-owner', `--dbname=${postgresUrl}`, dump], {
        encoding: 'utf8',
      });
      expect(restoredDump.stderr).toBe('');
      expect(restoredDump.status).toBe(0);

      const config = loadConfig({
        DATABASE_URL: (vigie.testDatabase.target as { url: string }).url,
        LOG_LEVEL: 'silent',
        PORT: '0',
      });
      const app = await buildApp(config);
      cleanups.push(() => app.close());
      const client = injectClient(app);
      const auth = { headers: { authorization: `Bearer ${vigie.token}` } };
      for (const eventId of before) {
        const answer = await client.fetch(`/api/v1/events/${eventId}`, auth);
        expect(answer.status, eventId).toBe(200);
      }
      const { issues } = (await (
        await client.fetch(`/api/v1/projects/${vigie.projectId}/issues`, auth)
      ).json()) as { issues: Array<{ count: number }> };
      expect(issues.map((i) => i.count)).toEqual([20]);
    },
    300_000,
  );
});
