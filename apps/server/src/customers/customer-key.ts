// How a customer is named in the API: by the first user field the SDK sent of id, email, username and IP
// address (`id:4711`, `email:jane@example.com`, `username:jane`, `ip:203.0.113.7`), as Sentry's `user` tag.

import { VigieError } from '../errors.ts';

export const CUSTOMER_KEY_KINDS = ['id', 'email', 'username', 'ip'] as const;

export interface CustomerKey {
  kind: (typeof CUSTOMER_KEY_KINDS)[number];
  value: string;
}

export const formatCustomerKey = (key: CustomerKey) => `${key.kind}:${key.value}`;

const KEY = /^(id|email|username|ip):(.+)$/s;

/** Reads `id:<user id>`, `email:<address>`, `username:<name>` or `ip:<address>`. */
export function parseCustomerKey(text: string): CustomerKey {
  const match = KEY.exec(text);
  if (!match) {
    throw new VigieError('invalid_customer_key', { text });
  }
  return { kind: match[1] as CustomerKey['kind'], value: match[2] as string };
}

/** True when the text names its kind (`email:jane@…`), rather than being a bare value to try as each kind. */
export const isCustomerKey = (text: string) => KEY.test(text);
