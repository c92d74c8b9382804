// A small web app instrumented with the real, unmodified @sentry/node SDK, release health on (request
// sessions, as in production): it serves REQUESTS requests to itself and fails FAIL_PERCENT of them with
// an exception the app catches and reports, as an error middleware does. Run by the deploy gate's end-to-end
// test: `SHOP_RELEASE=shop@2 FAIL_PERCENT=30 node sentry-node-release.ts`.

import * as Sentry from '@sentry/node';
import { serveCheckouts } from './checkout-app.ts';

Sentry.init({
  dsn: process.env.SENTRY_DSN,
  release: process.env.SHOP_RELEASE,
  environment: 'production',
  tracesSampleRate: 0,
  // Flush the request sessions every 100 ms instead of every minute, so that the test need not wait.
  integrations: [Sentry.httpIntegration({ sessionFlushingDelayMS: 100 })],
});

const failPercent = Number(process.env.FAIL_PERCENT ?? 0);
const requests = Number(process.env.REQUESTS ?? 600);
const newCode = failPercent >= 20;

function checkoutTotal(request: number): number {
  if (request % 100 < failPercent) {
    if (newCode) throw new TypeError("Cannot read properties of undefined (reading 'discount')");
    throw new Error('Inventory service answered 503 after 3 retries');
  }
  return 42;
}

await serveCheckouts(checkoutTotal, requests);
// Let the session flusher run, then send what is left.
await new Promise((resolve) => setTimeout(resolve, 500));
await Sentry.close(10_000);
