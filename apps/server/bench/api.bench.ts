// npm run bench:api — the dashboard's reads on a seeded database, while ingest goes on. For SQLite, then
// PostgreSQL: seeds a database with bulk SQL (api-seed.ts), starts Vigie on it as `npm start` does, measures
// ingest's full rate, then at half that rate ingest's p99 alone and beside 1 and 8 reading clients, which
// go round every request the pages make (api-clients.ts); prints p50/p95 per request. The ratios: each
// request's p95 over that of GET /api/v1/auth/me (the HTTP and authentication floor) in the same phase,
// and ingest's p99 during the reads over its p99 alone.
//
// Options: --events N (1000000) --issues N (10000) --days N (30) --releases N (20) --users N (5000)
// --duration SECONDS per measured phase (10) --dialect sqlite|postgres|both (both; postgres needs
// VIGIE_BENCH_POSTGRES_URL or VIGIE_TEST_POSTGRES_URL) --connections N ingest connections (64, as bench:ingest)
// --only TEXT (read only the requests whose label contains it, and the baseline) --rounds N of ingest alone
// and beside readers, per number of readers (3)

import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { bootstrapIfEmpty } from '../src/projects/first-run.ts';
import { type Database, migrateToLatest, openDatabase } from '../src/storage/database.ts';
import type { DialectName } from '../src/storage/dialect.ts';
import { startServerProcess } from '../test/support/server-process.ts';
import { type Latencies, type PageRequest, readLoad } from './api-clients.ts';
import { BASELINE, type Phase, report } from './api-report.ts';
import { type Seeded, seedDatabase } from './api-seed.ts';
import type { IngestLoadOptions, IngestLoadResult } from './ingest-load-process.ts';

const { values: opts } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    issues: { type: 'string', default: '10000' },
    days: { type: 'string', default: '30' },
    releases: { type: 'string', default: '20' },
    users: { type: 'string', default: '5000' },
    duration: { type: 'string', default: '10' },
    dialect: { type: 'string', default: 'both' },
    connections: { type: 'string', default: '64' },
    only: { type: 'string' },
    rounds: { type: 'string', default: '3' },
  },
});
const number = (name: keyof typeof opts) => {
  const value = Number(opts[name]);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${name} must be a whole number ≥ 1, got ${opts[name]}`);
  return value;
};
const seconds = number('duration');
const rounds = number('rounds');
const TOKEN = `vigie_bench_${randomBytes(12).toString('hex')}`;
const postgresUrl = process.env.VIGIE_BENCH_POSTGRES_URL ?? process.env.VIGIE_TEST_POSTGRES_URL;

interface Target {
  database: Database;
  env: Record<string, string>;
  cleanup: () => Promise<void>;
}

/** A fresh database: a SQLite file in a folder of its own, or a PostgreSQL schema made for this run. */
async function freshTarget(dialect: DialectName, dataDir: string): Promise<Target> {
  if (dialect === 'sqlite') {
    const database = openDatabase({ kind: 'sqlite', file: path.join(dataDir, 'vigie.sqlite') });
    return { database, env: {}, cleanup: async () => {} };
  }
  if (!postgresUrl)
    throw new Error('set VIGIE_BENCH_POSTGRES_URL (or VIGIE_TEST_POSTGRES_URL) for PostgreSQL');
  const schema = `vigie_bench_${randomBytes(6).toString('hex')}`;
  const admin = openDatabase({ kind: 'postgres', url: postgresUrl }, { max: 1 });
  await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  const url = new URL(postgresUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const database = openDatabase({ kind: 'postgres', url: url.toString() });
  return {
    database,
    env: { DATABASE_URL: url.toString() },
    cleanup: async () => {
      await sql`drop schema ${sql.id(schema)} cascade`.execute(admin.db);
      await admin.close();
    },
  };
}

async function startServer(
  dataDir: string,
  env: Record<string, string>,
): Promise<{ child: ChildProcess; base: string }> {
  // As `npm start` runs it; a start on a large seeded database may take a while.
  const server = await startServerProcess({ VIGIE_DATA_DIR: dataDir, ...env }, undefined, {
    readyTimeoutMs: 60_000,
  });
  return { child: server.child, base: server.baseUrl };
}

function ingestLoad(options: IngestLoadOptions, onReady: () => void): Promise<IngestLoadResult> {
  const child = fork(fileURLToPath(new URL('./ingest-load-process.ts', import.meta.url)), [
    JSON.stringify(options),
  ]);
  return new Promise((resolve, reject) => {
    child.on('message', (message: { ready?: true; result?: IngestLoadResult }) => {
      if (message.ready) onReady();
      if (message.result) resolve(message.result);
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`the ingest load exited with ${code}`));
    });
  });
}

function pageRequests(projectId: number, seeded: Seeded): PageRequest[] {
  const stream = (query: string, extra = '') =>
    `/api/v1/projects/${projectId}/issues?query=${encodeURIComponent(query)}&stats=24h${extra}`;
  const issue = seeded.issueIds[0]!;
  return [
    { label: 'projects page (24h sparklines, counts)', path: '/api/v1/projects?stats=24h' },
    { label: 'stream: inbox', path: stream('is:unresolved is:inbox') },
    {
      label: 'stream: count of the inbox',
      path: `/api/v1/projects/${projectId}/issues/count?query=${encodeURIComponent('is:unresolved is:inbox')}`,
    },
    { label: 'stream: three-term search', path: stream('is:unresolved environment:production TypeError') },
    { label: 'stream: free text matching nothing', path: stream('zzqx-no-such-text') },
    { label: 'stream: sort by users', path: stream('is:unresolved', '&sort=users') },
    { label: 'issue: detail (largest issue)', path: `/api/v1/issues/${issue}` },
    { label: 'issue: series over 30 days', path: `/api/v1/issues/${issue}/series?period=30d` },
    { label: 'issue: tags', path: `/api/v1/issues/${issue}/tags` },
    { label: 'issue: latest event with navigation', path: `/api/v1/issues/${issue}/events/latest` },
    {
      label: `customer lookup (${seeded.customerEvents} events)`,
      path: `/api/v1/customers?query=${seeded.customer}`,
    },
    { label: 'project series over 30 days', path: `/api/v1/projects/${projectId}/series?period=30d` },
    { label: BASELINE, path: '/api/v1/auth/me' },
  ];
}

/**
 * Ingest at half rate alone, then beside `clients` readers, in rounds that take the two in turns (the
 * machine's speed drifts from one minute to the next): ingest's p99 in each, and the readers' latencies.
 */
async function measure(
  clients: number,
  half: number,
  requests: PageRequest[],
  base: string,
  load: (rate: number, onReady?: () => void) => Promise<IngestLoadResult>,
): Promise<Phase> {
  const phase: Phase = {
    clients,
    latencies: new Map(requests.map((r) => [r.label, []])),
    alone: [],
    beside: [],
  };
  const beside = async () => {
    let reads: Promise<Latencies> | undefined;
    const ingest = await load(half, () => {
      reads = readLoad(base, TOKEN, requests, clients, seconds);
    });
    for (const [label, samples] of await reads!) phase.latencies.get(label)!.push(...samples);
    phase.beside.push(ingest);
  };
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 1) await beside();
    phase.alone.push(await load(half));
    if (round % 2 === 0) await beside();
  }
  return phase;
}

async function benchDialect(dialect: DialectName): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vigie-bench-api-'));
  const target = await freshTarget(dialect, dataDir);
  let server: { child: ChildProcess; base: string } | undefined;
  try {
    const { database } = target;
    await migrateToLatest(database);
    const run = await bootstrapIfEmpty(database.db, { publicUrl: 'http://127.0.0.1', bootstrapToken: TOKEN });
    if (!run) throw new Error('the bench database was not empty');
    const seedStart = performance.now();
    const seeded = await seedDatabase(database, {
      projectId: run.projectId,
      events: number('events'),
      issues: number('issues'),
      days: number('days'),
      releases: number('releases'),
      users: number('users'),
      nowMs: Date.now(),
      sqliteFile: path.join(dataDir, 'vigie.sqlite'),
    });
    const seedSeconds = (performance.now() - seedStart) / 1000;
    if (dialect === 'sqlite') await sql`pragma wal_checkpoint(truncate)`.execute(database.db);
    await database.close();
    console.log(
      `\n== ${dialect}: ${opts.events} events, ${opts.issues} issues (the largest has ${seeded.largest}), ` +
        `${opts.users} users, ${opts.releases} releases over ${opts.days} days; seeded in ${seedSeconds.toFixed(0)} s`,
    );

    server = await startServer(dataDir, target.env);
    const key = new URL(run.dsn).username;
    const ingestUrl = `${server.base}/api/${run.projectId}/envelope/?sentry_key=${key}`;
    const requests = pageRequests(run.projectId, seeded).filter(
      (r) => opts.only === undefined || r.label.includes(opts.only) || r.label === BASELINE,
    );
    const load = (rate: number | undefined, onReady = () => {}): Promise<IngestLoadResult> =>
      ingestLoad(
        {
          url: ingestUrl,
          seconds,
          connections: number('connections'),
          issues: 500,
          ...(rate ? { rate } : {}),
        },
        onReady,
      );
    // Warm-up, not measured: every request answers, then a few seconds of each load.
    await readLoad(server.base, TOKEN, requests, 1, 3);
    const full = await load(undefined);
    const half = Math.max(1, Math.floor(full.ok / seconds / 2));
    const phases: Phase[] = [];
    for (const clients of [1, 8]) phases.push(await measure(clients, half, requests, server.base, load));
    report(dialect, requests, phases, { full: full.ok / seconds, half });
  } finally {
    server?.child.kill('SIGTERM');
    if (server) await new Promise((r) => server!.child.once('exit', r));
    await target.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (!['sqlite', 'postgres', 'both'].includes(opts.dialect))
  throw new Error('--dialect is sqlite, postgres or both');
const dialects: DialectName[] =
  opts.dialect === 'both' ? ['sqlite', 'postgres'] : [opts.dialect as DialectName];
if (opts.dialect === 'both' && !postgresUrl) {
  console.log('PostgreSQL skipped: set VIGIE_BENCH_POSTGRES_URL (or VIGIE_TEST_POSTGRES_URL) to run it too.');
  dialects.pop();
}
console.log(`bench:api — ${seconds} s per phase, Node ${process.version}`);
for (const dialect of dialects) await benchDialect(dialect);
