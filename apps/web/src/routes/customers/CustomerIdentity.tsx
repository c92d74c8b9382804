// Who a customer is, as the SDKs reported them: the user fields support can compare with what the
// customer wrote in.

import type { Customer } from './customer-queries.ts';

type Identity = Pick<Customer, 'userId' | 'email' | 'username' | 'ipAddress' | 'key'>;

/** How the pages name a customer: their email when known, else their id, username or address. */
export const customerName = (c: Identity): string =>
  c.email ?? c.userId ?? c.username ?? c.ipAddress ?? c.key;

export function CustomerIdentity({ customer }: { customer: Identity }) {
  const fields: Array<[string, string | null]> = [
    ['User id', customer.userId],
    ['Email', customer.email],
    ['Username', customer.username],
    ['IP address', customer.ipAddress],
  ];
  return (
    <dl className="identity">
      {fields.map(([label, value]) =>
        value === null ? null : (
          <div key={label}>
            <dt>{label}</dt>
            <dd className="mono">{value}</dd>
          </div>
        ),
      )}
    </dl>
  );
}
