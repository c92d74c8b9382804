// A delivery's outcome in words: "#errors (Slack): delivered", "PagerDuty on-call (PagerDuty): refused for
// good: answered 400: invalid event". Pure.

import type { Delivery } from '../alerts/alerts-queries.ts';

const KIND = { pagerduty: 'PagerDuty', slack: 'Slack', webhook: 'Webhook', email: 'E-mail' } as const;

export function deliveryWords(delivery: Delivery): string {
  const last = delivery.attempts.at(-1);
  const error = delivery.lastError ?? last?.error ?? null;
  const where = `${delivery.channelName} (${KIND[delivery.channelKind]})`;
  switch (delivery.status) {
    case 'delivered':
      return `${where}: delivered${last?.statusCode ? ` (${last.statusCode})` : ''}`;
    case 'dead':
      return `${where}: failed for good${error ? `: ${error}` : ''}`;
    case 'pending':
      return `${where}: not delivered yet, Vigie retries${error ? `: ${error}` : ''}`;
  }
}
