// Graceful shutdown under load: on SIGTERM readiness fails at once, requests in flight finish,
// acknowledged events are all committed, and the process exits cleanly. On SQLite and PostgreSQL.

import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/storage/database.ts';
import { createTestDatabase, type TestDatabase, testDialects } from './support/databases.ts';
import { envelopeOf, errorEvent } from './support/events.ts';
import { startServerProcess } from './support/server-process.ts';

describe.each(testDialects)('SIGTERM under load on %s', (dialect) => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('fails readiness, finishes in-flight requests, commits what it acknowledged, and exits 0', async () => {
    let env: Record<string, string>;
    let testDatabase: TestDatabase | undefined;
    if (dialect === 'sqlite') {
      const dir = mkdtempSync(path.join(tmpdir(), 'vigie-term-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      env = { VIGIE_DATA_DIR: dir };
    } else {
      testDatabase = await createTestDatabase('postgres');
      cleanups.push(() => testDatabase!.drop());
      env = { DATABASE_URL: (testDatabase.target as { url: string }).url };
    }
    const server = await startServerProcess(env);
    const endpoint = server.envelopeUrl();
    // Keep-alive connections, as SDKs and load balancers hold them.
    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    cleanups.push(() => agent.destroy());
    // What a request refused while draining got: Vigie's error shape with Retry-After, not Fastify's.
    const refusals = new Set<string>();
    const send = (url: string, method: string, body?: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(url, { method, agent }, (res) => {
          let text = '';
          res.on('data', (chunk) => {
            if (res.statusCode === 503) text += chunk;
          });
          res.on('end', () => {
            if (res.statusCode === 503 && !url.endsWith('/readyz'))
              refusals.add(`${res.headers['retry-after']} ${JSON.parse(text).error?.code}`);
            resolve(res.statusCode ?? 0);
          });
        });
        req.on('error', reject);
        req.end(body);
      });

    const acknowledged: string[] = [];
    const statuses = new Set<number>();
    let stop = false;
    const worker = async () => {
      while (!stop) {
        const event = errorEvent();
        try {
          const status = await send(endpoint, 'POST', envelopeOf(event));
          statuses.add(status);
          if (status === 200) acknowledged.push(event.event_id as string);
        } catch {
          return; // connection refused or closed: the server is gone
        }
      }
    };
    const workers = Array.from({ length: 16 }, worker);
    while (acknowledged.length < 200) await new Promise((r) => setTimeout(r, 10));

    server.child.kill('SIGTERM');
    // The signal arrives asynchronously: ask until readiness fails (or the server is gone).
    let ready: number | string;
    do ready = await send(`${server.baseUrl}/readyz`, 'GET').catch(() => 'refused');
    while (ready === 200);
    expect([503, 'refused']).toContain(ready);
    const { code } = await server.exited;
    stop = true;
    await Promise.all(workers);
    expect(code).toBe(0);
    expect([...statuses].filter((s) => s !== 200 && s !== 503)).toEqual([]);
    expect([...refusals].filter((r) => r !== '5 shutting_down')).toEqual([]);

    const database =
      dialect === 'sqlite'
        ? openDatabase({ kind: 'sqlite', file: path.join(env.VIGIE_DATA_DIR!, 'vigie.sqlite') })
        : testDatabase!.open();
    try {
      const rows = await database.db.selectFrom('events').select('event_id').execute();
      const stored = new Set(rows.map((r) => r.event_id));
      expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    } finally {
      await database.close();
    }
  });
});

describe('SIGTERM with a request in flight on a keep-alive connection', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  // Behind a load balancer that pools its connections to Vigie (HAProxy does), a connection busy when
  // shutdown began stayed open once its answer was sent: the balancer, which had marked the instance
  // down, sent nothing more on it, and Vigie waited for it until VIGIE_SHUTDOWN_TIMEOUT_MS ran out.
  it('answers it with Connection: close, so the connection ends and the process exits at once', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vigie-term-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    // Far longer than the test may take: the process must exit because the connection closed.
    const server = await startServerProcess({ VIGIE_DATA_DIR: dir, VIGIE_SHUTDOWN_TIMEOUT_MS: '600000' });
    cleanups.push(() => {
      server.child.kill('SIGKILL');
    });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    cleanups.push(() => agent.destroy());
    const body = envelopeOf(errorEvent());
    let socketClosed = false;
    const answer = new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
      // Expect: 100-continue: the server answers "continue" once it has the request's headers, so the
      // signal comes while the request is in flight, its body not sent yet.
      const req = request(
        server.envelopeUrl(),
        { method: 'POST', agent, headers: { expect: '100-continue' } },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
        },
      );
      req.on('socket', (socket) => socket.on('close', () => (socketClosed = true)));
      req.on('error', reject);
      req.on('continue', () => {
        server.child.kill('SIGTERM');
        const waitForDrain = async () => {
          while (
            (await fetch(`${server.baseUrl}/readyz`).then(
              (r) => r.status,
              () => 0,
            )) === 200
          ) {
            await new Promise((r) => setTimeout(r, 20));
          }
          req.end(body);
        };
        waitForDrain().catch(reject);
      });
      req.flushHeaders();
    });
    expect(await answer).toEqual({ status: 200, connection: 'close' });
    expect((await server.exited).code).toBe(0);
    expect(socketClosed).toBe(true);
  }, 30_000);
});
