// Parses the issue search language (close to Sentry's) into the typed terms of ast.ts, and the sort names.
// Malformed input is a 400 `invalid_search` naming the position (0-based) and what was expected there.
//
// Grammar — terms are separated by whitespace and ANDed:
//   term    = "!"? (filter | quoted | word)           "!" negates any term
//   filter  = key ":" value                          keys match in any letter case
//   value   = quoted | list | bare
//   list    = "[" item ("," item)* "]"               spaces allowed around items; a match on any item
//   item    = quoted | bare without "," or "]"
//   quoted  = '"' chars '"'                          \" \\ and \* are escapes; other backslashes stay as typed
//   bare    = non-space characters                   a word that is not key:value is free text
// Values by key:
//   is:          unresolved resolved ignored snoozed assigned unassigned linked unlinked inbox
//   assigned:    me | none | #team | email, or a list of them
//   release: environment: user.id: user.email:   text where * is a wildcard (\* a star); or a list
//   level:       debug info warning error fatal, or a list
//   age: firstSeen: lastSeen:   -24h (within the last 24 hours) | +7d (longer ago than 7 days), units
//                s m h d w; or > >= < <= and an ISO date: >2026-11-01, <=2026-11-01T12:00:00+02:00
//                (no zone means UTC; a date alone means its midnight)
//   timesSeen: users:   [op] count, op one of > >= < <= = (default =), count like 100, 1.5k, 2m
//   has:         user
// Free text searches title and culprit. Each bare word is its own term, so word order does not matter (Sentry
// joins adjacent words into one phrase); quotes make a phrase. Bare OR/AND are rejected, as in Sentry's
// issue search: there are no boolean operators, lists give alternatives.

import { VigieError } from '../../errors.ts';
import { type SearchQuery, type SearchSort, type SearchTerm, SORTS, type TextTerm } from './ast.ts';
import { lexSearchQuery, type RawText } from './lex.ts';
import { searchSyntaxError } from './syntax-error.ts';
import { readFilter } from './terms.ts';
import { unescapeValue } from './values.ts';

// Each term becomes a condition in one SQL query; the caps keep a pasted log file from becoming a huge one.
export const MAX_QUERY_LENGTH = 2_000;
export const MAX_TERMS = 50;

export function parseSearchQuery(input: string, opts: { nowMs?: number } = {}): SearchQuery {
  if (input.length > MAX_QUERY_LENGTH) {
    throw searchSyntaxError(
      `Search query is ${input.length} characters long; shorten it to at most ${MAX_QUERY_LENGTH}`,
      { position: MAX_QUERY_LENGTH, expected: `at most ${MAX_QUERY_LENGTH} characters` },
    );
  }
  const nowMs = opts.nowMs ?? Date.now();
  const terms: SearchTerm[] = [];
  for (const raw of lexSearchQuery(input)) {
    if (terms.length === MAX_TERMS) {
      throw searchSyntaxError(
        `Search query has more than ${MAX_TERMS} terms (the ${MAX_TERMS + 1}st starts at position ${raw.position}); remove some`,
        { position: raw.position, expected: `at most ${MAX_TERMS} terms` },
      );
    }
    terms.push(raw.kind === 'text' ? readText(raw) : readFilter(raw, nowMs));
  }
  return { terms };
}

function readText(term: RawText): TextTerm {
  const { raw, quoted, position } = term.text;
  if (!quoted && (raw === 'OR' || raw === 'AND')) {
    throw searchSyntaxError(
      `Expected a search term at position ${position}, not '${raw}': terms are always combined with AND. ` +
        `For alternatives use a list, like level:[error, fatal]; to search for the word, quote it: "${raw}"`,
      { position, expected: 'a search term' },
    );
  }
  const value = unescapeValue(raw);
  if (value === '') {
    throw searchSyntaxError(`Expected text between the quotes at position ${position + 1}`, {
      position: position + 1,
      expected: 'text between the quotes',
    });
  }
  return { kind: 'text', value, negated: term.negated, position: term.position };
}

// Sentry's sort names, so that links and habits carried over from Sentry keep working.
const SORT_BY_NAME = new Map<string, SearchSort>([
  ...SORTS.map((sort): [string, SearchSort] => [sort.toLowerCase(), sort]),
  ['date', 'lastSeen'],
  ['new', 'firstSeen'],
  ['freq', 'events'],
  ['user', 'users'],
]);

/** Reads a sort name (`lastSeen`, `firstSeen`, `events`, `users`, `owner`, or Sentry's `date`, `new`, `freq`, `user`). */
export function parseSort(value: string): SearchSort {
  const sort = SORT_BY_NAME.get(value.toLowerCase());
  if (sort) return sort;
  throw new VigieError(
    'invalid_sort',
    { value, sorts: SORTS },
    { expected: 'a sort name', allowed: [...SORT_BY_NAME.keys()] },
  );
}
