// Typical searches are answered from indexes: the query plan (SQLite's `explain query plan`, PostgreSQL's
// `explain` with sequential scans priced out) never reads the events table end to end.

import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchIssuesQuery } from '../src/issues/issue.repository.ts';
import { SORTS } from '../src/issues/search/ast.ts';
import { compileSearch } from '../src/issues/search/compile.ts';
import type { SearchContext } from '../src/issues/search/compile-context.ts';
import { parseSearchQuery } from '../src/issues/search/parse.ts';
import type { Database } from '../src/storage/database.ts';
import { createTestDatabase, type TestDatabase, testDialects } from './support/databases.ts';

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

const context: SearchContext = {
  meUserId: 7,
  userIdByEmail: new Map(),
  teamIdBySlug: new Map([['backend', 3]]),
};

async function planOf(database: Database, query: string, sort: (typeof SORTS)[number]): Promise<string[]> {
  const where = compileSearch(parseSearchQuery(query), context);
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
