// Upgrading a database that already holds events: the rollup migration fills the hourly and daily counts
// and the project's counts from what is stored, the text-search migration indexes the existing
// issues, and the customer lookup's columns get the usernames and addresses user_key held. On SQLite
// and PostgreSQL, from the schema before them.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../src/auth/caller.ts';
import { searchIssues } from '../src/issues/issue.repository.ts';
import { compileIssueSearch } from '../src/issues/search/compile-request.ts';
import { type Database, migrateToLatest } from '../src/storage/database.ts';
import { encodePayload } from '../src/storage/payload.ts';
import { databaseAtMigration, testDialects } from './support/databases.ts';
import { UNTRIAGED } from './support/issue-rows.ts';

const BEFORE = '2026-12-07T03-setup-links';
const T0 = Date.UTC(2026, 10, 20, 10, 0);
const MIN = 60_000;

describe.each(testDialects)('the dashboard migrations on %s', (dialect) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let issueId: number;

  beforeAll(async () => {
    ({ database, cleanup } = await databaseAtMigration(dialect, BEFORE));
    issueId = await seedOldData(database);
    await migrateToLatest(database);
  });
  afterAll(async () => {
    await database?.close();
    await cleanup?.();
  });

  it('fills the hourly and daily rollups from the per-minute counts', async () => {
    const rows = await database.db
      .selectFrom('issue_rollups')
      .select(['span', 'minute', 'count'])
      .where('issue_id', '=', issueId)
      .orderBy('span')
      .orderBy('minute')
      .execute();
    const hour = Math.floor(T0 / MIN);
    expect(rows.map((r) => [r.span, Number(r.minute), Number(r.count)])).toEqual([
      [60, hour, 3],
      [60, hour + 60, 1],
      [1440, Math.floor(T0 / 86_400_000) * 1440, 4],
    ]);
  });

  it("fills the project's counts per minute, hour and day and environment from its events", async () => {
    const rows = await database.db
      .selectFrom('project_counts')
      .select(['span', 'environment', (eb) => eb.fn.sum<number>('count').as('events')])
      .groupBy(['span', 'environment'])
      .orderBy('span')
      .orderBy('environment')
      .execute();
    expect(rows.map((r) => [r.span, r.environment, Number(r.events)])).toEqual([
      [1, 'production', 3],
      [1, 'staging', 1],
      [60, 'production', 3],
      [60, 'staging', 1],
      [1440, 'production', 3],
      [1440, 'staging', 1],
    ]);
  });

  it('copies the IP address or username of events that had only that, for the customer lookup', async () => {
    const rows = await database.db
      .selectFrom('events')
      .select(['event_id', 'user_ip', 'user_username'])
      .orderBy('event_id')
      .execute();
    expect(rows.map((r) => [r.event_id, r.user_ip, r.user_username])).toEqual([
      ['e0', '198.51.100.23', null],
      ['e1', null, 'jane_d'],
      ['e2', null, null],
      ['e3', null, null],
    ]);
  });

  it('finds the issues stored before the text index existed', async () => {
    const caller: Caller = {
      kind: 'service',
      userId: null,
      email: null,
      isAdmin: true,
      scopes: null,
      tokenId: null,
      via: 'token',
      projectIds: null,
    };
    const where = await compileIssueSearch(database.db, { query: 'Cannot read' }, caller);
    const found = await searchIssues(database.db, {
      projectId: 1,
      where,
      sort: 'lastSeen',
      cursor: undefined,
      limit: 5,
    });
    expect(found.map((i) => i.id)).toEqual([issueId]);
  });
});

/** A project, an issue with four events over two hours, and their per-minute counts, as the old schema held them. */
async function seedOldData(database: Database): Promise<number> {
  const db = database.db;
  await db.insertInto('projects').values({ slug: 'shop', name: 'Shop', created_at: T0 }).execute();
  const issue = await db
    .insertInto('issues')
    .values({
      project_id: 1,
      fingerprint: 'f1',
      fingerprint_strategy: 'stacktrace',
      fingerprint_components: '[]',
      title: "TypeError: Cannot read properties of undefined (reading 'id')",
      culprit: 'routes/checkout in checkout',
      level: 'error',
      platform: 'node',
      first_seen: T0,
      last_seen: T0 + 61 * MIN,
      times_seen: 4,
      last_event_id: 'e4',
      first_release: null,
      last_release: null,
      ...UNTRIAGED,
      status_changed_at: T0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const times = [T0, T0 + 1_000, T0 + 5 * MIN, T0 + 61 * MIN];
  for (const [i, timestamp] of times.entries()) {
    await db
      .insertInto('events')
      .values({
        project_id: 1,
        issue_id: issue.id,
        event_id: `e${i}`,
        timestamp,
        received_at: timestamp,
        level: 'error',
        title: 'TypeError',
        release: null,
        environment: i === 3 ? 'staging' : 'production',
        // Customers known only by their address or username: the lookup finds them once migrated.
        user_key: [`ip:198.51.100.23`, 'username:jane_d', null, null][i] ?? null,
        user_id: null,
        user_email: null,
        fingerprint: 'f1',
        payload: encodePayload('{}'),
      })
      .execute();
  }
  await db
    .insertInto('issue_counts')
    .values([
      { issue_id: issue.id, minute: T0 / MIN, count: 2 },
      { issue_id: issue.id, minute: T0 / MIN + 5, count: 1 },
      { issue_id: issue.id, minute: T0 / MIN + 61, count: 1 },
    ])
    .execute();
  return issue.id;
}
