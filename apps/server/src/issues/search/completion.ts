// Completion for the search bar: where the cursor sits in a query (typing a key, or a value of a known
// key, possibly in a list or between quotes), which text that spot spans, and how a suggested value must
// be written there (quoted and escaped when it holds spaces, quotes, commas, brackets or stars). Pure:
// values that live in the database come from completion.repository.ts.

import { HAS_FIELDS, IS_VALUES, LEVELS } from './ast.ts';
import { SEARCH_KEYS, type SearchKey } from './terms.ts';
import { unescapeValue } from './values.ts';

export type CompletionSpot =
  /** Typing a key (or free text that may become one): `prefix` is what is typed of it. */
  | { kind: 'key'; prefix: string; from: number; to: number }
  /** Typing a value of `key`: `prefix` is what is typed of it, unescaped. */
  | { kind: 'value'; key: SearchKey; prefix: string; from: number; to: number }
  /** Quoted free text, or a value of a key the language does not know: nothing to suggest. */
  | { kind: 'none'; from: number; to: number };

const KEY = /^([A-Za-z][A-Za-z0-9_.-]*):/;
const KEY_BY_LOWERCASE = new Map(SEARCH_KEYS.map((key) => [key.toLowerCase(), key]));

/** What a key takes, shown beside it in the completion list. */
export const KEY_HINTS: Record<SearchKey, string> = {
  is: 'status, assignment, link or inbox: is:unresolved',
  assigned: 'me, none, #team or an email',
  owner: 'suggested owner: me (or my teams), none, #team or an email',
  release: 'a release, * as a wildcard',
  environment: 'an environment, * as a wildcard',
  level: 'fatal, error, warning, info or debug',
  'user.id': 'the id the SDK sent for the user',
  'user.email': 'the email the SDK sent for the user',
  age: 'first seen: -24h (within the last day), +7d (longer ago)',
  firstSeen: 'first seen: -24h, +7d or >2026-11-01',
  lastSeen: 'last seen: -1h, +7d or <2026-11-01',
  timesSeen: 'events: >100, <=10',
  users: 'distinct users: >10',
  has: 'user',
};

/** Where the term that holds `position` starts: after the last space outside quotes and brackets. */
function termStartBefore(query: string, position: number): number {
  let start = 0;
  let quoted = false;
  let list = false;
  for (let i = 0; i < position; i++) {
    const ch = query[i]!;
    if (ch === '\\' && quoted) i++;
    else if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '[') list = true;
    else if (!quoted && ch === ']') list = false;
    else if (!quoted && !list && /\s/.test(ch)) start = i + 1;
  }
  return start;
}

/** The end of the word the cursor is in: the text a suggestion replaces runs to it. */
function wordEndAfter(query: string, position: number): number {
  let end = position;
  while (end < query.length && !/[\s,\]"]/.test(query[end]!)) end++;
  return end;
}

/** Where the cursor is (a UTF-16 offset, the end of the query by default) and what is being typed there. */
export function completionSpot(query: string, position = query.length): CompletionSpot {
  const at = Math.max(0, Math.min(position, query.length));
  const to = wordEndAfter(query, at);
  let from = termStartBefore(query, at);
  if (query[from] === '!') from++;
  const term = query.slice(from, at);
  const key = KEY.exec(term);
  if (!key) {
    return term.startsWith('"') ? { kind: 'none', from, to } : { kind: 'key', prefix: term, from, to };
  }
  const known = KEY_BY_LOWERCASE.get(key[1]!.toLowerCase());
  let valueFrom = from + key[0].length;
  let value = term.slice(key[0].length);
  if (value.startsWith('[')) {
    // The list item being typed: after the last separator outside quotes.
    const itemAt = Math.max(lastUnquoted(value, ','), 0) + 1;
    const item = value.slice(itemAt);
    const spaces = item.length - item.trimStart().length;
    valueFrom += itemAt + spaces;
    value = item.trimStart();
  }
  if (!known) return { kind: 'none', from: valueFrom, to };
  if (!value.startsWith('"'))
    return { kind: 'value', key: known, prefix: unescapeValue(value), from: valueFrom, to };
  return {
    kind: 'value',
    key: known,
    prefix: unescapeValue(value.slice(1)),
    from: valueFrom,
    to: quotedEnd(query, at),
  };
}

/** A quoted value being edited is replaced up to and including its closing quote (or to the end). */
function quotedEnd(query: string, position: number): number {
  for (let i = position; i < query.length; i++) {
    if (query[i] === '\\') i++;
    else if (query[i] === '"') return i + 1;
  }
  return query.length;
}

function lastUnquoted(text: string, char: string): number {
  let quoted = false;
  let last = -1;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\' && quoted) i++;
    else if (text[i] === '"') quoted = !quoted;
    else if (!quoted && text[i] === char) last = i;
  }
  return last;
}

/** How `value` is written as a search value: bare when it can be, else quoted with `"`, `\` and `*` escaped. */
export function writeValue(value: string): string {
  if (value !== '' && !/[\s",[\]*\\]/.test(value)) return value;
  return `"${value.replace(/["\\*]/g, (ch) => `\\${ch}`)}"`;
}

/** Values of keys whose values are fixed, or whose useful examples are (times, counts). */
export function staticValues(key: SearchKey): readonly string[] | undefined {
  switch (key) {
    case 'is':
      return IS_VALUES;
    case 'level':
      return LEVELS;
    case 'has':
      return HAS_FIELDS;
    case 'age':
    case 'firstSeen':
    case 'lastSeen':
      return ['-1h', '-24h', '-7d', '-30d', '+24h', '+7d', '+30d'];
    case 'timesSeen':
      return ['>10', '>100', '>1000'];
    case 'users':
      return ['>1', '>10', '>100'];
    default:
      return undefined;
  }
}

/** Keys that start with what is typed, in the language's order. */
export function matchingKeys(prefix: string): SearchKey[] {
  const typed = prefix.toLowerCase();
  return SEARCH_KEYS.filter((key) => key.toLowerCase().startsWith(typed));
}

/** Candidates that start with what is typed (case-insensitively), then those that merely contain it. */
export function rankByPrefix(candidates: readonly string[], typed: string, limit: number): string[] {
  const t = typed.toLowerCase();
  const starts = candidates.filter((c) => c.toLowerCase().startsWith(t));
  const contains = candidates.filter((c) => !c.toLowerCase().startsWith(t) && c.toLowerCase().includes(t));
  return [...starts, ...contains].slice(0, limit);
}
