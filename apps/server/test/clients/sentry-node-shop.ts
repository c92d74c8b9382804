// A small "shop" instrumented with the real, unmodified @sentry/node SDK; only the DSN points at
// Vigie. Run as a child process by the end-to-end tests: `node sentry-node-shop.ts <scenario>`.

import * as Sentry from '@sentry/node';

Sentry.init({
  dsn: process.env.SENTRY_DSN,
  release: process.env.SHOP_RELEASE ?? 'shop@1.4.2',
  environment: 'production',
  tracesSampleRate: 0,
});

function chargeCard(orderId: number): never {
  throw new Error(`Payment declined for order ${orderId}`);
}

function refundOrder(orderId: number): never {
  throw new Error(`Payment declined for order ${orderId}`);
}

function checkoutTotal(): never {
  throw new TypeError("Cannot read properties of undefined (reading 'price')");
}
function applyCoupon(): never {
  throw new RangeError('Coupon SPRING26 expired on 2026-04-30');
}
function renderInvoice(): never {
  throw new Error('Template invoice.hbs not found');
}
function syncInventory(): never {
  throw new Error('Inventory service answered 503 after 3 retries');
}
function sendReceipt(): never {
  throw new Error('SMTP connection refused');
}
function loadWishlist(): never {
  throw new SyntaxError('Unexpected token < in JSON at position 0');
}

const scenario = process.argv[2] ?? 'handled';

if (scenario === 'handled') {
  for (const [orderId, user] of [
    [1001, 'u-1'],
    [1002, 'u-2'],
    [1003, 'u-2'],
  ] as const) {
    // A few milliseconds apart, as separate requests of a shop would be: Vigie dates events to the
    // millisecond, and the test checks that the issue shows the latest one. Within one millisecond
    // the SDK's concurrent sends decide, and either event is as recent as the other.
    await new Promise((resolve) => setTimeout(resolve, 3));
    try {
      chargeCard(orderId);
    } catch (error) {
      Sentry.withScope((scope) => {
        scope.setUser({ id: user, email: `${user}@example.com` });
        Sentry.captureException(error);
      });
    }
  }
  try {
    refundOrder(1001);
  } catch (error) {
    Sentry.captureException(error);
  }
  Sentry.captureMessage('Inventory sync finished with 3 warnings', 'warning');
  await Sentry.flush(5000);
} else if (scenario === 'week' || scenario === 'regress') {
  // A week of production: six different bugs, each hit by a customer. 'regress' hits the first again.
  const bugs: Array<[string, () => never]> = [
    ['ana', () => checkoutTotal()],
    ['ben', () => applyCoupon()],
    ['chloe', () => renderInvoice()],
    ['dan', () => syncInventory()],
    ['eve', () => sendReceipt()],
    ['finn', () => loadWishlist()],
  ];
  for (const [customer, bug] of scenario === 'week' ? bugs : bugs.slice(0, 1)) {
    try {
      bug();
    } catch (error) {
      Sentry.withScope((scope) => {
        scope.setUser({ id: `cust-${customer}`, email: `${customer}@example.com` });
        scope.addBreadcrumb({ category: 'ui.click', message: `${customer} opened the checkout` });
        Sentry.captureException(error);
      });
    }
  }
  await Sentry.flush(5000);
} else if (scenario === 'rejections') {
  // Non-Error values rejected and never caught: two unrelated bugs. The SDK reports each (its
  // default mode, 'warn', keeps the process alive), as a synthetic exception without a message.
  void Promise.reject({ status: 503 });
  void Promise.reject({ field: 'email' });
  await new Promise((resolve) => setTimeout(resolve, 50));
  await Sentry.flush(5000);
} else if (scenario === 'crash') {
  // An unhandled exception: the SDK's handler sends it, flushes, and exits with code 1.
  setTimeout(() => {
    const cart = JSON.parse('{"items": null}') as { items: { length: number } };
    console.log(cart.items.length);
  }, 10);
}
