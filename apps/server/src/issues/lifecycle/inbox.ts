// The triage inbox: unresolved issues nobody has looked at since they became new, regressed, came back from
// snooze or escalated. Lifecycle changes decide who enters and leaves, here; the weekly triage reads it oldest
// first (triage/inbox.repository.ts).

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
