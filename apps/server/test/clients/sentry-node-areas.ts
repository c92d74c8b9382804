// An app with two code areas (areas/billing, areas/checkout), instrumented with the real, unmodified
// @sentry/node SDK: one error thrown in each, captured and sent to SENTRY_DSN. Run as a child process
// by ownership.e2e.test.ts: `node sentry-node-areas.ts`.

import * as Sentry from '@sentry/node';
import { renderInvoice } from './areas/billing/invoice.ts';
import { addToCart } from './areas/checkout/cart.ts';

Sentry.init({
  dsn: process.env.SENTRY_DSN,
  release: 'shop@2.0.0',
  environment: 'production',
  tracesSampleRate: 0,
});

for (const fail of [() => renderInvoice('INV-42'), () => addToCart('SKU-7')]) {
  try {
    fail();
  } catch (error) {
    Sentry.captureException(error);
  }
}
await Sentry.flush(5000);
