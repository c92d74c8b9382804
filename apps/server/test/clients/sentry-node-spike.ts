// A checkout that fails steadily, then in a burst, instrumented with the real @sentry/node SDK. The events'
// timestamps follow a simulated clock (SPIKE_PLAN: [minute offset from SPIKE_BASE_MS, events] pairs), so
// the end-to-end test replays hours of traffic in seconds: `node sentry-node-spike.ts`.

import * as Sentry from '@sentry/node';

/** Each error carries the simulated second it happened at: the SDK processes events asynchronously. */
class CheckoutError extends Error {
  readonly simulatedSeconds: number;
  constructor(message: string, simulatedSeconds: number) {
    super(message);
    this.name = 'Error';
    this.simulatedSeconds = simulatedSeconds;
  }
}

Sentry.init({
  dsn: process.env.SENTRY_DSN,
  release: 'shop@2.0.0',
  environment: 'production',
  tracesSampleRate: 0,
  // The SDK's transport would drop events past its own buffer; this run sends a few hundred on purpose.
  transportOptions: { bufferSize: 1000 },
  beforeSend(event, hint) {
    const error = hint.originalException;
    if (error instanceof CheckoutError) event.timestamp = error.simulatedSeconds;
    return event;
  },
});

function chargeCard(orderId: number, atSeconds: number): never {
  throw new CheckoutError(`Card processor timed out for order ${orderId}`, atSeconds);
}

const base = Number(process.env.SPIKE_BASE_MS);
const plan = JSON.parse(process.env.SPIKE_PLAN ?? '[]') as [number, number][];
for (const [minute, events] of plan) {
  for (let i = 0; i < events; i++) {
    try {
      chargeCard(1000 + i, (base + minute * 60_000 + 1_000 + (i % 50) * 1_000) / 1000);
    } catch (error) {
      Sentry.captureException(error);
    }
  }
}
await Sentry.flush(20_000);
