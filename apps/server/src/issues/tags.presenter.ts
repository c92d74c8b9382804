// Tag totals and top values to the tag breakdown: keys in the order an issue page shows them (the ones
// people look at first, then the rest by name), each value with its share of the events that carried
// the key. Pure.

import type { Static } from 'typebox';
import { iso } from '../api/schemas.ts';
import type { TagBreakdown } from './issue-stats.schemas.ts';
import type { TagKeyTotals, TagValueRow } from './tags.repository.ts';

const FIRST_KEYS = [
  'release',
  'environment',
  'browser',
  'os',
  'device',
  'url',
  'transaction',
  'server_name',
  'user',
];

const rankOf = (key: string) => {
  const at = FIRST_KEYS.indexOf(key);
  return at === -1 ? FIRST_KEYS.length : at;
};

/** The keys in display order. */
export function orderTagKeys<T extends { key: string }>(keys: readonly T[]): T[] {
  return [...keys].sort(
    (a, b) => rankOf(a.key) - rankOf(b.key) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

export function presentTagBreakdown(
  totals: readonly TagKeyTotals[],
  values: readonly TagValueRow[],
): Static<typeof TagBreakdown> {
  return {
    tags: totals.map(({ key, events, values: distinct }) => ({
      key,
      events,
      distinctValues: distinct,
      topValues: values
        .filter((v) => v.key === key)
        .map((v) => ({
          value: v.value,
          count: v.times_seen,
          share: events > 0 ? v.times_seen / events : 0,
          firstSeen: iso(v.first_seen),
          lastSeen: iso(v.last_seen),
        })),
    })),
  };
}
