// `vigie project create` and `vigie key create` print DSNs for SDKs to use, but run in a shell of their
// own, often without the server's PORT: they take the public URL the server last started with from the
// database, and say on stderr where the host came from when it is a guess. On SQLite and PostgreSQL.

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../src/cli/commands.ts';
import { loadConfig } from '../src/config/config.ts';
import { createTestDatabase, type TestDatabase, testDialects } from './support/databases.ts';
import { envelopeOf, errorEvent } from './support/events.ts';
import { type ServerProcess, startServerProcess } from './support/server-process.ts';

describe.each(testDialects)('DSNs printed by the CLI on %s', (dialect) => {
  let testDatabase: TestDatabase;
  /** The environment the server and the CLI share: the database, and nothing about ports. */
  let databaseEnv: Record<string, string>;
  let server: ServerProcess | undefined;

  /** Runs `vigie …` in this process, with `env` on top of the database's; what it printed, by stream. */
  const vigie = async (env: Record<string, string>, ...args: string[]) => {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const config = loadConfig({ ...databaseEnv, LOG_LEVEL: 'silent', ...env });
    await runCommand(
      config,
      args,
      (line) => stdout.push(line),
      (line) => stderr.push(line),
    );
    return { stdout: stdout.join('\n'), stderr: stderr.join('\n') };
  };
  const dsnIn = (text: string) => new URL(/(https?:\/\/\S+)/.exec(text)?.[1] ?? 'missing:');

  beforeAll(async () => {
    testDatabase = await createTestDatabase(dialect);
    const { target } = testDatabase;
    databaseEnv =
      target.kind === 'postgres'
        ? { DATABASE_URL: target.url }
        : { VIGIE_DATA_DIR: path.dirname(target.file) };
  });
  afterAll(async () => {
    server?.child.kill('SIGTERM');
    await server?.exited;
    await testDatabase.drop();
  });

  it('says the host is a guess from PORT before any server has started', async () => {
    const created = await vigie({}, 'project', 'create', 'Before the server');
    expect(dsnIn(created.stdout).host).toBe('localhost:8000');
    expect(created.stderr).toBe(
      "note: no server has started on this database yet, so the DSN's host (http://localhost:8000) is a " +
        'guess from PORT; set VIGIE_PUBLIC_URL to the address SDKs reach Vigie at.',
    );
  });

  it('prints the port the server runs on, without PORT, in DSNs that work', async () => {
    // startServerProcess gives the server a free port of its own; the CLI below is not told it.
    server = await startServerProcess(databaseEnv);
    const port = new URL(server.baseUrl).port;

    const created = await vigie({}, 'project', 'create', 'Web shop');
    const dsn = dsnIn(created.stdout);
    expect(dsn.host).toBe(`localhost:${port}`);
    expect(created.stderr).toMatch(
      new RegExp(`^note: the DSN's host is where the server last started \\(http://localhost:${port}, `),
    );
    const key = await vigie({}, 'key', 'create', 'web-shop', '--label', 'browser');
    expect(dsnIn(key.stdout).host).toBe(`localhost:${port}`);
    expect(key.stderr).toContain('where the server last started');

    // The DSN reaches the server (through 127.0.0.1, where it listens).
    const projectId = dsn.pathname.slice(1);
    const answer = await fetch(`${server.baseUrl}/api/${projectId}/envelope/?sentry_key=${dsn.username}`, {
      method: 'POST',
      body: envelopeOf(errorEvent()),
    });
    expect(answer.status).toBe(200);
  });

  it('takes VIGIE_PUBLIC_URL over the server’s, and says nothing then', async () => {
    const created = await vigie(
      { VIGIE_PUBLIC_URL: 'https://errors.example.com/' },
      'key',
      'create',
      'web-shop',
    );
    expect(created.stdout).toMatch(/^https:\/\/[0-9a-f]{32}@errors\.example\.com\/\d+$/);
    expect(created.stderr).toBe('');
  });

  it('trusts a server that was given VIGIE_PUBLIC_URL without a note', async () => {
    server?.child.kill('SIGTERM');
    await server?.exited;
    server = await startServerProcess({ ...databaseEnv, VIGIE_PUBLIC_URL: 'https://vigie.example.org' });
    const created = await vigie({}, 'key', 'create', 'web-shop');
    expect(dsnIn(created.stdout).host).toBe('vigie.example.org');
    expect(created.stderr).toBe('');
  });
});
