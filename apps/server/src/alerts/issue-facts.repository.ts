// What an alert says about an issue (title, culprit, level, environment, release, counts), and whether
// an issue passes a rule's filters: through the issue search's own compiler, so a rule's query means
// exactly what it means in the issue stream.

import type { Kysely } from 'kysely';
import type { Caller } from '../auth/caller.ts';
import type { SearchQuery, SearchTerm } from '../issues/search/ast.ts';
import { compileSearch } from '../issues/search/compile.ts';
import { resolveSearchContext } from '../issues/search/compile-context.ts';
import { parseSearchQuery } from '../issues/search/parse.ts';
import { dialectOf } from '../storage/dialect.ts';
import type { Schema } from '../storage/schema.ts';
import type { Filters } from './rule.ts';

type Db = Kysely<Schema>;

export interface IssueFacts {
  id: number;
  projectId: number;
  title: string;
  culprit: string | null;
  level: string;
  release: string | null;
  environment: string | null;
  events: number;
  users: number;
}

export async function issueFacts(db: Db, issueId: number): Promise<IssueFacts | undefined> {
  const issue = await db
    .selectFrom('issues')
    .select(['id', 'project_id', 'title', 'culprit', 'level', 'last_release', 'times_seen', 'users_seen'])
    .where('id', '=', issueId)
    .executeTakeFirst();
  if (!issue) return undefined;
  const latest = await db
    .selectFrom('events')
    .select('environment')
    .where('issue_id', '=', issueId)
    .orderBy('timestamp', 'desc')
    .limit(1)
    .executeTakeFirst();
  return {
    id: issue.id,
    projectId: issue.project_id,
    title: issue.title,
    culprit: issue.culprit,
    level: issue.level,
    release: issue.last_release,
    environment: latest?.environment ?? null,
    events: issue.times_seen,
    users: issue.users_seen,
  };
}

/** The filters as one search query: the query's own terms, and a term per structured filter. */
export function filtersAsQuery(filters: Filters, nowMs: number): SearchQuery {
  const terms: SearchTerm[] = filters.query ? parseSearchQuery(filters.query, { nowMs }).terms : [];
  const position = filters.query?.length ?? 0;
  const exact = (value: string) => ({ kind: 'exact' as const, value });
  if (filters.levels?.length) {
    terms.push({
      kind: 'field',
      field: 'level',
      values: filters.levels.map(exact),
      negated: false,
      position,
    });
  }
  if (filters.environments?.length) {
    terms.push({
      kind: 'field',
      field: 'environment',
      values: filters.environments.map(exact),
      negated: false,
      position,
    });
  }
  if (filters.releases?.length) {
    terms.push({
      kind: 'field',
      field: 'release',
      values: filters.releases.map(exact),
      negated: false,
      position,
    });
  }
  return { terms };
}

/** Whom a rule's query runs as: nobody in particular, so `assigned:me` has no meaning in a rule. */
export const RULE_CALLER: Caller = {
  kind: 'service',
  userId: null,
  email: null,
  isAdmin: false,
  scopes: [],
  tokenId: null,
  via: 'token',
  projectIds: null,
};

const EMPTY_CONTEXT = (db: Db) => ({
  dialect: dialectOf(db),
  meUserId: null,
  meTeamIds: [],
  userIdByEmail: new Map<string, number>(),
  teamIdBySlug: new Map<string, number>(),
});

/** Whether the issue passes every filter of a rule. */
export async function issueMatchesFilters(
  db: Db,
  issueId: number,
  filters: Filters,
  nowMs: number,
): Promise<boolean> {
  const query = filtersAsQuery(filters, nowMs);
  const tags = filters.tags ?? [];
  if (query.terms.length === 0 && tags.length === 0) return true;
  // Names (assigned:jane@acme.test, #team) resolved now: a user or team gone since the rule was saved
  // matches nothing rather than failing the dispatch.
  const where = compileSearch(
    query,
    await resolveSearchContext(db, query, RULE_CALLER).catch(() => EMPTY_CONTEXT(db)),
  );
  let select = db.selectFrom('issues').select('issues.id').where('issues.id', '=', issueId).where(where);
  for (const tag of tags) {
    select = select.where((eb) =>
      eb.exists(
        eb
          .selectFrom('issue_tags')
          .select('issue_tags.issue_id')
          .whereRef('issue_tags.issue_id', '=', 'issues.id')
          .where('issue_tags.key', '=', tag.key)
          .where('issue_tags.value', '=', tag.value),
      ),
    );
  }
  return (await select.executeTakeFirst()) !== undefined;
}
