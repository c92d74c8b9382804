// Compiles a parsed search query into one Kysely condition over `issues`: terms ANDed, each negatable. Every
// term is served by the issue row, its per-issue aggregates (issue_tags) or an index lookup in events; none
// scans the events table. Pure: names were resolved to ids beforehand (compile-context.ts).
// Not a repository: it builds query fragments and runs none; issue.repository.ts (and rotation.repository.ts)
// run the queries they go into.
//
// Matching rules: exact values compare exactly (release:1.2.0); values with `*` match case-insensitively
// with LIKE on both dialects (lower(x) like lower(pattern)); free text is a case-insensitive substring of
// the title or culprit, found through a trigram index (FTS5 on SQLite, pg_trgm on PostgreSQL). Negation is
// plain NOT, so every condition below is written to be true or false, never NULL (NOT NULL would drop the row).

import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import { escapeLike, likeInsensitive } from '../../storage/like.ts';
import type { Schema } from '../../storage/schema.ts';
import type {
  AssignedTerm,
  AssigneeTarget,
  FieldTerm,
  FieldValue,
  IsValue,
  SearchQuery,
  SearchTerm,
  TextTerm,
  TimeTerm,
} from './ast.ts';
import type { SearchContext } from './compile-context.ts';

export type IssueWhere = ExpressionBuilder<Schema, 'issues'>;
type Condition = Expression<SqlBool>;

/** The query as a `where` callback; an empty query matches every issue. */
export function compileSearch(query: SearchQuery, context: SearchContext) {
  return (eb: IssueWhere): Condition =>
    eb.and(
      query.terms.map((term) =>
        term.negated ? eb.not(termCondition(eb, term, context)) : termCondition(eb, term, context),
      ),
    );
}

function termCondition(eb: IssueWhere, term: SearchTerm, context: SearchContext): Condition {
  switch (term.kind) {
    case 'is':
      return isCondition(eb, term.value);
    case 'assigned':
      return assignedCondition(eb, term, context);
    case 'owner':
      return eb.or(term.targets.map((target) => ownerCondition(eb, target, context)));
    case 'field':
      return fieldCondition(eb, term);
    case 'tag':
      return tagCondition(eb, term.key, term.values);
    case 'time':
      return term.field === 'firstSeen'
        ? eb('issues.first_seen', term.op, term.atMs)
        : lastSeenCondition(eb, term);
    case 'numeric':
      return eb(term.field === 'timesSeen' ? 'issues.times_seen' : 'issues.users_seen', term.op, term.value);
    case 'has':
      return eb('issues.users_seen', '>', 0);
    case 'text':
      return textCondition(eb, term, context);
  }
}

/**
 * `lastSeen:-7d`: with the minute it implies, which the (project_id, last_seen_minute) index ranges over
 * (last_seen itself is not indexed: migration 2026-12-09T20-issue-sort-buckets).
 */
function lastSeenCondition(eb: IssueWhere, term: TimeTerm): Condition {
  const minute = Math.floor(term.atMs / 60_000);
  const minuteOp = term.op === '>' || term.op === '>=' ? '>=' : '<=';
  return eb.and([
    eb('issues.last_seen', term.op, term.atMs),
    eb('issues.last_seen_minute', minuteOp, minute),
  ]);
}

function isCondition(eb: IssueWhere, value: IsValue): Condition {
  switch (value) {
    case 'unresolved':
    case 'resolved':
    case 'ignored':
    case 'snoozed':
      return eb('issues.status', '=', value);
    case 'assigned':
      return eb.or([
        eb('issues.assignee_user_id', 'is not', null),
        eb('issues.assignee_team_id', 'is not', null),
      ]);
    case 'unassigned':
      return unassigned(eb);
    case 'linked':
      return eb('issues.external_url', 'is not', null);
    case 'unlinked':
      return eb('issues.external_url', 'is', null);
    case 'inbox':
      return inbox(eb);
  }
}

const unassigned = (eb: IssueWhere) =>
  eb.and([eb('issues.assignee_user_id', 'is', null), eb('issues.assignee_team_id', 'is', null)]);

/**
 * In the inbox: unresolved, entered it (inbox_at), and not reviewed since. The reviewed_at test keeps this
 * right whether a review clears inbox_at or only stamps reviewed_at.
 */
export const inbox = (eb: IssueWhere): Condition =>
  eb.and([
    eb('issues.inbox_at', 'is not', null),
    eb('issues.status', '=', 'unresolved'),
    eb.or([eb('issues.reviewed_at', 'is', null), eb('issues.reviewed_at', '<', eb.ref('issues.inbox_at'))]),
  ]);

function assignedCondition(eb: IssueWhere, term: AssignedTerm, context: SearchContext): Condition {
  return eb.or(term.targets.map((target) => assigneeCondition(eb, target, context)));
}

function assigneeCondition(eb: IssueWhere, target: AssigneeTarget, context: SearchContext): Condition {
  // `col is not null and col = id` is false, not NULL, on an unassigned issue: `!assigned:me` keeps it.
  const assignedTo = (
    column: 'issues.assignee_user_id' | 'issues.assignee_team_id',
    id: number | undefined,
  ) => (id === undefined ? eb.lit(false) : eb.and([eb(column, 'is not', null), eb(column, '=', id)]));
  switch (target.kind) {
    case 'none':
      return unassigned(eb);
    case 'me':
      return assignedTo('issues.assignee_user_id', context.meUserId ?? undefined);
    case 'user':
      return assignedTo('issues.assignee_user_id', context.userIdByEmail.get(target.email.toLowerCase()));
    case 'team':
      return assignedTo('issues.assignee_team_id', context.teamIdBySlug.get(target.slug.toLowerCase()));
  }
}

/**
 * Suggested owners, from issue_owner_targets (written by the ownership job, ownership/): `owner:me` is the
 * caller or any of the caller's teams; `owner:none` an issue without a known suggested owner.
 */
function ownerCondition(eb: IssueWhere, target: AssigneeTarget, context: SearchContext): Condition {
  const owners = () =>
    eb
      .selectFrom('issue_owner_targets as o')
      .select(sql.lit(1).as('one'))
      .whereRef('o.issue_id', '=', 'issues.id');
  switch (target.kind) {
    case 'none':
      return eb.not(eb.exists(owners()));
    case 'me': {
      const me = context.meUserId;
      if (me === null) return eb.lit(false);
      return eb.exists(
        owners().where((o) =>
          o.or([
            o('o.user_id', '=', me),
            ...(context.meTeamIds.length > 0 ? [o('o.team_id', 'in', [...context.meTeamIds])] : []),
          ]),
        ),
      );
    }
    case 'user': {
      const id = context.userIdByEmail.get(target.email.toLowerCase());
      return id === undefined ? eb.lit(false) : eb.exists(owners().where('o.user_id', '=', id));
    }
    case 'team': {
      const id = context.teamIdBySlug.get(target.slug.toLowerCase());
      return id === undefined ? eb.lit(false) : eb.exists(owners().where('o.team_id', '=', id));
    }
  }
}

function fieldCondition(eb: IssueWhere, term: FieldTerm): Condition {
  switch (term.field) {
    case 'level':
      // The level of the issue's latest event, as Sentry's issue search reads it.
      return eb('issues.level', 'in', exactValues(term.values));
    case 'release':
    case 'environment':
      return tagCondition(eb, term.field, term.values);
    case 'user.id':
      return userCondition(eb, 'user_id', term.values);
    case 'user.email':
      return userCondition(eb, 'user_email', term.values);
  }
}

/** Per-issue tag values (release, environment, any tag), read from issue_tags through its (issue_id, key, value) key. */
function tagCondition(eb: IssueWhere, key: string, values: FieldValue[]): Condition {
  return eb.exists(
    eb
      .selectFrom('issue_tags')
      .select(sql.lit(1).as('one'))
      .whereRef('issue_tags.issue_id', '=', 'issues.id')
      .where('issue_tags.key', '=', key)
      .where((tags) =>
        tags.or([
          ...(hasExact(values) ? [tags('issue_tags.value', 'in', exactValues(values))] : []),
          ...globPatterns(values).map((pattern) => likeInsensitive(tags.ref('issue_tags.value'), pattern)),
        ]),
      ),
  );
}

/**
 * Issues the customer hit. Exact values go straight to the events_user_id / events_user_email index; a
 * wildcard reads the events of each candidate issue through events_issue_timestamp (still no table scan, but
 * narrow the query with other terms when the project is large).
 */
function userCondition(eb: IssueWhere, column: 'user_id' | 'user_email', values: FieldValue[]): Condition {
  const conditions: Condition[] = [];
  if (hasExact(values)) {
    conditions.push(
      eb(
        'issues.id',
        'in',
        eb
          .selectFrom('events')
          .select('events.issue_id')
          .where(`events.${column}`, 'in', exactValues(values)),
      ),
    );
  }
  for (const pattern of globPatterns(values)) {
    conditions.push(
      eb.exists(
        eb
          .selectFrom('events')
          .select(sql.lit(1).as('one'))
          .whereRef('events.issue_id', '=', 'issues.id')
          .where((events) => likeInsensitive(events.ref(`events.${column}`), pattern)),
      ),
    );
  }
  return eb.or(conditions);
}

/** Trigram indexes find substrings of at least 3 characters; shorter text is matched by scanning. */
const TRIGRAM = 3;

function textCondition(eb: IssueWhere, term: TextTerm, context: SearchContext): Condition {
  const id = eb.ref('issues.id');
  if (context.dialect === 'postgres') {
    // issue_texts copies title and culprit; pg_trgm GIN indexes are built on these very expressions.
    const pattern = `%${escapeLike(term.value)}%`;
    return sql<SqlBool>`${id} in (select issue_id from issue_texts
      where lower(title) like lower(${pattern}) escape '\\'
      or lower(coalesce(culprit, '')) like lower(${pattern}) escape '\\')`;
  }
  if ([...term.value].length >= TRIGRAM) {
    // issues_text is an FTS5 trigram index over title and culprit (case-insensitive): a quoted phrase
    // matches where its characters appear in a row, in one column, i.e. as a substring.
    const phrase = `"${term.value.replaceAll('"', '""')}"`;
    return sql<SqlBool>`${id} in (select rowid from issues_text where issues_text match ${phrase})`;
  }
  const pattern = `%${escapeLike(term.value)}%`;
  return eb.or([
    likeInsensitive(eb.ref('issues.title'), pattern),
    // coalesce: a NULL culprit must not turn `!text` into NULL.
    likeInsensitive(eb.fn.coalesce('issues.culprit', eb.val('')), pattern),
  ]);
}

const hasExact = (values: FieldValue[]) => values.some((v) => v.kind === 'exact');

function exactValues(values: FieldValue[]): string[] {
  return values.flatMap((v) => (v.kind === 'exact' ? [v.value] : []));
}

function globPatterns(values: FieldValue[]): string[] {
  return values.flatMap((v) => (v.kind === 'glob' ? [v.parts.map(escapeLike).join('%')] : []));
}
