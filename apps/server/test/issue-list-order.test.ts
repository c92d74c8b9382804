// The issue list's sorts are exact, page after page, although their indexes cover only coarse columns (the
// minute of last_seen, the number of digits of times_seen and users_seen: migration
// 2026-12-09T20-issue-sort-buckets): issues within one minute, across minute and power-of-ten boundaries,
// and ties on the sorted value (then by id) come in the order the values say. On both databases.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertIssue, MINUTE, request } from './search-data.ts';
import { type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';

interface Seeded {
  id: number;
  lastSeen: number;
  timesSeen: number;
  usersSeen: number;
}

// Values on both sides of each boundary, and repeated ones.
const COUNTS = [1, 9, 10, 11, 99, 100, 101, 999, 1_000, 1_001, 10, 100, 12_345, 0];
const OFFSETS_MS = [
  0,
  1,
  59_999,
  60_000,
  60_001,
  119_999,
  1,
  3 * MINUTE,
  3 * MINUTE,
  7 * MINUTE + 30_000,
  0,
  59_999,
];

describe.each(testDialects)('issue list order on %s', (dialect) => {
  let vigie: RunningVigie;
  const seeded: Seeded[] = [];
  // The start of a minute, so the offsets fall on both sides of minute boundaries.
  const base = Math.floor(Date.now() / MINUTE) * MINUTE - 10 * MINUTE;

  beforeAll(async () => {
    vigie = await startVigie(dialect);
    for (let i = 0; i < 24; i += 1) {
      const issue = {
        lastSeen: base + OFFSETS_MS[i % OFFSETS_MS.length]!,
        timesSeen: COUNTS[i % COUNTS.length]! + 1,
        usersSeen: COUNTS[(i * 5) % COUNTS.length]!,
      };
      const id = await insertIssue(vigie.app.vigie.database.db, vigie.projectId, {
        title: `Error ${i}`,
        firstSeen: base - 60 * MINUTE,
        ...issue,
      });
      seeded.push({ id, ...issue });
    }
  });
  afterAll(async () => {
    await vigie?.stop();
  });

  const pages = async (sort: string, query: string) => {
    const ids: number[] = [];
    let cursor = '';
    for (let page = 0; page < 20; page += 1) {
      const path =
        `/api/v1/projects/${vigie.projectId}/issues?query=${encodeURIComponent(query)}&sort=${sort}` +
        `&limit=5${cursor ? `&cursor=${cursor}` : ''}`;
      const { status, body } = await request<{ issues: Array<{ id: number }>; next: string | null }>(
        vigie,
        vigie.token,
        'GET',
        path,
      );
      expect(status, JSON.stringify(body)).toBe(200);
      ids.push(...body.issues.map((i) => i.id));
      if (!body.next) break;
      cursor = body.next;
    }
    return ids;
  };
  const descending = (value: (s: Seeded) => number, rows = seeded) =>
    [...rows].sort((a, b) => value(b) - value(a) || b.id - a.id).map((s) => s.id);

  it('pages through every sort in exact order, ties by id', async () => {
    expect(await pages('lastSeen', '')).toEqual(descending((s) => s.lastSeen));
    expect(await pages('events', '')).toEqual(descending((s) => s.timesSeen));
    expect(await pages('users', '')).toEqual(descending((s) => s.usersSeen));
  });

  it('filters on last seen to the millisecond, inside a minute', async () => {
    const at = base + 60_000;
    const iso = new Date(at).toISOString();
    const after = seeded.filter((s) => s.lastSeen > at);
    const upTo = seeded.filter((s) => s.lastSeen <= at);
    expect(after.length).toBeGreaterThan(3);
    expect(upTo.length).toBeGreaterThan(3);
    expect(await pages('lastSeen', `lastSeen:>${iso}`)).toEqual(descending((s) => s.lastSeen, after));
    expect(await pages('lastSeen', `lastSeen:<=${iso}`)).toEqual(descending((s) => s.lastSeen, upTo));
  });
});
