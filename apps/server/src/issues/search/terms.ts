// Gives meaning to one raw `key:value` filter: checks the key, reads the value the way that key wants it and
// builds the typed term, or throws a 400 that says what the key accepts.

import {
  type AssigneeTarget,
  type CountField,
  type FieldValue,
  HAS_FIELDS,
  IS_VALUES,
  LEVELS,
  type SearchTerm,
  type TimeField,
  type ValueField,
} from './ast.ts';
import type { RawFilter, RawScalar } from './lex.ts';
import { expectedAfterKey, searchSyntaxError } from './syntax-error.ts';
import {
  readCount,
  readIsoDate,
  readRelativeTime,
  splitAtWildcards,
  splitOperator,
  UNSIGNED_DURATION,
  unescapeValue,
} from './values.ts';

type TermReader = (filter: RawFilter, nowMs: number) => SearchTerm;

const READERS = {
  is: (f) => ({
    ...base(f),
    kind: 'is',
    value: oneOf(f, single(f), IS_VALUES, `one of ${IS_VALUES.join(', ')}`),
  }),
  assigned: (f) => ({ ...base(f), kind: 'assigned', targets: items(f).map((item) => readAssignee(f, item)) }),
  release: (f) => readField(f, 'release'),
  environment: (f) => readField(f, 'environment'),
  level: (f) => ({
    ...base(f),
    kind: 'field',
    field: 'level',
    values: items(f).map(
      (item): FieldValue => ({
        kind: 'exact',
        value: oneOf(f, item, LEVELS, `a level (${LEVELS.join(', ')})`),
      }),
    ),
  }),
  'user.id': (f) => readField(f, 'user.id'),
  'user.email': (f) => readField(f, 'user.email'),
  age: (f, nowMs) => readTime(f, 'firstSeen', nowMs),
  firstSeen: (f, nowMs) => readTime(f, 'firstSeen', nowMs),
  lastSeen: (f, nowMs) => readTime(f, 'lastSeen', nowMs),
  timesSeen: (f) => readCountTerm(f, 'timesSeen'),
  users: (f) => readCountTerm(f, 'users'),
  has: (f) => ({ ...base(f), kind: 'has', field: oneOf(f, single(f), HAS_FIELDS, HAS_FIELDS.join(', ')) }),
  owner: (f) => ({ ...base(f), kind: 'owner', targets: items(f).map((item) => readAssignee(f, item)) }),
} satisfies Record<string, TermReader>;

export type SearchKey = keyof typeof READERS;
export const SEARCH_KEYS = Object.keys(READERS) as SearchKey[];
// Keys match in any letter case (`lastseen:`), as a hurried triager types them.
const KEY_BY_LOWERCASE = new Map(SEARCH_KEYS.map((key) => [key.toLowerCase(), key]));

/** `tags[browser]`: any tag, named in brackets. */
const TAG_KEY = /^tags\[(.+)\]$/i;

export function readFilter(filter: RawFilter, nowMs: number): SearchTerm {
  const tag = TAG_KEY.exec(filter.key)?.[1];
  if (tag !== undefined) return { ...base(filter), kind: 'tag', key: tag, values: fieldValues(filter) };
  const key = KEY_BY_LOWERCASE.get(filter.key.toLowerCase());
  if (!key) {
    throw searchSyntaxError(
      `Unknown search key '${filter.key}' at position ${filter.keyPosition}; known keys: ${SEARCH_KEYS.join(', ')}, ` +
        'and tags[<tag>] for any tag (tags[browser]:Firefox). ' +
        `To search for text that contains ':', put it in quotes, like "${filter.key}: …"`,
      { position: filter.keyPosition, expected: 'a known search key', allowed: SEARCH_KEYS },
    );
  }
  const { value } = filter;
  if (value.kind === 'scalar' && value.raw === '' && !value.quoted) {
    throw expectedAfterKey(filter.key, value.position, 'a value');
  }
  return READERS[key](filter, nowMs);
}

const base = (filter: RawFilter) => ({ position: filter.position, negated: filter.negated });

function single(filter: RawFilter): RawScalar {
  if (filter.value.kind === 'scalar') return filter.value;
  throw expectedAfterKey(
    filter.key,
    filter.value.position,
    'a single value (lists like [a, b] work for release, environment, level, user.id, user.email, assigned and owner)',
  );
}

const items = (filter: RawFilter): RawScalar[] =>
  filter.value.kind === 'list' ? filter.value.items : [filter.value];

function oneOf<T extends string>(
  filter: RawFilter,
  item: RawScalar,
  allowed: readonly T[],
  expected: string,
): T {
  const value = unescapeValue(item.raw).toLowerCase();
  const found = allowed.find((candidate) => candidate === value);
  if (found === undefined) throw expectedAfterKey(filter.key, item.position, expected, allowed);
  return found;
}

function readField(filter: RawFilter, field: Exclude<ValueField, 'level'>): SearchTerm {
  return { ...base(filter), kind: 'field', field, values: fieldValues(filter) };
}

function fieldValues(filter: RawFilter): FieldValue[] {
  return items(filter).map((item): FieldValue => {
    const parts = splitAtWildcards(item.raw);
    if (parts.length > 1) return { kind: 'glob', parts };
    const [value = ''] = parts;
    if (value === '') throw expectedAfterKey(filter.key, item.position, 'a non-empty value');
    return { kind: 'exact', value };
  });
}

const TEAM = /^#([A-Za-z0-9][A-Za-z0-9_.-]*)$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

function readAssignee(filter: RawFilter, item: RawScalar): AssigneeTarget {
  const text = unescapeValue(item.raw);
  const keyword = text.toLowerCase();
  if (keyword === 'me' || keyword === 'none') return { kind: keyword };
  const team = TEAM.exec(text)?.[1];
  if (team !== undefined) return { kind: 'team', slug: team };
  if (EMAIL.test(text)) return { kind: 'user', email: text };
  throw expectedAfterKey(filter.key, item.position, 'me, none, #team or an email', [
    'me',
    'none',
    '#<team>',
    '<email>',
  ]);
}

function readTime(filter: RawFilter, field: TimeField, nowMs: number): SearchTerm {
  const { raw, position } = single(filter);
  const text = unescapeValue(raw);
  const relative = readRelativeTime(text, nowMs);
  if (relative) return { ...base(filter), kind: 'time', field, ...relative };
  const [op, rest] = splitOperator(text);
  const atMs = readIsoDate(rest);
  if (atMs !== undefined && op !== undefined && op !== '=') {
    return { ...base(filter), kind: 'time', field, op, atMs };
  }
  const expected =
    atMs !== undefined
      ? 'an operator before the date, like >2026-11-01 or <=2026-11-01T12:00'
      : UNSIGNED_DURATION.test(text)
        ? 'a signed duration: -24h for within the last 24 hours, +24h for longer ago'
        : 'a duration like -24h or a date like >2026-11-01';
  throw expectedAfterKey(filter.key, position, expected);
}

function readCountTerm(filter: RawFilter, field: CountField): SearchTerm {
  const { raw, position } = single(filter);
  const count = readCount(unescapeValue(raw));
  if (!count) throw expectedAfterKey(filter.key, position, 'a count like 100, >100 or <=1.5k');
  return { ...base(filter), kind: 'numeric', field, ...count };
}
