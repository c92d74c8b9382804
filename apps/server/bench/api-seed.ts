// Seeds the API benchmark's database with bulk SQL, not through HTTP: issues whose sizes follow a Zipf
// law (a few huge, a long tail of rare ones), born over the period, their events spread from birth to
// now over releases deployed every day and a half, environments and customers, and then every aggregate
// ingest keeps (per-minute counts, rollups, project counts, tags, users) computed from the events in SQL.
// Deterministic: the same options give the same database.

import { randomBytes } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../src/storage/database.ts';
import { encodePayload } from '../src/storage/payload.ts';
import type { Schema } from '../src/storage/schema.ts';
import { UNTRIAGED } from '../test/support/issue-rows.ts';
import { aggregate, synthesizedTags } from './api-seed-aggregates.ts';
import { envelopeFactory } from './load.ts';

export interface SeedOptions {
  projectId: number;
  events: number;
  issues: number;
  days: number;
  releases: number;
  users: number;
  nowMs: number;
  /** SQLite: the database's file, which the events are written to through a connection of their own. */
  sqliteFile?: string;
}

export interface Seeded {
  /** Issue ids, largest first. */
  issueIds: number[];
  /** Events of the largest issue. */
  largest: number;
  /** A customer with about as many events as the average one (customers' activity is skewed), for the lookup. */
  customer: string;
  customerEvents: number;
}

const DAY = 86_400_000;
/** Zipf exponent of issue sizes: the largest of 10,000 issues gets about a fifth of the events. */
const ISSUE_SKEW = 1.2;

/** mulberry32: a small seeded generator, so that two runs seed the same database. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function zipfSampler(n: number, s: number, rand: () => number): () => number {
  const cdf = new Float64Array(n);
  let total = 0;
  for (let k = 0; k < n; k++) cdf[k] = total += 1 / (k + 1) ** s;
  return () => {
    const x = rand() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const TITLES = [
  (k: number) => `TypeError: Cannot read properties of undefined (reading 'field${k}')`,
  (k: number) => `ReferenceError: helper${k} is not defined`,
  (k: number) => `Error: timeout calling service${k % 40} after 30000ms`,
  (k: number) => `RangeError: Invalid array length in batch${k}`,
  (k: number) => `KeyError: 'order_${k}'`,
];

interface Plan {
  issueOf: Int32Array;
  at: Float64Array;
  birth: Float64Array;
}

/** Which issue each event belongs to and when it happened. */
function plan(o: SeedOptions, rand: () => number): Plan {
  const start = o.nowMs - o.days * DAY;
  const birth = new Float64Array(o.issues);
  for (let k = 0; k < o.issues; k++) {
    // The hundred largest are old bugs; the tail is born all along the period, more of it recently.
    birth[k] = k < 100 ? start : start + o.days * DAY * Math.sqrt(rand()) * 0.999;
  }
  const issueOf = new Int32Array(o.events);
  const at = new Float64Array(o.events);
  const pick = zipfSampler(o.issues, ISSUE_SKEW, rand);
  for (let i = 0; i < o.events; i++) {
    const k = i < o.issues ? i : pick(); // every issue has at least one event
    issueOf[i] = k;
    at[i] = Math.floor(birth[k]! + rand() * (o.nowMs - 60_000 - birth[k]!));
  }
  return { issueOf, at, birth };
}

export async function seedDatabase(database: Database, o: SeedOptions): Promise<Seeded> {
  const rand = random(42);
  const p = plan(o, rand);
  const issueIds = await insertIssues(database.db, o, p, rand);
  await insertEvents(database, o, p, issueIds, rand);
  await aggregate(database.db, o.projectId);
  await synthesizedTags(database.db, issueIds, p);
  const largest = p.issueOf.reduce((n, k) => (k === 0 ? n + 1 : n), 0);
  if (database.dialect === 'postgres') await sql`vacuum analyze`.execute(database.db);
  // Customer n has events in proportion to 1/√n (see insertEvents): a quarter of the way, the average.
  const customer = `u-${Math.floor(o.users / 4)}`;
  const { n } = await database.db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', customer)
    .executeTakeFirstOrThrow();
  return { issueIds, largest, customer, customerEvents: Number(n) };
}

async function insertIssues(
  db: Kysely<Schema>,
  o: SeedOptions,
  p: Plan,
  rand: () => number,
): Promise<number[]> {
  const first = new Float64Array(o.issues).fill(Number.POSITIVE_INFINITY);
  const last = new Float64Array(o.issues);
  const count = new Int32Array(o.issues);
  for (let i = 0; i < o.events; i++) {
    const k = p.issueOf[i]!;
    first[k] = Math.min(first[k]!, p.at[i]!);
    last[k] = Math.max(last[k]!, p.at[i]!);
    count[k] = count[k]! + 1;
  }
  const rows = Array.from({ length: o.issues }, (_, k) => {
    const roll = rand();
    const status = roll < 0.7 ? 'unresolved' : roll < 0.9 ? 'resolved' : 'ignored';
    const recent = first[k]! > o.nowMs - 7 * DAY;
    return {
      project_id: o.projectId,
      fingerprint: `bench-${k}`,
      fingerprint_strategy: 'stacktrace',
      fingerprint_components: '[]',
      title: TITLES[k % TITLES.length]!(k),
      culprit: `routes/module${k % 300} in handler${k}`,
      level: k % 17 === 0 ? 'warning' : k % 41 === 0 ? 'fatal' : 'error',
      platform: 'node',
      status,
      substatus: status === 'unresolved' ? (recent ? 'new' : 'ongoing') : null,
      first_seen: first[k]!,
      last_seen: last[k]!,
      times_seen: count[k]!,
      first_release: null,
      last_release: null,
      last_event_id: '0'.repeat(32),
      ...UNTRIAGED,
      resolution: status === 'resolved' ? '{"kind":"now"}' : null,
      status_changed_at: first[k]!,
      inbox_reason: status === 'unresolved' && recent ? 'new' : null,
      inbox_at: status === 'unresolved' && recent ? first[k]! : null,
    };
  });
  for (let i = 0; i < rows.length; i += 1_000) {
    await db
      .insertInto('issues')
      .values(rows.slice(i, i + 1_000))
      .execute();
  }
  const ids = await db
    .selectFrom('issues')
    .select(['id', 'fingerprint'])
    .where('project_id', '=', o.projectId)
    .where('fingerprint', 'like', 'bench-%')
    .execute();
  const byRank = new Array<number>(o.issues);
  for (const row of ids) byRank[Number(row.fingerprint.slice(6))] = row.id;
  return byRank;
}

/** Stored events are real SDK events (the ingest benchmark's), compressed as ingest does; a few dozen shapes. */
function payloads(): Uint8Array[] {
  const make = envelopeFactory(50);
  return Array.from({ length: 48 }, () => encodePayload(make().split('\n')[2]!));
}

type EventColumns = Omit<Schema['events'], 'id'>;

/** Where the seed writes events: a SQLite connection of its own (nothing to fsync: a fresh file), or PostgreSQL. */
type EventSink = { raw: DatabaseSync } | { db: Database['db'] };

function eventSink(database: Database, o: SeedOptions): EventSink {
  if (database.dialect === 'postgres') return { db: database.db };
  if (!o.sqliteFile) throw new Error('seeding SQLite needs its file');
  const raw = new DatabaseSync(o.sqliteFile);
  raw.exec('PRAGMA busy_timeout = 5000; PRAGMA synchronous = OFF');
  return { raw };
}

async function insertEvents(database: Database, o: SeedOptions, p: Plan, ids: number[], rand: () => number) {
  const sink = eventSink(database, o);
  const bodies = payloads();
  const start = o.nowMs - o.days * DAY;
  const releaseEvery = (o.days * DAY) / o.releases;
  const chunk: EventColumns[] = [];
  const flush = async () => {
    await writeEvents(sink, chunk);
    chunk.length = 0;
  };
  for (let i = 0; i < o.events; i++) {
    const k = p.issueOf[i]!;
    const at = p.at[i]!;
    // The release deployed last before the event; one event in twenty still runs the one before.
    let r = Math.min(o.releases - 1, Math.floor((at - start) / releaseEvery));
    if (r > 0 && rand() < 0.05) r -= 1;
    // Four events in five come with a customer; a few customers hit far more errors than most.
    const customer = rand() < 0.8 ? Math.floor(o.users * rand() ** 2) : null;
    chunk.push({
      project_id: o.projectId,
      issue_id: ids[k]!,
      event_id: randomBytes(16).toString('hex'),
      timestamp: at,
      received_at: at + 150,
      level: 'error',
      title: TITLES[k % TITLES.length]!(k),
      release: `shop@1.${r}.0`,
      environment: rand() < 0.9 ? 'production' : 'staging',
      user_key: customer === null ? null : `id:u-${customer}`,
      user_id: customer === null ? null : `u-${customer}`,
      user_email: customer === null ? null : `customer${customer}@example.com`,
      user_username: null,
      user_ip: null,
      fingerprint: `bench-${k}`,
      payload: bodies[i % bodies.length]!,
    });
    if (chunk.length === 5_000) await flush();
  }
  await flush();
  if ('raw' in sink) sink.raw.close();
  const releases = Array.from({ length: o.releases }, (_, r) => ({
    project_id: o.projectId,
    version: `shop@1.${r}.0`,
    first_seen: Math.floor(start + r * releaseEvery),
    last_seen: Math.floor(Math.min(o.nowMs, start + (r + 1) * releaseEvery)),
  }));
  await database.db.insertInto('releases').values(releases).execute();
}

const EVENT_COLUMNS = [
  'project_id',
  'issue_id',
  'event_id',
  'timestamp',
  'received_at',
  'level',
  'title',
  'release',
  'environment',
  'user_key',
  'user_id',
  'user_email',
  'fingerprint',
  'payload',
] as const;
const PG_TYPES = [
  'int8',
  'int8',
  'text',
  'int8',
  'int8',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'bytea',
];

/** SQLite: one prepared statement run per row in a transaction; PostgreSQL: one INSERT … SELECT FROM unnest(arrays). */
async function writeEvents(sink: EventSink, rows: EventColumns[]): Promise<void> {
  if ('raw' in sink) {
    const { raw } = sink;
    const insert = raw.prepare(
      `insert into events (${EVENT_COLUMNS.join(', ')}) values (${EVENT_COLUMNS.map(() => '?').join(', ')})`,
    );
    raw.exec('begin');
    for (const row of rows) insert.run(...EVENT_COLUMNS.map((c) => row[c]));
    raw.exec('commit');
    return;
  }
  const arrays = EVENT_COLUMNS.map((c) => rows.map((row) => row[c]));
  const unnest = sql.join(arrays.map((values, i) => sql`${values}::${sql.raw(PG_TYPES[i]!)}[]`));
  await sql`insert into events (${sql.join(EVENT_COLUMNS.map((c) => sql.id(c)))}) select * from unnest(${unnest})`.execute(
    sink.db,
  );
}
