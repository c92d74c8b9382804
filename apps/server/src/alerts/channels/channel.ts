// The one interface every alert channel implements (a file per channel, as Uptime Kuma's notifiers), and
// the message they all render: what fired, why (the numbers), and links back to Vigie.

import type { ChannelKind } from '../rule.ts';

/**
 * trigger: an alert opens; resolve: it closes; test: "send a test alert"; digest: many at once; escalation:
 * support asks the team; weekly: the triage digest.
 */
export type MessageKind = 'trigger' | 'resolve' | 'test' | 'digest' | 'escalation' | 'weekly';

export interface AlertMessage {
  readonly kind: MessageKind;
  /** The alert's key from trigger to resolve (PagerDuty's dedup_key). */
  readonly dedupKey: string;
  /** One line: what happened. */
  readonly title: string;
  readonly projectName: string;
  readonly ruleName: string | null;
  /** Why it fired, in words a person reads at 3 a.m.; with the numbers. */
  readonly why: string;
  readonly level: string | null;
  readonly culprit: string | null;
  readonly environment: string | null;
  readonly release: string | null;
  readonly counts: { readonly events: number; readonly users: number } | null;
  /** Link to the issue (or the project's issues). */
  readonly url: string;
  /** The detector's numbers, or other details, for machines (PagerDuty's custom_details, the webhook body). */
  readonly details: Readonly<Record<string, unknown>>;
  /** A digest's alerts: one line and link each. */
  readonly items?: readonly { readonly title: string; readonly url: string; readonly why: string }[];
  readonly occurredAt: string;
  /** E-mail: send to these instead of the channel's recipients (the weekly digest, to whoever is on duty). */
  readonly recipients?: readonly string[];
}

/** The channel's target, decrypted: only what its kind uses is set. */
export interface ChannelTarget {
  readonly url?: string;
  readonly routingKey?: string;
  readonly secret?: string;
  readonly to?: readonly string[];
}

export interface SendContext {
  /** The delivery's idempotency key: the webhook-id, the e-mail's Message-ID. Stable across retries. */
  readonly messageId: string;
  readonly nowMs: number;
  readonly signal: AbortSignal;
  /** VIGIE_ALLOW_PRIVATE_WEBHOOKS: private and loopback addresses allowed. */
  readonly allowPrivate: boolean;
}

export type DeliveryResult =
  | { readonly outcome: 'delivered'; readonly status?: number }
  | {
      readonly outcome: 'retry';
      readonly status?: number;
      readonly error: string;
      readonly retryAfterMs?: number;
    }
  | { readonly outcome: 'permanent'; readonly status?: number; readonly error: string };

export interface Channel {
  readonly kind: ChannelKind;
  send(message: AlertMessage, target: ChannelTarget, context: SendContext): Promise<DeliveryResult>;
}

/** Cut text to a length limit of a format, marking the cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
