// Continuous load from the real @sentry/node SDK, unmodified but for its DSN and a transport that wraps
// the SDK's own HTTP transport to note what each send got back: the ids of the events Vigie acknowledged
// with a 200, and every other answer or network error. Run as a child process by the zero-downtime
// test: `node sentry-node-load.ts`; SENTRY_DSN names the load balancer. It sends an error every
// LOAD_INTERVAL_MS until the parent sends 'stop', then flushes and reports over IPC.

import * as Sentry from '@sentry/node';

const acknowledged: string[] = [];
const failures: string[] = [];
let sends = 0;

Sentry.init({
  dsn: process.env.SENTRY_DSN,
  release: 'shop@2.0.0',
  environment: 'production',
  tracesSampleRate: 0,
  // Room for every send in flight (the default, 64, drops events once answers are slow on a loaded
  // machine: they would count as lost without having been sent).
  transportOptions: { bufferSize: 100_000 },
  // Every event is sent: the SDK's default sample rate is 1, and no client-side rate limit applies
  // unless Vigie answers 429.
  transport: (options) => {
    const transport = Sentry.makeNodeTransport(options);
    return {
      ...transport,
      send: async (envelope) => {
        sends += 1;
        const [header, items] = envelope;
        const isEvent = items.some(([item]) => item.type === 'event');
        try {
          const response = await transport.send(envelope);
          if (response.statusCode === 200) {
            if (isEvent) acknowledged.push(String(header.event_id));
          } else if (response.statusCode === undefined) {
            // The SDK dropped it unsent: an earlier answer's Retry-After (429, or a 503 that reached it),
            // or its buffer was full.
            failures.push('dropped unsent by the SDK (rate limited by an earlier answer, or buffer full)');
          } else failures.push(`status ${response.statusCode}`);
          return response;
        } catch (error) {
          failures.push(error instanceof Error ? error.message : String(error));
          throw error;
        }
      },
    };
  },
});

const interval = Number(process.env.LOAD_INTERVAL_MS ?? '10');
let captured = 0;
const timer = setInterval(() => {
  captured += 1;
  const n = captured;
  try {
    // Ten throw sites, so that the load makes a few issues and many events each.
    throw new Error(`Checkout step ${n % 10} failed for order ${n}`);
  } catch (error) {
    Sentry.withScope((scope) => {
      scope.setUser({ id: `customer-${n % 50}` });
      scope.setFingerprint([`step-${n % 10}`]);
      Sentry.captureException(error);
    });
  }
}, interval);

process.send?.({ ready: true });
process.on('message', async (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  await Sentry.flush(30_000);
  process.send?.({ captured, sends, acknowledged, failures }, () => process.exit(0));
});
