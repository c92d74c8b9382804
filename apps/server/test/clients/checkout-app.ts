// The web app of the deploy gate's client scripts (sentry-node-release.ts, sentry-node-traced.ts): GET
// /checkout?n=… answers the order's total, or reports the exception it threw to Sentry, as an error
// middleware does, and answers 500. The script's own fetches drive it, one request after another.

import { createServer } from 'node:http';
import * as Sentry from '@sentry/node';

/**
 * Serves `requests` checkouts to itself (n = 0, 1, …), then closes; `afterEach(n)` runs after each answer
 * (to let the SDK's transport drain, say).
 */
export async function serveCheckouts(
  checkoutTotal: (request: number) => number,
  requests: number,
  afterEach?: (n: number) => Promise<void>,
): Promise<void> {
  const server = createServer((request, response) => {
    const n = Number(new URL(request.url ?? '/', 'http://shop').searchParams.get('n'));
    try {
      response.end(String(checkoutTotal(n)));
    } catch (error) {
      Sentry.captureException(error);
      response.statusCode = 500;
      response.end('error');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  for (let n = 0; n < requests; n++) {
    const answer = await fetch(`http://127.0.0.1:${port}/checkout?n=${n}`);
    await answer.text();
    await afterEach?.(n);
  }
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
