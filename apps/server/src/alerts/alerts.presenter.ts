// Alert rows to the API's shapes. Pure.

import { iso, isoOrNull } from '../api/schemas.ts';
import type { AlertMessage } from './channels/channel.ts';
import type { DeliveryWithAttempts, ListedNotification } from './notifications.repository.ts';
import type { Action, ChannelKind, Condition, Filters } from './rule.ts';
import type { ChannelRow, RuleRow } from './rules.repository.ts';

export function presentRule(row: RuleRow) {
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled === 1,
    conditions: JSON.parse(row.conditions) as Condition[],
    filters: JSON.parse(row.filters) as Filters,
    actions: JSON.parse(row.actions) as Action[],
    cooldownMinutes: row.cooldown_minutes,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function presentChannel(row: ChannelRow, signingSecret?: string) {
  const details = JSON.parse(row.details) as { target?: string };
  return {
    id: row.id,
    kind: row.kind as ChannelKind,
    name: row.name,
    target: details.target ?? '',
    createdAt: iso(row.created_at),
    ...(signingSecret === undefined ? {} : { signingSecret }),
  };
}

function presentDelivery(d: DeliveryWithAttempts) {
  return {
    id: d.id,
    channelId: d.channel_id,
    channelName: d.channel_name,
    channelKind: d.channel_kind as ChannelKind,
    status: d.status as 'pending' | 'delivered' | 'dead',
    attempts: d.attempts.map((a) => ({
      at: iso(a.at),
      outcome: a.outcome as 'delivered' | 'retry' | 'permanent',
      statusCode: a.status_code,
      error: a.error,
    })),
    lastError: d.last_error,
    nextAttemptAt: d.status === 'pending' ? iso(d.next_attempt_at) : null,
  };
}

export function presentNotification(row: ListedNotification, deliveries: readonly DeliveryWithAttempts[]) {
  const message = JSON.parse(row.message) as AlertMessage;
  return {
    id: row.id,
    kind: row.kind as AlertMessage['kind'],
    condition: row.condition,
    ruleId: row.rule_id,
    ruleName: row.rule_name ?? null,
    issueId: row.issue_id,
    title: message.title,
    why: message.why,
    details: { ...message.details, ...(message.items ? { items: message.items } : {}) },
    dedupKey: row.dedup_key,
    createdAt: iso(row.created_at),
    resolvedAt: isoOrNull(row.resolved_at),
    digestId: row.digest_id,
    deliveries: deliveries.filter((d) => d.notification_id === row.id).map(presentDelivery),
  };
}

export { presentDelivery };
