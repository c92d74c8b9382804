// Small helpers for multi-row writes: chunking under the databases' parameter limits, and
// grouping rows by key in a stable (sorted) order so row locks are always taken in that order.

export const CHUNK = 200;
export const MINUTE = 60_000;

export function chunks<T>(rows: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/**
 * Runs one multi-row statement per chunk of `rows`, in order, and returns what the statements
 * return (RETURNING), concatenated. Nothing runs for no rows.
 */
export async function inChunks<T, Out = unknown>(
  rows: readonly T[],
  statement: (chunk: T[]) => Promise<Out[]>,
): Promise<Out[]> {
  const out: Out[] = [];
  for (const chunk of chunks(rows)) out.push(...(await statement(chunk)));
  return out;
}

export function groupBy<T>(rows: Iterable<T>, key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return new Map([...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
