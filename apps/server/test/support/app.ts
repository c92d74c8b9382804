// A real Vigie on a fresh test database, with a project, a DSN key and an admin token: what a
// newcomer has after the first start. Requests go through Fastify's inject(), the whole app but no
// socket; a test whose subject is the network (keep-alive, a real SDK or browser sending to Vigie)
// asks for a listening server.

import { buildApp } from '../../src/app.ts';
import type { ScryptCost } from '../../src/auth/password.ts';
import { type Config, loadConfig } from '../../src/config/config.ts';
import type { App } from '../../src/http.ts';
import { bootstrapIfEmpty } from '../../src/projects/first-run.ts';
import type { DialectName } from '../../src/storage/dialect.ts';
import { createTestDatabase, type TestDatabase } from './databases.ts';

/** Something tests speak HTTP to: `fetch` takes a path (or a URL under `baseUrl`) and answers like fetch(). */
export interface HttpClient {
  baseUrl: string;
  fetch(path: string | URL, init?: RequestInit): Promise<Response>;
}

export interface RunningVigie extends HttpClient {
  app: App;
  config: Config;
  /** Where Vigie listens, or (when it does not) the origin its DSNs and inject()ed requests name. */
  baseUrl: string;
  dsn: string;
  projectId: number;
  token: string;
  testDatabase: TestDatabase;
  /** GET an API path with the admin token; throws on a non-2xx answer. */
  api<T = unknown>(path: string): Promise<T>;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Listen on a loopback port, for tests whose subject is the network; `fetch` still injects. */
  listen?: boolean;
  /** Serve this built dashboard instead of apps/web/dist. */
  dashboardRoot?: string;
}

/**
 * scrypt at N=2^10, p=1: about a hundred times cheaper than production's cost, so the tests that
 * log in over and over take milliseconds; hashing and checking are otherwise the same code.
 */
export const TEST_PASSWORD_HASH_COST: ScryptCost = Object.freeze({ ln: 10, r: 8, p: 1 });

/** The origin of a Vigie that does not listen: no request ever leaves the process. */
const INJECTED_ORIGIN = 'http://vigie.test';

export async function startVigie(
  dialect: DialectName,
  env: Record<string, string> = {},
  options: StartOptions = {},
): Promise<RunningVigie> {
  const testDatabase = await createTestDatabase(dialect);
  const config: Config = Object.freeze({
    ...loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      ...(testDatabase.target.kind === 'postgres' ? { DATABASE_URL: testDatabase.target.url } : {}),
      VIGIE_DATA_DIR:
        testDatabase.target.kind === 'sqlite'
          ? testDatabase.target.file.replace(/\/vigie\.sqlite$/, '')
          : '/tmp',
      ...env,
    }),
    passwordHashCost: TEST_PASSWORD_HASH_COST,
  });
  const app = await buildApp(
    config,
    options.dashboardRoot === undefined ? {} : { dashboardRoot: options.dashboardRoot },
  );
  let baseUrl = INJECTED_ORIGIN;
  if (options.listen) {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('no address');
    baseUrl = `http://127.0.0.1:${address.port}`;
  }
  const run = await bootstrapIfEmpty(app.vigie.database.db, {
    publicUrl: baseUrl,
    bootstrapToken: undefined,
  });
  if (!run) throw new Error('test database was not empty');
  const { fetch } = injectClient(app, baseUrl);
  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(path, { headers: { authorization: `Bearer ${run.token}` } });
    if (!response.ok) throw new Error(`GET ${path} → ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  return {
    app,
    config,
    baseUrl,
    fetch,
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

/** An HttpClient whose requests go through `app.inject()`, addressed to `baseUrl`. */
export function injectClient(app: Pick<App, 'inject'>, baseUrl = INJECTED_ORIGIN): HttpClient {
  return { baseUrl, fetch: (path, init) => injectFetch(app, baseUrl, path, init) };
}

// Statuses whose response has no body, for which `new Response(body)` throws.
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * fetch() semantics over app.inject(): the request's method, headers (with the Host its URL names,
 * and the Content-Type fetch gives a string body) and body in, a standard Response out.
 */
async function injectFetch(
  app: Pick<App, 'inject'>,
  baseUrl: string,
  path: string | URL,
  init: RequestInit = {},
) {
  const url = new URL(path, baseUrl);
  const headers = new Headers(init.headers);
  if (!headers.has('host')) headers.set('host', url.host);
  const body = init.body ?? undefined;
  if (typeof body === 'string' && !headers.has('content-type'))
    headers.set('content-type', 'text/plain;charset=UTF-8');
  if (body !== undefined && typeof body !== 'string' && !(body instanceof Uint8Array))
    throw new Error('inject fetch sends string and byte bodies only');
  const method = (init.method ?? 'GET').toUpperCase();
  const answer = await app.inject({
    method: method as 'GET',
    url: `${url.pathname}${url.search}`,
    headers: Object.fromEntries(headers),
    ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : Buffer.from(body) }),
  });
  const responseHeaders = new Headers();
  for (const [name, value] of Object.entries(answer.headers)) {
    for (const one of Array.isArray(value) ? value : [value]) {
      if (one !== undefined) responseHeaders.append(name, String(one));
    }
  }
  const nullBody = NULL_BODY_STATUSES.has(answer.statusCode) || method === 'HEAD';
  return new Response(nullBody ? null : answer.rawPayload, {
    status: answer.statusCode,
    statusText: answer.statusMessage,
    headers: responseHeaders,
  });
}

/** Poll until `check` returns a value (events are readable once committed, a few ms later). */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
