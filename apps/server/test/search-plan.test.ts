// Typical searches are answered from indexes: the query plan (SQLite's `explain query plan`, PostgreSQL's
// `explain` with sequential scans priced out) never reads the events table end to end.

import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchIssuesQuery } from '../src/issues/issue.repository.ts';
import { SORTS } from '../src/issues/search/ast.ts';
import { compileSearch } from '../src/issues/search/compile.ts';
import type { SearchContext } from '../src/issues/search/compile-context.ts';
import { parseSearchQuery } from '../src/issues/search/parse.ts';
import { createProject } from '../src/projects/project.repository.ts';
import type { Database } from '../src/storage/database.ts';
import { createTestDatabase, type TestDatabase, testDialects } from './support/databases.ts';
import { UNTRIAGED } from './support/issue-rows.ts';

const TYPICAL_SEARCHES = [
  'is:unresolved is:inbox',
  'is:unresolved level:[error, fatal] !environment:staging',
  'user.id:4711',
  'user.email:"jane.doe+shop@example.com" is:unresolved',
  'user.email:*@example.org is:unresolved lastSeen:-7d',
  'release:shop@1.4.* TypeError',
  'assigned:[me, #backend] timesSeen:>100 age:-24h',
  '!has:user is:linked',
];

const context: Omit<SearchContext, 'dialect'> = {
  meUserId: 7,
  meTeamIds: [],
  userIdByEmail: new Map(),
  teamIdBySlug: new Map([['backend', 3]]),
};

async function planOf(database: Database, query: string, sort: (typeof SORTS)[number]): Promise<string[]> {
  const where = compileSearch(parseSearchQuery(query), { ...context, dialect: database.dialect });
  const compiled = searchIssuesQuery(database.db, {
    projectId: 1,
    where,
    sort,
    cursor: { at: Date.now(), id: 1_000 },
    limit: 25,
  }).compile();
  const explain = database.dialect === 'sqlite' ? 'explain query plan' : 'explain';
  const rows = await database.db.connection().execute(async (connection) => {
    // Empty tables make a sequential scan look cheapest; priced out, one remains only where no index serves.
    if (database.dialect === 'postgres')
      await connection.executeQuery(CompiledQuery.raw('set enable_seqscan = off'));
    const result = await connection.executeQuery<Record<string, string>>(
      CompiledQuery.raw(`${explain} ${compiled.sql}`, [...compiled.parameters]),
    );
    if (database.dialect === 'postgres')
      await connection.executeQuery(CompiledQuery.raw('reset enable_seqscan'));
    return result.rows;
  });
  return rows.map((row) => String(row.detail ?? row['QUERY PLAN']));
}

/** Plan lines that read events without an index condition: a full scan of the table or of one of its indexes. */
function fullScansOfEvents(dialect: string, plan: string[]): string[] {
  if (dialect === 'sqlite') return plan.filter((line) => /\bSCAN events\b/.test(line));
  return plan.filter((line, i) => {
    if (!/ on events\b/.test(line)) return false;
    if (/Seq Scan/.test(line)) return true;
    const detail = plan.slice(i + 1, i + 3).join('\n');
    return !/Index Cond|Recheck Cond/.test(detail);
  });
}

describe.each(testDialects)('search query plans on %s', (dialect) => {
  let testDatabase: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    testDatabase = await createTestDatabase(dialect);
    database = testDatabase.open();
  });
  afterAll(async () => {
    await database?.close();
    await testDatabase?.drop();
  });

  it.each(TYPICAL_SEARCHES)('answers "%s" without scanning events, for every sort', async (query) => {
    for (const sort of SORTS) {
      const plan = await planOf(database, query, sort);
      expect(fullScansOfEvents(dialect, plan), `${sort}:\n${plan.join('\n')}`).toEqual([]);
      // The issues themselves come from a (project_id, …) index, not a scan of every project's issues.
      expect(plan.join('\n'), sort).toMatch(
        /(SEARCH issues USING (COVERING )?INDEX issues_project|Index Scan using issues_project\w* on issues)/,
      );
    }
  });

  it('goes straight to the customer index for an exact user id', async () => {
    const plan = (await planOf(database, 'user.id:4711', 'lastSeen')).join('\n');
    expect(plan).toMatch(/events_user_id/);
  });

  it('detects a full scan of events when a query needs one (the check can fail)', async () => {
    const plan = await database.db.connection().execute(async (connection) => {
      if (dialect === 'postgres')
        await connection.executeQuery(CompiledQuery.raw('set enable_seqscan = off'));
      const explain = dialect === 'sqlite' ? 'explain query plan' : 'explain';
      const sql = `${explain} select id from events where lower(title) like '%typeerror%'`;
      const { rows } = await connection.executeQuery<Record<string, string>>(CompiledQuery.raw(sql));
      if (dialect === 'postgres') await connection.executeQuery(CompiledQuery.raw('reset enable_seqscan'));
      return rows.map((row) => String(row.detail ?? row['QUERY PLAN']));
    });
    expect(fullScansOfEvents(dialect, plan)).not.toEqual([]);
  });
});

/** Issues with the titles and culprits of a real project, and the statistics the PostgreSQL planner reads. */
async function seedIssues(database: Database, count: number): Promise<void> {
  const project = await createProject(database.db, 'Shop');
  const now = Date.now();
  const rows = Array.from({ length: count }, (_, i) => ({
    project_id: project.id,
    fingerprint: `fp-${i}`,
    fingerprint_strategy: 'stacktrace',
    fingerprint_components: '[]',
    title:
      i % 3 === 0
        ? `TypeError: Cannot read properties of undefined (reading 'f${i}')`
        : `Error: timeout ${i}`,
    culprit: i % 7 === 0 ? null : `routes/handler${i % 200} in handle`,
    level: 'error',
    platform: 'node',
    first_seen: now - i * 60_000,
    last_seen: now - i * 1_000,
    times_seen: 1 + (i % 50),
    last_event_id: `e${i}`,
    first_release: null,
    last_release: null,
    ...UNTRIAGED,
  }));
  for (let i = 0; i < rows.length; i += 500) {
    await database.db
      .insertInto('issues')
      .values(rows.slice(i, i + 500))
      .execute();
  }
  // On PostgreSQL, vacuum also merges the GIN indexes' pending lists, as autovacuum does in production.
  await (database.dialect === 'postgres' ? sql`vacuum analyze` : sql`analyze`).execute(database.db);
}

describe.each(testDialects)('free-text search plans on %s', (dialect) => {
  let testDatabase: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    testDatabase = await createTestDatabase(dialect);
    database = testDatabase.open();
    // As many as the benchmark's project: on a few thousand rows a scan costs PostgreSQL less than 20 trigram lookups.
    await seedIssues(database, 10_000);
  });
  afterAll(async () => {
    await database?.close();
    await testDatabase?.drop();
  });

  it.each(['zzqx-matches-nothing', 'is:unresolved "Cannot read" handler1999'])(
    'finds the text of "%s" through the trigram index, for every sort',
    async (query) => {
      for (const sort of SORTS) {
        const plan = (await planOf(database, query, sort)).join('\n');
        if (dialect === 'sqlite') {
          expect(plan, sort).toMatch(/SCAN issues_text VIRTUAL TABLE INDEX/);
        } else {
          expect(plan, sort).toMatch(/Bitmap Index Scan on issue_texts_title_trigram/);
          expect(plan, sort).toMatch(/Bitmap Index Scan on issue_texts_culprit_trigram/);
        }
      }
    },
  );

  it.runIf(dialect === 'sqlite')(
    'matches text shorter than a trigram with LIKE, which FTS5 cannot serve',
    async () => {
      const plan = (await planOf(database, 'zq', 'lastSeen')).join('\n');
      expect(plan).not.toMatch(/issues_text|trigram/);
    },
  );
});
