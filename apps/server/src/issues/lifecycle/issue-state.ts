// An issue row's lifecycle columns read as the state machine's IssueLifecycleState. Resolution and snooze are
// stored as JSON that only issue-state.repository.ts writes; they are still checked on the way in.

import { type Static, type TSchema, Type } from 'typebox';
import { Value } from 'typebox/value';
import type { Issue } from '../../storage/schema.ts';
import type { IssueLifecycleState, UnresolvedSubstatus } from './lifecycle.ts';

/** The columns the lifecycle reads and compares-and-sets. */
export const LIFECYCLE_COLUMNS = [
  'id',
  'project_id',
  'title',
  'status',
  'substatus',
  'resolution',
  'snooze',
  'status_changed_at',
  'first_seen',
  'times_seen',
  'users_seen',
  'lifecycle_version',
  'inbox_reason',
  'inbox_at',
  'merged_into_id',
] as const;
export type LifecycleRow = Pick<Issue, (typeof LIFECYCLE_COLUMNS)[number]>;

const StoredResolution = Type.Union([
  Type.Object({ kind: Type.Literal('now') }),
  Type.Object({ kind: Type.Literal('inRelease'), release: Type.String() }),
  Type.Object({
    kind: Type.Literal('inNextRelease'),
    afterRelease: Type.Union([Type.String(), Type.Null()]),
  }),
]);

const StoredSnooze = Type.Object({
  condition: Type.Union([
    Type.Object({ kind: Type.Literal('until'), untilMs: Type.Number() }),
    Type.Object({ kind: Type.Literal('events'), count: Type.Integer() }),
    Type.Object({ kind: Type.Literal('users'), count: Type.Integer() }),
    Type.Object({ kind: Type.Literal('escalating') }),
  ]),
  baseline: Type.Object({
    eventCount: Type.Integer(),
    userCount: Type.Integer(),
    highestHourlyCount: Type.Integer(),
  }),
});

function parseStored<T extends TSchema>(schema: T, text: string | null): Static<T> | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return Value.Check(schema, value) ? value : null;
  } catch {
    return null;
  }
}

const SUBSTATUSES: readonly string[] = [
  'new',
  'ongoing',
  'regressed',
  'escalating',
] satisfies UnresolvedSubstatus[];

/** The state machine's view of an issue row. */
export function lifecycleStateOf(row: LifecycleRow): IssueLifecycleState {
  const sinceMs = row.status_changed_at ?? row.first_seen;
  if (row.status === 'resolved') {
    const resolution = parseStored(StoredResolution, row.resolution) ?? { kind: 'now' as const };
    return { status: 'resolved', substatus: null, resolution, sinceMs };
  }
  if (row.status === 'ignored') return { status: 'ignored', substatus: null, sinceMs };
  if (row.status === 'snoozed') {
    // Only this module writes snooze; should it ever be unreadable, the next tick ends it rather than never.
    const snooze = parseStored(StoredSnooze, row.snooze) ?? {
      condition: { kind: 'until' as const, untilMs: sinceMs },
      baseline: { eventCount: row.times_seen, userCount: row.users_seen, highestHourlyCount: 0 },
    };
    return { status: 'snoozed', substatus: null, snooze, sinceMs };
  }
  const substatus = SUBSTATUSES.includes(row.substatus ?? '')
    ? (row.substatus as UnresolvedSubstatus)
    : 'ongoing';
  return { status: 'unresolved', substatus, sinceMs };
}
