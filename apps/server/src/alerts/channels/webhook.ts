// Webhooks signed as Standard Webhooks 1.0 specifies: headers webhook-id (the same on every retry, the
// receiver's idempotency key), webhook-timestamp (this attempt, in Unix seconds) and webhook-signature
// (`v1,` and the base64 HMAC-SHA256 of `{id}.{timestamp}.{body}` under the secret's decoded bytes).

import { createHmac, randomBytes } from 'node:crypto';
import type { AlertMessage, Channel, ChannelTarget, DeliveryResult, SendContext } from './channel.ts';
import { postJson } from './http-post.ts';

/** A new signing secret: 32 random bytes, base64, prefixed `whsec_` as the specification serializes it. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** The `webhook-signature` value of a body. */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const mac = createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64');
  return `v1,${mac}`;
}

/** The JSON body: the specification's recommended type, timestamp and data. */
export function webhookBody(message: AlertMessage): string {
  return JSON.stringify({ type: `alert.${message.kind}`, timestamp: message.occurredAt, data: message });
}

export const webhookChannel: Channel = {
  kind: 'webhook',
  send(message: AlertMessage, target: ChannelTarget, context: SendContext): Promise<DeliveryResult> {
    const body = webhookBody(message);
    const timestamp = Math.floor(context.nowMs / 1000);
    const headers = {
      'webhook-id': context.messageId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signWebhook(target.secret ?? '', context.messageId, timestamp, body),
    };
    return postJson(target.url ?? '', body, { ...context, headers });
  },
};
