// From what an API request carries (a `query` string, and the older `status`, `level`, `release` and
// `environment` parameters, which are read as the equivalent search terms) to a compiled issue condition.

import type { Kysely } from 'kysely';
import type { Caller } from '../../auth/caller.ts';
import type { Schema } from '../../storage/schema.ts';
import type { IsValue, Level, SearchQuery, SearchTerm } from './ast.ts';
import { compileSearch } from './compile.ts';
import { resolveSearchContext } from './compile-context.ts';
import { parseSearchQuery } from './parse.ts';

export interface IssueListParams {
  query?: string | undefined;
  status?: string | undefined;
  level?: string | undefined;
  release?: string | undefined;
  environment?: string | undefined;
}

/** The parsed query with the separate filter parameters appended as terms (all ANDed). */
export function searchQueryOf(params: IssueListParams, nowMs = Date.now()): SearchQuery {
  const { terms } = parseSearchQuery(params.query ?? '', { nowMs });
  // Positions past the end of the query: these terms did not come from its text.
  const position = params.query?.length ?? 0;
  const extra: SearchTerm[] = [];
  if (params.status) extra.push({ kind: 'is', value: params.status as IsValue, negated: false, position });
  if (params.level) {
    const value = params.level as Level;
    extra.push({
      kind: 'field',
      field: 'level',
      values: [{ kind: 'exact', value }],
      negated: false,
      position,
    });
  }
  for (const field of ['release', 'environment'] as const) {
    const value = params[field];
    if (value)
      extra.push({ kind: 'field', field, values: [{ kind: 'exact', value }], negated: false, position });
  }
  return { terms: [...terms, ...extra] };
}

/** Parses (400 on a syntax error, naming the position), resolves names, and compiles. */
export async function compileIssueSearch(db: Kysely<Schema>, params: IssueListParams, caller: Caller) {
  const query = searchQueryOf(params);
  return compileSearch(query, await resolveSearchContext(db, query, caller));
}
