// Splits a search query into raw terms (`!key:value`, `key:[a, b]`, quoted or bare free text) without giving
// meaning to keys or values; it only enforces the punctuation: quotes closed, lists closed, terms separated.

import { searchSyntaxError } from './syntax-error.ts';

/** A value as typed: `raw` is the text between the quotes (escapes still in place) or the bare word. */
export type RawScalar = { raw: string; quoted: boolean; position: number };

export type RawValue =
  | ({ kind: 'scalar' } & RawScalar)
  | { kind: 'list'; items: RawScalar[]; position: number };

export type RawFilter = {
  kind: 'filter';
  key: string;
  keyPosition: number;
  value: RawValue;
  negated: boolean;
  position: number;
};

export type RawText = { kind: 'text'; text: RawScalar; negated: boolean; position: number };

export type RawTerm = RawFilter | RawText;

type Cursor = { readonly input: string; pos: number };

// Sentry's key alphabet, starting with a letter so that `12:30` or `::1` stay free text; `tags[<tag key>]`
// names any tag, its key in brackets (which may hold a colon, as Sentry's tag keys may).
const KEY = /[A-Za-z][A-Za-z0-9_.-]*(?:\[[^\]\s"]+\])?:/y;
const SPACE = /\s/;

/** Yields terms left to right, so the caller can reject a bad key before a later quote is found unclosed. */
export function* lexSearchQuery(input: string): Generator<RawTerm, void, undefined> {
  const cursor: Cursor = { input, pos: 0 };
  for (;;) {
    skipSpaces(cursor);
    if (atEnd(cursor)) return;
    yield lexTerm(cursor);
  }
}

function lexTerm(c: Cursor): RawTerm {
  const position = c.pos;
  const negated = c.input[c.pos] === '!';
  if (negated) {
    c.pos++;
    if (atEnd(c) || atSpace(c) || c.input[c.pos] === '!') {
      throw searchSyntaxError(`Expected a term right after '!' at position ${c.pos}`, {
        position: c.pos,
        expected: "a term right after '!'",
      });
    }
  }
  if (c.input[c.pos] === '"') {
    const text = lexQuoted(c);
    expectTermEnd(c, 'the closing quote');
    return { kind: 'text', text, negated, position };
  }
  KEY.lastIndex = c.pos;
  const key = KEY.exec(c.input);
  if (!key) return { kind: 'text', text: lexBare(c, false), negated, position };
  const keyPosition = c.pos;
  c.pos += key[0].length;
  const name = key[0].slice(0, -1);
  return { kind: 'filter', key: name, keyPosition, value: lexValue(c), negated, position };
}

// An empty value (`TypeError: Cannot…` pasted from a log) lexes as an empty bare scalar so that the parser
// can first say whether the key exists, which is the more useful error.
function lexValue(c: Cursor): RawValue {
  if (c.input[c.pos] === '[') return lexList(c);
  const scalar = c.input[c.pos] === '"' ? lexQuoted(c) : lexBare(c, false);
  if (scalar.quoted) expectTermEnd(c, 'the closing quote');
  return { kind: 'scalar', ...scalar };
}

function lexList(c: Cursor): RawValue {
  const position = c.pos;
  const items: RawScalar[] = [];
  c.pos++; // '['
  for (;;) {
    skipSpaces(c);
    if (atEnd(c)) throw unclosedList(position, c.pos);
    if (c.input[c.pos] === ',' || c.input[c.pos] === ']') {
      throw searchSyntaxError(`Expected a value in the list at position ${c.pos}`, {
        position: c.pos,
        expected: 'a value in the list',
      });
    }
    items.push(c.input[c.pos] === '"' ? lexQuoted(c) : lexBare(c, true));
    skipSpaces(c);
    if (atEnd(c)) throw unclosedList(position, c.pos);
    const next = c.input[c.pos];
    if (next !== ',' && next !== ']') {
      throw searchSyntaxError(
        `Expected ',' or ']' at position ${c.pos} in the list opened at position ${position}`,
        {
          position: c.pos,
          expected: "',' or ']'",
        },
      );
    }
    c.pos++;
    if (next === ']') break;
  }
  expectTermEnd(c, "the list's ']'");
  return { kind: 'list', items, position };
}

function unclosedList(start: number, position: number) {
  return searchSyntaxError(
    `Expected ']' at position ${position} to close the list opened at position ${start}`,
    {
      position,
      expected: "']'",
    },
  );
}

// Backslash escapes the next character so `\"` does not close the value; the escapes are resolved later.
function lexQuoted(c: Cursor): RawScalar {
  const position = c.pos;
  c.pos++;
  for (;;) {
    if (atEnd(c)) {
      const end = c.input.length;
      throw searchSyntaxError(
        `Expected a closing '"' at position ${end} for the quote opened at position ${position}; write \\" for a quote inside it`,
        { position: end, expected: "a closing '\"'" },
      );
    }
    const ch = c.input[c.pos];
    if (ch === '"') break;
    c.pos += ch === '\\' ? 2 : 1;
  }
  c.pos++;
  return { raw: c.input.slice(position + 1, c.pos - 1), quoted: true, position };
}

function lexBare(c: Cursor, inList: boolean): RawScalar {
  const position = c.pos;
  while (!atEnd(c) && !atSpace(c)) {
    const ch = c.input[c.pos];
    if (inList && (ch === ',' || ch === ']')) break;
    c.pos++;
  }
  return { raw: c.input.slice(position, c.pos), quoted: false, position };
}

function expectTermEnd(c: Cursor, after: string): void {
  if (atEnd(c) || atSpace(c)) return;
  throw searchSyntaxError(`Expected a space after ${after} at position ${c.pos}`, {
    position: c.pos,
    expected: `a space after ${after}`,
  });
}

function skipSpaces(c: Cursor): void {
  while (!atEnd(c) && atSpace(c)) c.pos++;
}

const atEnd = (c: Cursor) => c.pos >= c.input.length;
const atSpace = (c: Cursor) => SPACE.test(c.input[c.pos] ?? '');
