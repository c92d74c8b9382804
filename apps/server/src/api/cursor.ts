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
