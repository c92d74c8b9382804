// Case-insensitive LIKE, written the same on both dialects: lower(x) like lower(pattern), with `\` as the
// escape character, and the escaping that makes typed text literal.

import { type Expression, type SqlBool, sql } from 'kysely';

/** LIKE's own wildcards (and the escape character) taken literally; `\` is the escape on both dialects. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

export function likeInsensitive(value: Expression<string | null>, pattern: string) {
  return sql<SqlBool>`lower(${value}) like lower(${pattern}) escape '\\'`;
}
