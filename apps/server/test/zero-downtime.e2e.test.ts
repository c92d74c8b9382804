// Vigie deploys itself without downtime: real instances (`vigie serve`, as production runs it) on one
// PostgreSQL behind HAProxy from Debian, under continuous load from the real @sentry/node SDK and API
// readers through the balancer. A rolling restart (SIGTERM each instance in turn, start its successor,
// wait for /readyz) and a blue/green switch (the idle pair comes up, the balancer switches to it over
// HAProxy's runtime API, the old pair stops) must fail no request and lose no acknowledged event, and
// every background job must run once per interval across the restarts. Each phase prints its counts.

import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/storage/database.ts';
import { startVigie } from './support/app.ts';
import { createTestDatabase, postgresUrl, type TestDatabase } from './support/databases.ts';
import { type BalancedServer, type Haproxy, startHaproxy, waitForState } from './support/haproxy.ts';
import { freePort, type ServerProcess, startServerProcess } from './support/server-process.ts';

const TOKEN = 'vigie_zero_downtime_test_token_0123456789';
const loadClient = fileURLToPath(new URL('./clients/sentry-node-load.ts', import.meta.url));

const turnMs = (interval: number) => interval - Math.min(1_000, interval / 10);

interface LoadReport {
  captured: number;
  sends: number;
  acknowledged: string[];
  failures: string[];
}

if (!postgresUrl) {
  console.warn(
    '[vigie] zero-downtime test skipped: it needs PostgreSQL; set VIGIE_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test (CI does).',
  );
}

describe.skipIf(!postgresUrl)('zero-downtime deploys behind HAProxy on PostgreSQL', () => {
  let testDatabase: TestDatabase;
  let database: Database;
  let dir: string;
  let haproxy: Haproxy;
  let env: Record<string, string>;
  let dsn: string;
  let projectId: number;
  const servers = new Map<string, BalancedServer>();
  const running = new Map<string, ServerProcess>();
  const testStart = Date.now();

  async function start(name: string): Promise<ServerProcess> {
    // A start takes seconds on a quiet machine, and much longer on a shared, loaded one.
    const server = await startServerProcess(env, undefined, {
      port: servers.get(name)!.port,
      readyTimeoutMs: 120_000,
    });
    running.set(name, server);
    return server;
  }

  async function stop(name: string): Promise<void> {
    const server = running.get(name)!;
    server.child.kill('SIGTERM');
    const { code } = await server.exited;
    running.delete(name);
    expect(code, `${name} exits cleanly after SIGTERM:\n${server.stdout()}`).toBe(0);
  }

  beforeAll(async () => {
    testDatabase = await createTestDatabase('postgres');
    database = testDatabase.open();
    dir = mkdtempSync(path.join(tmpdir(), 'vigie-zdd-'));
    for (const name of ['blue1', 'blue2', 'green1', 'green2']) {
      servers.set(name, { name, port: await freePort(), disabled: name.startsWith('green') });
    }
    const balancerPort = await freePort();
    env = {
      DATABASE_URL: (testDatabase.target as { url: string }).url,
      VIGIE_DATA_DIR: dir,
      VIGIE_BOOTSTRAP_TOKEN: TOKEN,
      VIGIE_SECRET_KEY: 'a'.repeat(64),
      VIGIE_PUBLIC_URL: `http://127.0.0.1:${balancerPort}`,
      VIGIE_TRUST_PROXY: 'true',
    };
    const first = await start('blue1');
    const printed = /DSN:\s+(\S+)/.exec(first.stdout())?.[1];
    if (!printed) throw new Error(`the first start printed no DSN: ${first.stdout()}`);
    dsn = printed;
    projectId = Number(new URL(printed).pathname.slice(1));
    await start('blue2');
    haproxy = await startHaproxy(dir, balancerPort, [...servers.values()]);
    await waitForState(haproxy, 'blue1', 'UP');
    await waitForState(haproxy, 'blue2', 'UP');
  }, 300_000);

  afterAll(async () => {
    for (const server of running.values()) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    await haproxy?.stop();
    await database?.close();
    await testDatabase?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  /** The SDK's load and two API readers, all through the balancer, until the returned stop(). */
  async function underLoad(deploy: () => Promise<void>): Promise<void> {
    const child: ChildProcess = fork(loadClient, [], {
      env: { ...process.env, SENTRY_DSN: dsn, LOAD_INTERVAL_MS: '20' },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let childErr = '';
    child.stderr!.on('data', (chunk) => {
      childErr += chunk;
    });
    const report = new Promise<LoadReport>((resolve, reject) => {
      child.on('message', (message: { ready: true } | LoadReport) => {
        if (!('ready' in message)) resolve(message);
      });
      child.on('exit', (code) => {
        if (code !== 0) reject(new Error(`the SDK load exited with ${code}: ${childErr}`));
      });
    });
    let reading = true;
    const reads = { sent: 0, failed: [] as string[] };
    const reader = async () => {
      const paths = [
        `/api/v1/projects/${projectId}/issues`,
        '/api/v1/projects',
        `/api/v1/projects/${projectId}/series`,
      ];
      for (let i = 0; reading; i += 1) {
        reads.sent += 1;
        try {
          const response = await fetch(`${env.VIGIE_PUBLIC_URL}${paths[i % paths.length]}`, {
            headers: { authorization: `Bearer ${TOKEN}` },
          });
          await response.arrayBuffer();
          if (response.status !== 200)
            reads.failed.push(`GET ${paths[i % paths.length]} → ${response.status}`);
        } catch (error) {
          reads.failed.push(
            error instanceof Error ? `${error.message} ${String(error.cause)}` : String(error),
          );
        }
      }
    };
    const readers = [reader(), reader()];
    let load: LoadReport;
    try {
      const storedBefore = await storedEvents();
      // The load is flowing before the deploy begins, and still after it ends, on the new instances.
      await until(async () => (await storedEvents()) >= storedBefore + 20);
      await deploy();
      const afterDeploy = await storedEvents();
      await until(async () => (await storedEvents()) >= afterDeploy + 20);
      child.send('stop');
      load = await report;
    } finally {
      // A failed deploy leaves no load running behind it.
      if (child.exitCode === null) child.kill('SIGKILL');
      reading = false;
      await Promise.all(readers);
    }

    const stored = await storedOf(load.acknowledged);
    const counts = {
      'requests sent': load.sends + reads.sent,
      failed: load.failures.length + reads.failed.length,
      'events captured by the SDK': load.captured,
      'events acknowledged (200)': load.acknowledged.length,
      'acknowledged events stored': stored,
    };
    console.log(`[zero-downtime] ${expect.getState().currentTestName}:\n${JSON.stringify(counts, null, 2)}`);
    expect(tally([...load.failures, ...reads.failed])).toEqual({});
    expect(load.acknowledged).toHaveLength(load.captured);
    expect(stored).toBe(load.acknowledged.length);
  }

  async function storedEvents(): Promise<number> {
    const row = await database.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async function storedOf(eventIds: string[]): Promise<number> {
    let found = 0;
    for (let i = 0; i < eventIds.length; i += 1000) {
      const rows = await database.db
        .selectFrom('events')
        .select('event_id')
        .where('event_id', 'in', eventIds.slice(i, i + 1000))
        .execute();
      found += rows.length;
    }
    return found;
  }

  it('restarts each instance in turn under load: no failed request, no acknowledged event lost', async () => {
    await underLoad(async () => {
      for (const name of ['blue1', 'blue2']) {
        await stop(name);
        await start(name);
        // The next one stops only once the balancer sends traffic to this one again.
        await waitForState(haproxy, name, 'UP');
      }
    });
  }, 300_000);

  it('switches the balancer from the blue pair to the green pair under load: nothing failed or lost', async () => {
    await underLoad(async () => {
      await Promise.all([start('green1'), start('green2')]);
      for (const name of ['green1', 'green2']) await haproxy.command(`set server vigie/${name} state ready`);
      await waitForState(haproxy, 'green1', 'UP');
      await waitForState(haproxy, 'green2', 'UP');
      for (const name of ['blue1', 'blue2']) await haproxy.command(`set server vigie/${name} state maint`);
      await Promise.all([stop('blue1'), stop('blue2')]);
    });
  }, 300_000);

  it('ran every background job once per interval across the restarts', async () => {
    // The jobs app.ts adds, and their intervals: two completed runs of one are never closer than its turn.
    const app = await startVigie('sqlite');
    const INTERVALS: Record<string, number> = Object.fromEntries(
      app.app.vigie.jobs.list().map((job) => [job.name, job.intervalMs]),
    );
    await app.stop();
    const runs = await database.db
      .selectFrom('job_runs')
      .select(['name', 'holder', 'started_at', 'outcome'])
      .where('started_at', '>=', testStart)
      .orderBy('started_at')
      .execute();
    const ran = runs.filter((r) => r.outcome === 'ran');
    // Every job ran (each instance ticks its jobs when it starts), the quick ones more than once.
    expect(new Set(ran.map((r) => r.name))).toEqual(new Set(Object.keys(INTERVALS)));
    const tooClose: string[] = [];
    for (const name of Object.keys(INTERVALS)) {
      const times = ran.filter((r) => r.name === name).map((r) => r.started_at);
      for (let i = 1; i < times.length; i += 1) {
        if (times[i]! - times[i - 1]! < turnMs(INTERVALS[name]!))
          tooClose.push(
            `${name} ran at +${times[i - 1]! - testStart} ms and again at +${times[i]! - testStart} ms`,
          );
      }
    }
    console.log(
      `[zero-downtime] job runs: ${JSON.stringify(Object.fromEntries(Object.keys(INTERVALS).map((n) => [n, ran.filter((r) => r.name === n).length])))}`,
    );
    expect(tooClose).toEqual([]);
    expect(runs.filter((r) => r.outcome === 'failed')).toEqual([]);

    // Alert minutes: the spike detector evaluated each of the project's minutes once (its cursor moved
    // past them, and no minute has two decisions for one subject).
    const cursor = await database.db
      .selectFrom('spike_cursors')
      .select('next_minute')
      .where('project_id', '=', projectId)
      .executeTakeFirst();
    expect(cursor?.next_minute).toBeGreaterThan(Math.floor(testStart / 60_000) - 1);
    const decisions = await database.db
      .selectFrom('spike_decisions')
      .select(['issue_id', 'minute'])
      .where('project_id', '=', projectId)
      .execute();
    const keys = decisions.map((d) => `${d.issue_id}:${d.minute}`);
    expect(keys.length).toBe(new Set(keys).size);
  }, 120_000);
});

/** Each distinct failure with how many times it happened. */
function tally(failures: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const failure of failures) counts[failure] = (counts[failure] ?? 0) + 1;
  return counts;
}

async function until(check: () => Promise<boolean>, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
