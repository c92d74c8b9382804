// The triage inbox: unresolved issues nobody has looked at since they became new, regressed, came back from
// snooze or escalated. Lifecycle changes decide who enters and leaves; the weekly triage reads it oldest first.

import type { Kysely } from 'kysely';
import type { Cursor } from '../../api/cursor.ts';
import type { Issue, Schema } from '../../storage/schema.ts';
import type { TriageActionType } from './lifecycle.ts';
import type { AutomaticReason } from './lifecycle-automatic.ts';

export const INBOX_REASONS = ['new', 'regressed', 'unsnoozed', 'escalating'] as const;
export type InboxReason = (typeof INBOX_REASONS)[number];

/** What a lifecycle change does to the inbox. */
export type InboxEffect = { readonly enter: InboxReason } | 'reviewed' | 'unchanged';

// Settling into ongoing after 7 days is not a review: an issue nobody triaged stays in the inbox.
const AUTOMATIC_EFFECTS: { readonly [R in AutomaticReason]: InboxEffect } = {
  regressed: { enter: 'regressed' },
  snooze_until_passed: { enter: 'unsnoozed' },
  snooze_events_reached: { enter: 'unsnoozed' },
  snooze_users_reached: { enter: 'unsnoozed' },
  snooze_escalated: { enter: 'escalating' },
  escalated: { enter: 'escalating' },
  aged_to_ongoing: 'unchanged',
};

/** Every triage action is a person looking at the issue: it leaves the inbox. */
export function inboxEffectOf(reason: TriageActionType | AutomaticReason): InboxEffect {
  return reason in AUTOMATIC_EFFECTS ? AUTOMATIC_EFFECTS[reason as AutomaticReason] : 'reviewed';
}

export interface InboxColumns {
  inbox_reason?: string | null;
  inbox_at?: number | null;
  reviewed_at?: number;
}

/**
 * The columns an inbox effect writes. An issue already waiting keeps its `inbox_at`, so "how long it waited"
 * counts from when it first needed a look, whatever happened to it since.
 */
export function inboxColumns(effect: InboxEffect, current: { inbox_at: number | null }, atMs: number) {
  if (effect === 'unchanged') return {} satisfies InboxColumns;
  if (effect === 'reviewed') {
    return { inbox_reason: null, inbox_at: null, reviewed_at: atMs } satisfies InboxColumns;
  }
  return { inbox_reason: effect.enter, inbox_at: current.inbox_at ?? atMs } satisfies InboxColumns;
}

export type InboxOrder = 'oldest' | 'newest';

/**
 * A project's inbox, paged by (inbox_at, id): oldest first by default, so a triage session works through what
 * has waited longest. Returns `limit + 1` rows so the caller knows whether a page follows.
 */
export function listInbox(
  db: Kysely<Schema>,
  projectId: number,
  order: InboxOrder,
  cursor: Cursor | undefined,
  limit: number,
): Promise<Issue[]> {
  const direction = order === 'oldest' ? 'asc' : 'desc';
  let query = db
    .selectFrom('issues')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('inbox_at', 'is not', null)
    .where('status', '=', 'unresolved')
    .where('merged_into_id', 'is', null);
  if (cursor) {
    const after = order === 'oldest' ? '>' : '<';
    query = query.where((eb) => eb(eb.refTuple('inbox_at', 'id'), after, eb.tuple(cursor.at, cursor.id)));
  }
  return query
    .orderBy('inbox_at', direction)
    .orderBy('id', direction)
    .limit(limit + 1)
    .execute();
}
