// Splits policy text into directives and values while remembering where each piece sits, so that every
// parse problem can point at the exact characters the author has to change.

/**
 * A piece of the input and where it starts in the whole text.
 *
 * @example
 * const token: Token = { text: "'self'", offset: 12 };
 */
export interface Token {
  text: string;
  offset: number;
}

/**
 * One directive as written: its name token and value tokens, positions included.
 *
 * @example
 * const raw: RawDirective | undefined = tokenizePolicy("img-src 'self'", 0)[0]; // raw.values[0].offset === 8
 */
export interface RawDirective {
  name: Token;
  values: Token[];
  /** The whole directive text (trimmed), for problems about the directive as a whole. */
  whole: Token;
}

const WHITESPACE = /[\t\n\f\r ]+/g;

/**
 * Splits on a separator character, keeping each part's offset (strict split, as the CSP spec does).
 *
 * @example
 * splitWithOffsets('a; b', ';', 0); // [{ text: 'a', offset: 0 }, { text: ' b', offset: 2 }]
 */
export function splitWithOffsets(text: string, separator: string, base: number): Token[] {
  const parts: Token[] = [];
  let start = 0;
  for (;;) {
    const end = text.indexOf(separator, start);
    if (end === -1) {
      parts.push({ text: text.slice(start), offset: base + start });
      return parts;
    }
    parts.push({ text: text.slice(start, end), offset: base + start });
    start = end + separator.length;
  }
}

/**
 * Splits a token on ASCII whitespace into non-empty tokens with offsets.
 *
 * @example
 * splitWhitespace({ text: " script-src  'self'", offset: 10 });
 * // [{ text: 'script-src', offset: 11 }, { text: "'self'", offset: 23 }]
 */
export function splitWhitespace(token: Token): Token[] {
  const words: Token[] = [];
  let start = 0;
  for (const match of token.text.matchAll(WHITESPACE)) {
    if (match.index > start)
      words.push({ text: token.text.slice(start, match.index), offset: token.offset + start });
    start = match.index + match[0].length;
  }
  if (start < token.text.length) words.push({ text: token.text.slice(start), offset: token.offset + start });
  return words;
}

/**
 * Reads the directives of one serialized policy; empty directives (`;;`) are dropped as browsers do.
 *
 * @example
 * tokenizePolicy("default-src 'self'", 0)[0]?.name.text; // 'default-src'
 */
export function tokenizePolicy(text: string, base: number): RawDirective[] {
  const directives: RawDirective[] = [];
  for (const part of splitWithOffsets(text, ';', base)) {
    const words = splitWhitespace(part);
    const [name, ...values] = words;
    const last = words.at(-1);
    if (name === undefined || last === undefined) continue;
    const end = last.offset + last.text.length;
    const whole = { text: text.slice(name.offset - base, end - base), offset: name.offset };
    directives.push({ name, values, whole });
  }
  return directives;
}
