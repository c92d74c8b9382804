// Events whose every field a dashboard shows holds HTML and script: if any of it were rendered as
// markup, a script would run (a dialog, a request to PAYLOAD_HOST, window.__pwned) or an element appear.

import { newEventId } from './support/events.ts';

export const PAYLOAD_HOST = 'payload.attacker.test';

const img = (n: number) =>
  `<img src="http://${PAYLOAD_HOST}/${n}" onerror="window.__pwned=${n};alert(${n})">`;
const script = (n: number) => `<script>window.__pwned=${n};fetch('http://${PAYLOAD_HOST}/s${n}')</script>`;
const svg = (n: number) => `"><svg onload="alert(${n})"></svg>`;

export const HOSTILE_MESSAGE = `Checkout failed ${img(1)}`;
export const HOSTILE_VALUE = `Cannot read ${script(2)} of undefined`;

/** A Node-style error event with payloads in message, exception value, tags, user, breadcrumbs, headers and frames. */
export function hostileEvent(): Record<string, unknown> {
  return {
    event_id: newEventId(),
    timestamp: Date.now() / 1000,
    platform: 'node',
    level: 'error',
    release: 'shop@2.0.0',
    environment: 'production',
    message: HOSTILE_MESSAGE,
    user: { id: `u-${svg(3)}`, email: 'mallory@example.com', username: img(4) },
    tags: { route: `/checkout${svg(5)}`, [`tag${img(6)}`]: 'x' },
    breadcrumbs: {
      values: [
        { timestamp: Date.now() / 1000 - 5, category: 'navigation', message: `to /cart ${img(7)}` },
        {
          timestamp: Date.now() / 1000 - 1,
          category: `xhr${svg(8)}`,
          level: 'warning',
          data: { url: script(9) },
        },
      ],
    },
    request: {
      method: 'POST',
      url: `https://shop.example.com/checkout?next=${encodeURIComponent(img(10))}`,
      headers: {
        Authorization: 'Bearer sk_live_supersecret',
        'User-Agent': `Mozilla/5.0 ${img(11)}`,
        'X-Api-Key': 'secret-key-123',
        Cookie: 'session=abcdef123',
      },
    },
    contexts: { runtime: { name: 'node', version: `24 ${svg(12)}` } },
    exception: {
      values: [
        {
          type: 'TypeError',
          value: HOSTILE_VALUE,
          mechanism: { type: 'onuncaughtexception', handled: false },
          stacktrace: {
            frames: [
              {
                filename: 'node:internal/process/task_queues',
                function: 'processTicks',
                lineno: 95,
                in_app: false,
              },
              {
                filename: `/srv/shop/routes/checkout.js`,
                function: `pay${img(13)}`,
                lineno: 42,
                colno: 17,
                in_app: true,
                pre_context: ['function pay(order) {', `  // ${script(14)}`],
                context_line: `    const id = order.customer.id; ${svg(15)}`,
                post_context: ['    return id;', '}'],
                vars: { order: `${img(16)}` },
              },
            ],
          },
        },
      ],
    },
    sdk: { name: 'sentry.javascript.node', version: '11.12.0' },
  };
}

/** A string that would run, or be requested, if a page made a link or an image of it. */
export const JAVASCRIPT_URL = `javascript:alert(document.domain);fetch('http://${PAYLOAD_HOST}/js')`;

/**
 * hostileEvent, with payloads in every other field the issue page, the raw JSON, the tag breakdown
 * and the customer page show too: contexts, request query and body, extra data, frame module and
 * paths, the exception's module and mechanism, and `javascript:` URLs where a page might make a link.
 */
export function hostileEventEverywhere(): Record<string, unknown> {
  const base = hostileEvent();
  const exception = (base.exception as { values: Array<Record<string, unknown>> }).values[0]!;
  const frames = (exception.stacktrace as { frames: Array<Record<string, unknown>> }).frames;
  return {
    ...base,
    tags: { ...(base.tags as object), url: JAVASCRIPT_URL, browser: `Chrome ${img(17)}` },
    user: { ...(base.user as object), ip_address: '203.0.113.9', segment: JAVASCRIPT_URL },
    request: {
      ...(base.request as object),
      query_string: `q=${img(18)}`,
      data: { comment: script(19), homepage: JAVASCRIPT_URL },
    },
    contexts: {
      runtime: { name: 'node', version: `24 ${svg(12)}` },
      browser: { name: `Chrome ${img(20)}`, version: '131' },
      os: { name: `Linux ${svg(21)}`, version: script(22) },
      device: { family: img(23), model: JAVASCRIPT_URL },
    },
    extra: { cart: img(24), next: JAVASCRIPT_URL },
    breadcrumbs: {
      values: [
        ...(base.breadcrumbs as { values: unknown[] }).values,
        { timestamp: Date.now() / 1000, category: 'navigation', data: { from: '/', to: JAVASCRIPT_URL } },
      ],
    },
    exception: {
      values: [
        {
          ...exception,
          module: `shop${svg(25)}`,
          mechanism: { type: `onerror${img(26)}`, handled: false },
          stacktrace: {
            frames: [
              ...frames,
              {
                filename: JAVASCRIPT_URL,
                abs_path: `http://${PAYLOAD_HOST}/bundle.js`,
                module: `vendor${img(27)}`,
                package: script(28),
                function: 'render',
                lineno: 1,
                in_app: true,
                context_line: img(29),
              },
            ],
          },
        },
      ],
    },
  };
}
