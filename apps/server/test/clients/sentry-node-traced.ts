// A small web app instrumented with the real, unmodified @sentry/node SDK with tracing on and release health
// off (no request sessions, no process session), as a server app that only traces: it serves REQUESTS requests
// to itself, TRACES_SAMPLE_RATE of them traced, and fails FAIL_PERCENT of them with an exception it reports.
// It prints what Vigie acknowledged (200) as JSON: {"transactions": N, "errors": M}. Run by the per-request
// gate's end-to-end test: `SHOP_RELEASE=api@3 FAIL_PERCENT=30 node sentry-node-traced.ts`.

import * as Sentry from '@sentry/node';
import { serveCheckouts } from './checkout-app.ts';

const acknowledged = { transactions: 0, errors: 0 };

Sentry.init({
  dsn: process.env.SENTRY_DSN,
  release: process.env.SHOP_RELEASE,
  environment: 'production',
  tracesSampleRate: Number(process.env.TRACES_SAMPLE_RATE ?? 0.5),
  // Transactions, as SDKs before span streaming send them (span streaming sends spans instead).
  traceLifecycle: 'static',
  // The app calls itself with fetch: its requests must not carry the caller's trace (and its one sampling
  // decision), as a browser's or another service's would not.
  tracePropagationTargets: [],
  integrations: (defaults) => [
    ...defaults.filter((i) => i.name !== 'ProcessSession' && i.name !== 'Http'),
    Sentry.httpIntegration({ sessions: false }),
  ],
});
Sentry.getClient()?.on('afterSendEvent', (event, response) => {
  if (response.statusCode !== 200) return;
  if (event.type === 'transaction') acknowledged.transactions++;
  else acknowledged.errors++;
});

const failPercent = Number(process.env.FAIL_PERCENT ?? 0);
const requests = Number(process.env.REQUESTS ?? 800);

function checkoutTotal(request: number): number {
  // Spread over the run, and each error names its order, as real ones do (the SDK drops an error that
  // repeats the one before it word for word).
  if ((request * 37) % 100 < failPercent) {
    throw new TypeError(`Cannot read properties of undefined (reading 'discount') in order ${request}`);
  }
  return 42;
}

await serveCheckouts(checkoutTotal, requests, async (n) => {
  // Let the SDK's transport drain now and then rather than overflow its queue of 64.
  if (n % 50 === 49) await Sentry.flush(10_000);
});
// Sends what is left and waits for Vigie's answers.
await Sentry.close(10_000);
process.stdout.write(`${JSON.stringify(acknowledged)}\n`);
