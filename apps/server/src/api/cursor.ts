// Opaque cursors for keyset paging: the sort key of the last row returned, base64url-encoded.

import { VigieError } from '../errors.ts';

export interface Cursor {
  /** The sort value of the last row (a time in ms). */
  at: number;
  id: number;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.at}:${cursor.id}`).toString('base64url');
}

export function decodeCursor(value: string | undefined): Cursor | undefined {
  if (value === undefined || value === '') return undefined;
  const match = /^(-?\d+):(\d+)$/.exec(Buffer.from(value, 'base64url').toString('utf8'));
  if (!match) {
    throw new VigieError('invalid_cursor');
  }
  return { at: Number(match[1]), id: Number(match[2]) };
}

/** Given limit+1 rows, the page and the cursor to the next one. */
export function page<T>(
  rows: T[],
  limit: number,
  keyOf: (row: T) => Cursor,
): { items: T[]; next: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, next: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}

/** A cursor that also carries a text sort key (the inbox ordered by owner: owner, then time). */
export interface TextCursor extends Cursor {
  text: string;
}

export function encodeTextCursor(cursor: TextCursor): string {
  return Buffer.from(JSON.stringify([cursor.text, cursor.at, cursor.id])).toString('base64url');
}

export function decodeTextCursor(value: string | undefined): TextCursor | undefined {
  if (value === undefined || value === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    throw new VigieError('invalid_cursor');
  }
  const [text, at, id] = Array.isArray(parsed) ? parsed : [];
  if (typeof text !== 'string' || !Number.isInteger(at) || !Number.isInteger(id)) {
    throw new VigieError('invalid_cursor');
  }
  return { text, at: at as number, id: id as number };
}

/** Given limit+1 rows, the page and the text cursor to the next one (like page()). */
export function textPage<T>(
  rows: T[],
  limit: number,
  keyOf: (row: T) => TextCursor,
): { items: T[]; next: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, next: rows.length > limit && last ? encodeTextCursor(keyOf(last)) : null };
}
