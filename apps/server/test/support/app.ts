// A real Vigie on a fresh test database, listening on a loopback port, with a project, a DSN
// key and an admin token: what a newcomer has after the first start.

import { buildApp } from '../../src/app.ts';
import { type Config, loadConfig } from '../../src/config/config.ts';
import type { App } from '../../src/http.ts';
import { bootstrapIfEmpty } from '../../src/projects/first-run.ts';
import type { DialectName } from '../../src/storage/dialect.ts';
import { createTestDatabase, type TestDatabase } from './databases.ts';

export interface RunningVigie {
  app: App;
  config: Config;
  baseUrl: string;
  dsn: string;
  projectId: number;
  token: string;
  testDatabase: TestDatabase;
  /** GET an API path with the admin token; throws on a non-2xx answer. */
  api<T = unknown>(path: string): Promise<T>;
  stop(): Promise<void>;
}

export async function startVigie(
  dialect: DialectName,
  env: Record<string, string> = {},
): Promise<RunningVigie> {
  const testDatabase = await createTestDatabase(dialect);
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    ...(testDatabase.target.kind === 'postgres' ? { DATABASE_URL: testDatabase.target.url } : {}),
    VIGIE_DATA_DIR:
      testDatabase.target.kind === 'sqlite'
        ? testDatabase.target.file.replace(/\/vigie\.sqlite$/, '')
        : '/tmp',
    ...env,
  });
  const app = await buildApp(config);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const run = await bootstrapIfEmpty(app.vigie.database.db, {
    publicUrl: baseUrl,
    bootstrapToken: undefined,
  });
  if (!run) throw new Error('test database was not empty');
  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${run.token}` } });
    if (!response.ok) throw new Error(`GET ${path} → ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  return {
    app,
    config,
    baseUrl,
    dsn: run.dsn,
    projectId: run.projectId,
    token: run.token,
    testDatabase,
    api,
    stop: async () => {
      await app.close();
      await testDatabase.drop();
    },
  };
}

/** Poll until `check` returns a value (events are readable once committed, a few ms later). */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
