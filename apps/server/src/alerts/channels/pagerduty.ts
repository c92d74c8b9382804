// PagerDuty Events API v2: POST /v2/enqueue with the integration's routing key. A trigger opens (or
// updates) the alert keyed by dedup_key; a resolve with the same key closes it. 202 is success; 429 and
// 5xx are retried; 400 means the event was invalid, which no retry will fix.

import {
  type AlertMessage,
  type Channel,
  type ChannelTarget,
  clip,
  type DeliveryResult,
  type SendContext,
} from './channel.ts';
import { postJson } from './http-post.ts';

export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

// Limits of the Events API v2: summary up to 1,024 characters, dedup_key up to 255.
const SUMMARY_MAX = 1024;
const DEDUP_KEY_MAX = 255;

/** Event severity from the level (PagerDuty knows critical, error, warning and info). */
export function severityOf(level: string | null): 'critical' | 'error' | 'warning' | 'info' {
  switch (level) {
    case 'fatal':
      return 'critical';
    case 'warning':
      return 'warning';
    case 'info':
    case 'debug':
      return 'info';
    default:
      return 'error';
  }
}

/** The Events API v2 body for a message. */
export function pagerDutyEvent(message: AlertMessage, routingKey: string) {
  const dedupKey = clip(message.dedupKey, DEDUP_KEY_MAX);
  if (message.kind === 'resolve') {
    return { routing_key: routingKey, event_action: 'resolve', dedup_key: dedupKey };
  }
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: dedupKey,
    client: 'Vigie',
    client_url: message.url,
    payload: {
      summary: clip(`[${message.projectName}] ${message.title}`, SUMMARY_MAX),
      source: message.projectName,
      severity: severityOf(message.level),
      timestamp: message.occurredAt,
      component: message.culprit ?? undefined,
      group: message.environment ?? undefined,
      class: message.kind === 'test' ? 'test' : (message.ruleName ?? message.kind),
      custom_details: {
        why: message.why,
        ...(message.counts ? { events: message.counts.events, users: message.counts.users } : {}),
        ...(message.release ? { release: message.release } : {}),
        ...(message.items ? { alerts: message.items.map((i) => `${i.title} (${i.url})`) } : {}),
        ...message.details,
      },
    },
    links: [{ href: message.url, text: 'Open in Vigie' }],
  };
}

export const pagerDutyChannel: Channel = {
  kind: 'pagerduty',
  send(message: AlertMessage, target: ChannelTarget, context: SendContext): Promise<DeliveryResult> {
    const body = pagerDutyEvent(message, target.routingKey ?? '');
    return postJson(target.url ?? PAGERDUTY_EVENTS_URL, body, context, (status) => status === 202);
  },
};
