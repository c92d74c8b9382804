// npm run bench:bloat — PostgreSQL only: what ingest's rewrites of issue and counter rows leave behind.
// Writes N events through ingest's own batch writer (writeBatch, in transactions of --batch events, as a
// group commit does) into three fresh databases, in turn:
//   before: the schema before migrations 2026-12-08T30-hot-updates (fill factors, vacuum settings) and
//     2026-12-09T20-issue-sort-buckets (sort indexes on coarse columns), no vacuum;
//   after:  with both, no vacuum: the row versions left, HOT or not;
//   vacuumed: with both, and a plain VACUUM of the tables each time --vacuum-every events were written,
//     which is what autovacuum does with the migration's threshold and autovacuum_naptime = 10s at a
//     few thousand events a second (this machine's PostgreSQL runs with autovacuum off, so the bench
//     plays the daemon's part, on the same schedule for every run).
// Every variant runs today's writer, which writes each issue row once per batch (users_seen included).
// For each it prints updates, the share that were HOT, dead row versions, the size of issues and its
// indexes, and the median latency of the issue list's query (unresolved, most recently seen first: the
// one each schema's list runs) against the same query after VACUUM FULL ANALYZE in the same run (the ratio).
//
// Options: --events N (200000) --issues N (500) --users N (5000) --batch N (100) --vacuum-every N (20000)
// --reads N (40) --variants before,after,vacuumed (the runs to make, in that order)

import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { writeBatch } from '../src/ingest/batch.repository.ts';
import type { IngestBatch } from '../src/ingest/batch.ts';
import { toEventRecord } from '../src/ingest/event-record.ts';
import { searchIssuesQuery } from '../src/issues/issue.repository.ts';
import { createProject } from '../src/projects/project.repository.ts';
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
    variants: { type: 'string', default: 'before,after,vacuumed' },
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
const HEADINGS: Record<Variant, string> = {
  before: 'before (fill factor 100, exact sort indexes, no vacuum)',
  after: 'after (migrations, no vacuum)',
  vacuumed: `after, vacuum every ${VACUUM_EVERY} events`,
};
const VARIANTS = opts.variants.split(',').map((v) => {
  if (!(v in HEADINGS)) throw new Error(`--variants takes a list of ${Object.keys(HEADINGS).join(', ')}`);
  return v as Variant;
});
const postgresUrl = process.env.VIGIE_BENCH_POSTGRES_URL ?? process.env.VIGIE_TEST_POSTGRES_URL;
if (!postgresUrl) throw new Error('set VIGIE_BENCH_POSTGRES_URL (or VIGIE_TEST_POSTGRES_URL)');
const TABLES = ['issues', 'issue_tags', 'issue_counts', 'issue_rollups', 'project_counts'];
const BEFORE = '2026-12-07T22-weekly-digest';

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
  // A database of its own: PostgreSQL prunes dead row versions only once no transaction of the same
  // database may still see them, so others' open transactions (tests, say) would otherwise hold it back.
  const name = `vigie_bloat_${randomBytes(5).toString('hex')}`;
  const admin = openDatabase({ kind: 'postgres', url: postgresUrl! }, { max: 1 });
  await sql`create database ${sql.id(name)}`.execute(admin.db);
  const url = new URL(postgresUrl!);
  url.pathname = `/${name}`;
  // No wait for the WAL flush at each commit: faster, and the same row versions.
  url.searchParams.set('options', '-c synchronous_commit=off');
  const database = openDatabase({ kind: 'postgres', url: url.toString() }, { max: 2 });
  try {
    const migrator = new Migrator({ db: database.db, provider: migrationProvider });
    const { error } =
      variant === 'before' ? await migrator.migrateTo(BEFORE) : await migrator.migrateToLatest();
    if (error) throw error;
    // Only the vacuum this bench runs: the same for every variant, whatever the server's settings.
    for (const table of TABLES)
      await sql`alter table ${sql.id(table)} set (autovacuum_enabled = false)`.execute(database.db);
    const projectId = (await createProject(database.db, 'Bloat')).id;
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
    const tables = await tableFigures(database);
    const sizes = await sql<{ heap: number; indexes: number }>`
      select pg_relation_size('issues')::bigint as heap, pg_indexes_size('issues')::bigint as indexes`.execute(
      database.db,
    );
    const listMs = await listLatency(database, projectId, variant);
    await vacuum(database, 'full analyze');
    const listCompactMs = await listLatency(database, projectId, variant);
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
    await sql`drop database ${sql.id(name)}`.execute(admin.db);
    await admin.close();
  }
}

async function vacuum(database: Database, how: '' | 'full analyze'): Promise<void> {
  for (const table of TABLES) await sql`vacuum ${sql.raw(how)} ${sql.id(table)}`.execute(database.db);
}

async function tableFigures(database: Database): Promise<Figures['tables']> {
  const rows = await sql<{ table: string; updates: number; hot: number; dead: number }>`
    select relname as table, n_tup_upd as updates, n_tup_hot_upd as hot, n_dead_tup as dead
    from pg_stat_user_tables where schemaname = 'public' and relname in (${sql.join(TABLES)})`.execute(
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

/**
 * Median time of the issue stream's first page (unresolved, most recently seen first), as the query the app
 * runs (searchIssuesQuery); for `before`, the query it ran before 2026-12-09T20-issue-sort-buckets, whose
 * columns that schema has. Straight to the database: dead row versions are what slows it, not HTTP.
 */
async function listLatency(database: Database, projectId: number, variant: Variant): Promise<number> {
  const query =
    variant === 'before'
      ? database.db
          .selectFrom('issues')
          .selectAll()
          .where('project_id', '=', projectId)
          .where('merged_into_id', 'is', null)
          .where('status', '=', 'unresolved')
          .orderBy('last_seen', 'desc')
          .orderBy('id', 'desc')
          .limit(26)
      : searchIssuesQuery(database.db, {
          projectId,
          where: (eb) => eb('issues.status', '=', 'unresolved'),
          sort: 'lastSeen',
          cursor: undefined,
          limit: 25,
        });
  const times: number[] = [];
  for (let i = 0; i < READS; i += 1) {
    const start = performance.now();
    const rows = await query.execute();
    times.push(performance.now() - start);
    if (rows.length !== 26)
      throw new Error(`the list gave ${rows.length} issues, not a page of 25 and one more`);
  }
  return median(times.slice(Math.min(5, READS - 1)));
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const results: Figures[] = [];
for (const variant of VARIANTS) results.push(await run(variant));

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;
console.log(`\nbench:bloat — ${EVENTS} events, ${ISSUES} issues, ${USERS} users, batches of ${BATCH}\n`);
console.log(`| figure | ${VARIANTS.map((v) => HEADINGS[v]).join(' | ')} |`);
console.log(`| --- |${' --- |'.repeat(VARIANTS.length)}`);
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
