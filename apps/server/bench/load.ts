// Realistic ingest load for the benchmark: envelopes derived from the real-client captures, with
// many distinct issues (throw sites), ids varying inside messages, and many users.

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { REAL_CLIENT_FIXTURES } from '../test/support/fixtures.ts';

function fixtureBodies(name: string): Buffer[] {
  return readFileSync(new URL(`${name}.jsonl`, REAL_CLIENT_FIXTURES), 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const request = JSON.parse(line) as { headers: Record<string, string>; body: string };
      const body = Buffer.from(request.body, 'base64');
      return request.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
    });
}

type Json = Record<string, unknown>;

/** Event payloads from the captures: the node TypeError and message events, and the python KeyError. */
function templates(): Json[] {
  const node = fixtureBodies('sentry-javascript-node-11.12.0')
    .map((b) => b.toString('utf8').split('\n'))
    .filter((lines) => lines[1]?.includes('"event"'))
    .map((lines) => JSON.parse(lines[2]!) as Json);
  const python = fixtureBodies('sentry-python-1.9.10').map((b) => JSON.parse(b.toString('utf8')) as Json);
  return [...node, ...python];
}

interface Frame {
  function?: string;
  filename?: string;
  module?: string;
  in_app?: boolean;
  lineno?: number;
}

/** A generator of unique envelopes spread over `distinctIssues` throw sites. */
export function envelopeFactory(distinctIssues: number): () => string {
  const bases = templates();
  let n = 0;
  return () => {
    n += 1;
    const base = bases[n % bases.length]!;
    const site = (n * 7919) % distinctIssues;
    const event = structuredClone(base) as Json & {
      exception?: { values: Array<Json & { stacktrace?: { frames: Frame[] } }> };
    };
    event.event_id = randomUUID().replaceAll('-', '');
    event.timestamp = Date.now() / 1000;
    event.user = { id: `u-${n % 5000}`, email: `customer${n % 5000}@example.com` };
    for (const exception of event.exception?.values ?? []) {
      exception.value = `Cannot read properties of undefined (reading 'number') for order ${100000 + n}`;
      for (const frame of exception.stacktrace?.frames ?? []) {
        if (frame.in_app) {
          frame.function = `${frame.function ?? 'handler'}_${site}`;
          frame.lineno = (frame.lineno ?? 1) + (n % 13);
        }
      }
    }
    const header = { event_id: event.event_id, sent_at: new Date().toISOString(), sdk: base.sdk };
    return `${JSON.stringify(header)}\n{"type":"event"}\n${JSON.stringify(event)}\n`;
  };
}

/**
 * `count` envelopes made ahead of a timed phase: building an envelope costs about half of what the
 * load generator spends per request, CPU that the server under test would otherwise lose on this
 * shared machine. Past them, `cycle` sends them again (for a server that does not deduplicate);
 * otherwise more are made on the fly.
 */
export function envelopeSource(
  distinctIssues: number,
  count: number,
  options: { cycle: boolean; make?: () => string },
): { next: () => string; ranOut: () => boolean } {
  const make = options.make ?? envelopeFactory(distinctIssues);
  const made = Array.from({ length: count }, make);
  let used = 0;
  let madeLate = 0;
  return {
    next: () => {
      if (used < made.length) return made[used++]!;
      if (options.cycle) return made[used++ % made.length]!;
      madeLate += 1;
      return make();
    },
    ranOut: () => madeLate > 0,
  };
}

/** A minified build whose source maps were uploaded: where its bugs' frames are in the bundle. */
export interface MinifiedShop {
  /** The bundle's URL as browsers load it. */
  scriptUrl: string;
  debugId: string;
  release: string;
  /** Generated positions (1-based line and column) of a handler and of the throw it calls. */
  sites: Array<{ handler: { line: number; column: number }; thrower: { line: number; column: number } }>;
}

/**
 * Browser error events as @sentry/browser sends them from a minified bundle (debug ids listed in
 * debug_meta), spread over `distinctIssues` exception types so the issue count matches the plain load.
 */
export function browserEnvelopeFactory(distinctIssues: number, shop: MinifiedShop): () => string {
  let n = 0;
  return () => {
    n += 1;
    const site = shop.sites[n % shop.sites.length]!;
    const kind = (n * 7919) % distinctIssues;
    const frame = (at: { line: number; column: number }, fn: string) => ({
      filename: shop.scriptUrl,
      function: fn,
      lineno: at.line,
      colno: at.column,
      in_app: true,
    });
    const event = {
      event_id: randomUUID().replaceAll('-', ''),
      timestamp: Date.now() / 1000,
      platform: 'javascript',
      level: 'error',
      release: shop.release,
      environment: 'production',
      request: { url: 'https://shop.example.com/checkout', headers: { 'User-Agent': BROWSER_UA } },
      user: { id: `u-${n % 5000}` },
      exception: {
        values: [
          {
            type: `TypeError${kind}`,
            value: `Cannot read properties of undefined (reading 'reduce') for order ${100000 + n}`,
            mechanism: { type: 'auto.browser.browserapierrors.addEventListener', handled: false },
            stacktrace: { frames: [frame(site.handler, 'HTMLButtonElement.i'), frame(site.thrower, 'Tu')] },
          },
        ],
      },
      debug_meta: { images: [{ type: 'sourcemap', code_file: shop.scriptUrl, debug_id: shop.debugId }] },
      sdk: { name: 'sentry.javascript.browser', version: '11.17.0', settings: { infer_ip: 'auto' } },
    };
    const header = { event_id: event.event_id, sent_at: new Date().toISOString(), sdk: event.sdk };
    return `${JSON.stringify(header)}\n{"type":"event"}\n${JSON.stringify(event)}\n`;
  };
}

const BROWSER_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
