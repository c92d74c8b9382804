// Resolves the names a search query refers to (`assigned:me`, `assigned:jane@example.com`, `assigned:#backend`)
// into ids before compiling, so the SQL compares ids and a mistyped email or team is a 400, not a silent miss.

import type { Kysely } from 'kysely';
import type { Caller } from '../../auth/caller.ts';
import { type DialectName, dialectOf } from '../../storage/dialect.ts';
import type { Schema } from '../../storage/schema.ts';
import type { AssignedTerm, OwnerTerm, SearchQuery } from './ast.ts';
import { teamIdsOfUser, teamsBySlug, usersByEmail } from './compile-context.repository.ts';
import { searchSyntaxError } from './syntax-error.ts';

type Db = Kysely<Schema>;

/** What the compiler needs besides the query: ids behind the names it used, and the database it runs on. */
export interface SearchContext {
  /** Free text goes through SQLite's FTS5 index or PostgreSQL's pg_trgm indexes. */
  dialect: DialectName;
  /** The caller's user id, for `assigned:me`; null for a service token. */
  meUserId: number | null;
  /** The teams the caller belongs to, for `owner:me`. */
  meTeamIds: readonly number[];
  /** By lower-cased email. */
  userIdByEmail: ReadonlyMap<string, number>;
  teamIdBySlug: ReadonlyMap<string, number>;
}

export async function resolveSearchContext(
  db: Db,
  query: SearchQuery,
  caller: Caller,
): Promise<SearchContext> {
  const assigned = query.terms.filter(
    (t): t is AssignedTerm | OwnerTerm => t.kind === 'assigned' || t.kind === 'owner',
  );
  const emails = new Set<string>();
  const slugs = new Set<string>();
  for (const term of assigned) {
    for (const target of term.targets) {
      if (target.kind === 'user') emails.add(target.email.toLowerCase());
      if (target.kind === 'team') slugs.add(target.slug.toLowerCase());
      if (target.kind === 'me' && caller.userId === null) {
        throw searchSyntaxError(
          `'${term.kind}:me' at position ${term.position} needs a user, but this API token belongs to no user; ` +
            `use ${term.kind}:<email> instead`,
          { position: term.position, expected: `${term.kind}:<email> or #team` },
        );
      }
    }
  }
  const ownerMe =
    caller.userId !== null &&
    query.terms.some((t) => t.kind === 'owner' && t.targets.some((x) => x.kind === 'me'));
  const [users, teams, meTeamIds] = await Promise.all([
    usersByEmail(db, [...emails]),
    teamsBySlug(db, [...slugs]),
    ownerMe ? teamIdsOfUser(db, caller.userId!) : Promise.resolve([]),
  ]);
  const context: SearchContext = {
    dialect: dialectOf(db),
    meUserId: caller.userId,
    meTeamIds,
    userIdByEmail: new Map(users.map((u) => [u.email.toLowerCase(), u.id])),
    teamIdBySlug: new Map(teams.map((t) => [t.slug.toLowerCase(), t.id])),
  };
  for (const term of assigned) checkKnown(term, context);
  return context;
}

function checkKnown(term: AssignedTerm | OwnerTerm, context: SearchContext): void {
  for (const target of term.targets) {
    if (target.kind === 'user' && !context.userIdByEmail.has(target.email.toLowerCase())) {
      throw searchSyntaxError(
        `No user has the email '${target.email}' (in the term at position ${term.position}); check the spelling`,
        { position: term.position, expected: 'the email of an existing user' },
      );
    }
    if (target.kind === 'team' && !context.teamIdBySlug.has(target.slug.toLowerCase())) {
      throw searchSyntaxError(
        `No team is called '#${target.slug}' (in the term at position ${term.position}); check the team's slug`,
        { position: term.position, expected: 'the slug of an existing team' },
      );
    }
  }
}
