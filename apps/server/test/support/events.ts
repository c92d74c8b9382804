// Realistic Sentry events and envelopes for tests and the benchmark.

import { randomUUID } from 'node:crypto';
import type { HttpClient } from './app.ts';

export const newEventId = () => randomUUID().replaceAll('-', '');

export interface ErrorEventOptions {
  eventId?: string;
  type?: string;
  value?: string;
  fn?: string;
  file?: string;
  release?: string;
  environment?: string;
  userId?: string;
  level?: string;
  timestamp?: number;
}

/** A Node error event shaped like @sentry/node's, thrown from `fn` in `file`. */
export function errorEvent(o: ErrorEventOptions = {}): Record<string, unknown> {
  const fn = o.fn ?? 'checkout';
  const file = o.file ?? '/srv/shop/routes/checkout.js';
  return {
    event_id: o.eventId ?? newEventId(),
    timestamp: (o.timestamp ?? Date.now()) / 1000,
    platform: 'node',
    level: o.level ?? 'error',
    release: o.release ?? 'shop@1.4.2',
    environment: o.environment ?? 'production',
    ...(o.userId ? { user: { id: o.userId, email: `${o.userId}@example.com` } } : {}),
    tags: { route: '/checkout' },
    exception: {
      values: [
        {
          type: o.type ?? 'TypeError',
          value: o.value ?? "Cannot read properties of undefined (reading 'id')",
          mechanism: { type: 'onuncaughtexception', handled: false },
          stacktrace: {
            frames: [
              {
                filename: 'node:internal/process/task_queues',
                function: 'process.processTicksAndRejections',
                lineno: 95,
                colno: 5,
                in_app: false,
              },
              {
                filename: '/srv/shop/node_modules/express/lib/router/layer.js',
                module: 'express.lib.router:layer',
                function: 'Layer.handle [as handle_request]',
                lineno: 95,
                colno: 5,
                in_app: false,
              },
              {
                filename: file,
                module: file
                  .replace(/^\/srv\/shop\//, '')
                  .replace(/\.js$/, '')
                  .replaceAll('/', ':'),
                function: fn,
                lineno: 42,
                colno: 17,
                in_app: true,
                context_line: '    const id = order.customer.id;',
              },
            ],
          },
        },
      ],
    },
    sdk: { name: 'sentry.javascript.node', version: '11.12.0' },
  };
}

/** An envelope carrying the event, as the SDKs send it. */
export function envelopeOf(event: Record<string, unknown>, dsn?: string): string {
  const header = { event_id: event.event_id, sent_at: new Date().toISOString(), ...(dsn ? { dsn } : {}) };
  return `${JSON.stringify(header)}\n${JSON.stringify({ type: 'event' })}\n${JSON.stringify(event)}\n`;
}

/** Posts an envelope to the project with its DSN's key, as an SDK would, and expects it accepted. */
export async function postEnvelope(
  vigie: HttpClient & { dsn: string; projectId: number },
  body: string,
): Promise<void> {
  const key = new URL(vigie.dsn).username;
  const response = await vigie.fetch(`/api/${vigie.projectId}/envelope/?sentry_key=${key}`, {
    method: 'POST',
    body,
  });
  if (response.status !== 200)
    throw new Error(`envelope answered ${response.status}: ${await response.text()}`);
}

/** Posts each event in its own envelope, as an SDK would, and expects each to be accepted. */
export async function sendEvents(
  vigie: HttpClient,
  projectId: number,
  dsnKey: string,
  events: Array<Record<string, unknown>>,
): Promise<void> {
  for (const event of events) {
    const response = await vigie.fetch(`/api/${projectId}/envelope/?sentry_key=${dsnKey}`, {
      method: 'POST',
      body: envelopeOf(event),
    });
    if (response.status !== 200)
      throw new Error(`envelope answered ${response.status}: ${await response.text()}`);
  }
}

export interface TransactionOptions {
  release?: string;
  environment?: string;
  /** Milliseconds since the epoch: when the request ended (default: now). */
  timestamp?: number;
  /** The trace's sample rate as the envelope header's dynamic sampling context carries it (a string). */
  sampleRate?: string;
}

/** A transaction as @sentry/node sends one for a traced request. */
export function transactionEvent(o: TransactionOptions = {}): Record<string, unknown> {
  const end = (o.timestamp ?? Date.now()) / 1000;
  return {
    type: 'transaction',
    event_id: newEventId(),
    transaction: 'GET /checkout',
    start_timestamp: end - 0.05,
    timestamp: end,
    platform: 'node',
    release: o.release ?? 'shop@1.0.0',
    environment: o.environment ?? 'production',
    contexts: {
      trace: {
        trace_id: newEventId(),
        span_id: newEventId().slice(0, 16),
        op: 'http.server',
        status: 'ok',
      },
    },
    spans: [],
    sdk: { name: 'sentry.javascript.node', version: '10.5.0' },
  };
}

/** An envelope carrying transactions of one trace, its sample rate in the header's `trace` when given. */
export function transactionEnvelope(
  transactions: Array<Record<string, unknown>>,
  sampleRate?: string,
): string {
  const first = transactions[0] ?? {};
  const trace = {
    trace_id: newEventId(),
    public_key: 'k',
    release: first.release,
    environment: first.environment,
    ...(sampleRate === undefined ? {} : { sample_rate: sampleRate, sampled: 'true' }),
  };
  const header = { event_id: first.event_id, sent_at: new Date().toISOString(), trace };
  return [
    JSON.stringify(header),
    ...transactions.flatMap((t) => [JSON.stringify({ type: 'transaction' }), JSON.stringify(t)]),
    '',
  ].join('\n');
}
