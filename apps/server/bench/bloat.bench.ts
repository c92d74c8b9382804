// npm run bench:bloat — PostgreSQL only: what ingest's rewrites of issue and counter rows leave behind.
// Writes N events through ingest's own batch writer (writeBatch, in transactions of --batch events, as a
// group commit does) into three fresh schemas, in turn:
//   before: the schema before migration 2026-12-08T30-hot-updates (fill factor 100), no vacuum;
//   after:  with it (fill factors, vacuum settings), no vacuum: the row versions left, HOT or not;
//   vacuumed: with it, and a plain VACUUM of the tables each time --vacuum-every events were written,
//     which is what autovacuum does with the migration's threshold and autovacuum_naptime = 10s at a
//     few thousand events a second (this machine's PostgreSQL runs with autovacuum off, so the bench
//     plays the daemon's part, on the same schedule for every run).
// For each it prints updates, the share that were HOT, dead row versions, the size of issues and its
// indexes, and the median latency of the issue list (GET /api/v1/projects/{id}/issues, through the app)
// against the same list after VACUUM FULL ANALYZE in the same run (the ratio).
//
// Options: --events N (200000) --issues N (500) --users N (5000) --batch N (100) --vacuum-every N (20000)
// --reads N (40)

import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config/config.ts';
import { writeBatch } from '../src/ingest/batch.repository.ts';
import type { IngestBatch } from '../src/ingest/batch.ts';
import { toEventRecord } from '../src/ingest/event-record.ts';
import { bootstrapIfEmpty } from '../src/projects/first-run.ts';
import { type Database, openDatabase } from '../src/storage/database.ts';
import { migrationProvider } from '../src/storage/migrations/index.ts';
import { errorEvent } from '../test/support/events.ts';

const { values: opts } = parseArgs({
  options: {
    events: { type: 'string', default: '200000' },
    issues: { type: 'string', default: '500' },
    users: { type: 'string', default: '5000' },
    batch: { type: 'string', default: '100' },
    'vacuum-every': { type: 'string', default: '20000' },
    reads: { type: 'string', default: '40' },
  },
});
const number = (name: keyof typeof opts) => {
  const value = Number(opts[name]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number ≥ 1`);
  return value;
};
const EVENTS = number('events');
const ISSUES = number('issues');
const USERS = number('users');
const BATCH = number('batch');
const VACUUM_EVERY = number('vacuum-every');
const READS = number('reads');
const postgresUrl = process.env.VIGIE_BENCH_POSTGRES_URL ?? process.env.VIGIE_TEST_POSTGRES_URL;
if (!postgresUrl) throw new Error('set VIGIE_BENCH_POSTGRES_URL (or VIGIE_TEST_POSTGRES_URL)');
const TABLES = ['issues', 'issue_tags', 'issue_counts', 'issue_rollups', 'project_counts'];
const BEFORE = '2026-12-07T22-weekly-digest';
const TOKEN = `vigie_bench_${randomBytes(12).toString('hex')}`;

type Variant = 'before' | 'after' | 'vacuumed';

interface Figures {
  variant: Variant;
  seconds: number;
  tables: Array<{ table: string; updates: number; hot: number; dead: number }>;
  issuesBytes: number;
  issuesIndexBytes: number;
  listMs: number;
  listCompactMs: number;
}

function batchOf(start: number, projectId: number, t0: number): IngestBatch {
  const events = [];
  for (let i = start; i < Math.min(start + BATCH, EVENTS); i += 1) {
    // Issues drawn unevenly, as in production: a few loud ones, a long tail.
    const issue = Math.floor(ISSUES * Math.random() ** 2);
    const raw = errorEvent({
      fn: `handler${issue}`,
      file: `/srv/shop/routes/route${issue}.js`,
      value: `order ${i} failed`,
      userId: `user${Math.floor(Math.random() * USERS)}`,
      timestamp: t0 + i * 10,
    });
    events.push(toEventRecord(projectId, raw, { receivedAtMs: t0 + i * 10, clockDriftMs: 0 }));
  }
  return { events, sessions: [], aggregates: [], clientReports: [], transactions: [] };
}

async function run(variant: Variant): Promise<Figures> {
  const schema = `vigie_bloat_${randomBytes(5).toString('hex')}`;
  const admin = openDatabase({ kind: 'postgres', url: postgresUrl! }, { max: 1 });
  await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  const url = new URL(postgresUrl!);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const database = openDatabase({ kind: 'postgres', url: url.toString() }, { max: 2 });
  try {
    const migrator = new Migrator({
      db: database.db,
      provider: migrationProvider,
      migrationTableSchema: schema,
    });
    const { error } =
      variant === 'before' ? await migrator.migrateTo(BEFORE) : await migrator.migrateToLatest();
    if (error) throw error;
    // Only the vacuum this bench runs: the same for every variant, whatever the server's settings.
    for (const table of TABLES)
      await sql`alter table ${sql.id(table)} set (autovacuum_enabled = false)`.execute(database.db);
    const first = await bootstrapIfEmpty(database.db, {
      publicUrl: 'http://bench.test',
      bootstrapToken: TOKEN,
    });
    const projectId = first!.projectId;
    const t0 = Date.now() - EVENTS * 10;
    const started = performance.now();
    for (let i = 0; i < EVENTS; i += BATCH) {
      const batch = batchOf(i, projectId, t0);
      await database.db.transaction().execute((trx) => writeBatch(trx, 'postgres', batch));
      if (variant === 'vacuumed' && (i + BATCH) % VACUUM_EVERY < BATCH) await vacuum(database, '');
      if ((i / BATCH) % 200 === 0) process.stderr.write(`\r${variant}: ${i} events`);
    }
    const seconds = (performance.now() - started) / 1000;
    process.stderr.write(`\r${variant}: ${EVENTS} events in ${seconds.toFixed(0)} s\n`);
    // The statistics collector reports a transaction's counts within a moment of its end.
    await sql`select pg_stat_force_next_flush()`.execute(database.db).catch(() => {});
    await new Promise((r) => setTimeout(r, 1000));
    const tables = await tableFigures(database, schema);
    const sizes = await sql<{ heap: number; indexes: number }>`
      select pg_relation_size('issues')::bigint as heap, pg_indexes_size('issues')::bigint as indexes`.execute(
      database.db,
    );
    const listMs = await listLatency(url.toString(), projectId);
    await vacuum(database, 'full analyze');
    const listCompactMs = await listLatency(url.toString(), projectId);
    return {
      variant,
      seconds,
      tables,
      issuesBytes: Number(sizes.rows[0]!.heap),
      issuesIndexBytes: Number(sizes.rows[0]!.indexes),
      listMs,
      listCompactMs,
    };
  } finally {
    await database.close();
    await sql`drop schema ${sql.id(schema)} cascade`.execute(admin.db);
    await admin.close();
  }
}

async function vacuum(database: Database, how: '' | 'full analyze'): Promise<void> {
  for (const table of TABLES) await sql`vacuum ${sql.raw(how)} ${sql.id(table)}`.execute(database.db);
}

async function tableFigures(database: Database, schema: string): Promise<Figures['tables']> {
  const rows = await sql<{ table: string; updates: number; hot: number; dead: number }>`
    select relname as table, n_tup_upd as updates, n_tup_hot_upd as hot, n_dead_tup as dead
    from pg_stat_user_tables where schemaname = ${schema} and relname in (${sql.join(TABLES)})`.execute(
    database.db,
  );
  return TABLES.map((table) => {
    const row = rows.rows.find((r) => r.table === table);
    return {
      table,
      updates: Number(row?.updates ?? 0),
      hot: Number(row?.hot ?? 0),
      dead: Number(row?.dead ?? 0),
    };
  });
}

/** Median time of the issue stream's first page, through the whole app (inject: no socket). */
async function listLatency(databaseUrl: string, projectId: number): Promise<number> {
  const config = loadConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', PORT: '0' });
  const app = await buildApp(config);
  try {
    const times: number[] = [];
    for (let i = 0; i < READS; i += 1) {
      const start = performance.now();
      const answer = await app.inject({
        url: `/api/v1/projects/${projectId}/issues?query=is%3Aunresolved`,
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      if (answer.statusCode !== 200)
        throw new Error(`the list answered ${answer.statusCode}: ${answer.body}`);
      times.push(performance.now() - start);
    }
    return median(times.slice(Math.min(5, READS - 1)));
  } finally {
    await app.close();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const results: Figures[] = [];
for (const variant of ['before', 'after', 'vacuumed'] as const) results.push(await run(variant));

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;
console.log(`\nbench:bloat — ${EVENTS} events, ${ISSUES} issues, ${USERS} users, batches of ${BATCH}\n`);
console.log(
  '| figure | before (fill factor 100, no vacuum) | after (migration, no vacuum) | after, vacuum every ' +
    `${VACUUM_EVERY} events |`,
);
console.log('| --- | --- | --- | --- |');
const row = (label: string, cell: (f: Figures) => string) =>
  console.log(`| ${label} | ${results.map(cell).join(' | ')} |`);
row('write time', (f) => `${f.seconds.toFixed(0)} s (${Math.round(EVENTS / f.seconds)} events/s)`);
for (const table of TABLES) {
  const of = (f: Figures) => f.tables.find((t) => t.table === table)!;
  row(
    `${table}: updates, HOT`,
    (f) => `${of(f).updates} (${of(f).updates ? Math.round((100 * of(f).hot) / of(f).updates) : 0}% HOT)`,
  );
  row(`${table}: dead row versions`, (f) => String(of(f).dead));
}
row('issues: table / indexes', (f) => `${mb(f.issuesBytes)} / ${mb(f.issuesIndexBytes)}`);
row('issue list p50', (f) => `${f.listMs.toFixed(1)} ms`);
row('same list after VACUUM FULL', (f) => `${f.listCompactMs.toFixed(1)} ms`);
row('**ratio (bloated / compact)**', (f) => `**${(f.listMs / f.listCompactMs).toFixed(1)}**`);
