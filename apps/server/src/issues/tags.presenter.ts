// Tag value rows to the tag breakdown: keys in the order an issue page shows them (the ones people look at
// first, then the rest by name), each value with its share of the events that carried the key. Pure.

import type { Static } from 'typebox';
import { iso } from '../api/schemas.ts';
import type { TagBreakdown } from './issue-stats.schemas.ts';
import type { TagValueRow } from './tags.repository.ts';

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

export function presentTagBreakdown(rows: readonly TagValueRow[]): Static<typeof TagBreakdown> {
  const byKey = new Map<string, TagValueRow[]>();
  for (const row of rows) byKey.set(row.key, [...(byKey.get(row.key) ?? []), row]);
  const keys = [...byKey.keys()].sort((a, b) => rankOf(a) - rankOf(b) || (a < b ? -1 : a > b ? 1 : 0));
  return {
    tags: keys.map((key) => {
      const values = byKey.get(key)!;
      const events = values[0]!.key_events;
      return {
        key,
        events,
        distinctValues: values[0]!.key_values,
        topValues: values.map((v) => ({
          value: v.value,
          count: v.times_seen,
          share: events > 0 ? v.times_seen / events : 0,
          firstSeen: iso(v.first_seen),
          lastSeen: iso(v.last_seen),
        })),
      };
    }),
  };
}
