// A checkout instrumented with the real @sentry/node SDK, set up as Sentry's docs say for ESM
// (`node --import ./sentry-node-instrument.ts sentry-node-secrets.ts`), that crashes while its scope
// holds credentials: a user's API key, a card number, a session id, passwords in extra data, in a
// request body and in a breadcrumb, a token in a URL. Run by the end-to-end test; Vigie must store
// none of them.

import * as Sentry from '@sentry/node';

function chargeCard(order: { id: number; cardNumber: string; cvv: string }): never {
  throw new Error(`Card declined for order ${order.id}`);
}

Sentry.addBreadcrumb({
  category: 'auth',
  message: 'login',
  data: { password: 'hunter2-crumb', user: 'claire' },
});
Sentry.setUser({ id: 'u-981', email: 'claire@example.com', api_key: 'ak_live_user_51HxQ' });
Sentry.setTag('session_id', 's3ss10n-node-5ecr3t');
Sentry.setContext('payment', { card_number: '4242 4242 4242 4242', amount: 1999 });
Sentry.setExtra('db_password', 'hunter2-extra');
Sentry.setExtra(
  'request_body',
  JSON.stringify({ password: 'hunter2-body', card: { number: '4242424242424242' } }),
);
Sentry.setExtra('callback', 'https://shop.example.com/return?order=77812&access_token=tok-node-query');
// Uncaught: the SDK sends the event and exits with code 1.
setTimeout(() => chargeCard({ id: 77812, cardNumber: '4242424242424242', cvv: '737' }), 10);
