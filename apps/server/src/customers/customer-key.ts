// How a customer is named in the API: `id:<user id>` when the SDK sent a user id, `email:<address>` otherwise.

import { VigieError } from '../errors.ts';

export interface CustomerKey {
  kind: 'id' | 'email';
  value: string;
}

export const formatCustomerKey = (key: CustomerKey) => `${key.kind}:${key.value}`;

/** Reads `id:<user id>` or `email:<address>`. */
export function parseCustomerKey(text: string): CustomerKey {
  const match = /^(id|email):(.+)$/s.exec(text);
  if (!match) {
    throw new VigieError('invalid_customer_key', { text });
  }
  return { kind: match[1] as CustomerKey['kind'], value: match[2] as string };
}
