// Grouping at parity with Sentry (version 2): stack traces without in-app frames group by all
// their frames, synthetic exceptions without a message by type and value, library frames are not
// in-app whatever an old SDK said, and each event carries the hash version 1 gave it when it differs.
// Real payloads (test/fixtures/real-clients, decoded into testdata/) are the starting point.

import { describe, expect, it } from 'vitest';
import type { JsonObject } from './coerce.ts';
import { CURRENT_GROUPING, fingerprintBy, fingerprintEvent } from './fingerprint.ts';
import { normalizeEvent } from './normalize.ts';
import ruby from './testdata/raven-ruby-3.1.2.json' with { type: 'json' };
import python from './testdata/sentry-python-1.9.10.json' with { type: 'json' };

const ctx = { receivedAtMs: Date.UTC(2026, 10, 25, 0, 26, 50), clockDriftMs: 0 };

type Frame = Record<string, unknown>;
/** The real payload with its exception's value and frames changed as `edit` says. */
function variant(payload: unknown, edit: (frames: Frame[]) => Frame[], value?: string): JsonObject {
  const copy = structuredClone(payload) as JsonObject;
  const exception = copy.exception as
    | { values?: Array<Record<string, unknown>> }
    | Array<Record<string, unknown>>;
  const values = Array.isArray(exception) ? exception : exception.values!;
  for (const v of values) {
    const stack = v.stacktrace as { frames: Frame[] };
    stack.frames = edit(stack.frames);
    if (value !== undefined) v.value = value;
  }
  return copy;
}
const notInApp = (frames: Frame[]) => frames.map((f) => ({ ...f, in_app: false }));
const hashOf = (raw: JsonObject) => fingerprintEvent(normalizeEvent(raw, ctx)).hash;
/** The throw site moved: another function, another line. */
const elsewhere = (frames: Frame[]) =>
  frames.map((f, i) => (i === frames.length - 1 ? { ...f, function: 'release_movie', lineno: 31 } : f));

describe('stack traces with no frame in-app (real Ruby and Python payloads)', () => {
  for (const [name, payload] of [
    ['raven-ruby 3.1.2', ruby],
    ['sentry-python 1.9.10', python],
  ] as const) {
    it(`${name}: same throw site together whatever the message, another throw site apart`, () => {
      const first = hashOf(variant(payload, notInApp, 'for movie 1'));
      const again = hashOf(variant(payload, notInApp, 'for movie 2, another value'));
      const other = hashOf(variant(payload, (f) => elsewhere(notInApp(f)), 'for movie 1'));
      expect(again).toBe(first);
      expect(other).not.toBe(first);
      const fingerprint = fingerprintEvent(normalizeEvent(variant(payload, notInApp), ctx));
      expect(fingerprint.strategy).toBe('system');
      expect(fingerprint.components.filter((c) => c.id === 'frame')).toHaveLength(2);
    });
  }
});

describe('synthetic exceptions without a message (non-Error values rejected)', () => {
  // As @sentry/browser and @sentry/node send `Promise.reject({status: 503})`: no stack trace, no message.
  const rejection = (keys: string) => ({
    platform: 'javascript',
    exception: {
      values: [
        {
          type: 'UnhandledRejection',
          value: `Object captured as promise rejection with keys: ${keys}`,
          mechanism: {
            type: 'auto.browser.global_handlers.onunhandledrejection',
            handled: false,
            synthetic: true,
          },
        },
      ],
    },
  });

  it('groups them by type and value, so unrelated rejections stay apart', () => {
    const status = fingerprintEvent(normalizeEvent(rejection('status'), ctx));
    const field = fingerprintEvent(normalizeEvent(rejection('field'), ctx));
    expect(status.strategy).toBe('exception');
    expect(status.components).toEqual([
      expect.objectContaining({ id: 'exception.type', value: 'UnhandledRejection' }),
      expect.objectContaining({
        id: 'exception.value',
        value: 'Object captured as promise rejection with keys: status',
      }),
    ]);
    expect(field.hash).not.toBe(status.hash);
    expect(fingerprintEvent(normalizeEvent(rejection('status'), ctx)).hash).toBe(status.hash);
    // Version 1 put every one of them in `<empty event>`.
    expect(fingerprintBy(normalizeEvent(rejection('field'), ctx), 1).strategy).toBe('fallback');
  });

  it("groups @sentry/node's, whose stack trace is the SDK's handler under Node's internals, the same way", () => {
    // As @sentry/node 11 sends them: the same frames, none in-app, for every rejection.
    const handler = (file: string, fn: string, lineno: number) => ({
      filename: file,
      function: fn,
      lineno,
      in_app: false,
    });
    const nodeRejection = (keys: string) => ({
      platform: 'node',
      exception: {
        values: [
          {
            type: 'Error',
            value: `Object captured as exception with keys: ${keys}`,
            mechanism: { type: 'auto.node.onunhandledrejection', handled: false, synthetic: true },
            stacktrace: {
              frames: [
                handler('node:internal/process/task_queues', 'process.processTicksAndRejections', 106),
                handler('node:internal/process/promises', 'processPromiseRejections', 475),
                handler('node:events', 'process.emit', 514),
                handler(
                  '/app/node_modules/@sentry/node/build/esm/integrations/onunhandledrejection.js',
                  'process.sendUnhandledPromise',
                  57,
                ),
              ],
            },
          },
        ],
      },
    });
    const status = fingerprintEvent(normalizeEvent(nodeRejection('status'), ctx));
    const field = fingerprintEvent(normalizeEvent(nodeRejection('field'), ctx));
    expect(status.strategy).toBe('exception');
    expect(status.components.at(-1)).toMatchObject({
      value: 'Object captured as exception with keys: status',
    });
    expect(field.hash).not.toBe(status.hash);
  });
});

describe('server-side in-app rules', () => {
  // Debian's sentry-sdk 1.9 marks Flask's frames in-app; sentry-sdk 2 does not.
  const flaskFrame = {
    filename: 'flask/app.py',
    abs_path: '/usr/lib/python3/dist-packages/flask/app.py',
    module: 'flask.app',
    function: 'dispatch_request',
    lineno: 1523,
  };
  const withFlask = (inApp: boolean) =>
    variant(python, (frames) => [{ ...flaskFrame, in_app: inApp }, ...frames]);

  it('takes in-app away from library frames, keeping what the SDK said', () => {
    const event = normalizeEvent(withFlask(true), ctx);
    expect(event.exceptions[0]!.frames[0]).toMatchObject({
      module: 'flask.app',
      inApp: false,
      sdkInApp: true,
    });
    expect(event.exceptions[0]!.frames.at(-1)).toMatchObject({ inApp: true });
  });

  it("groups an old SDK's event as a new SDK's for the same bug", () => {
    expect(hashOf(withFlask(true))).toBe(hashOf(withFlask(false)));
  });

  it('reads the standard library, packages and runtimes of each platform', () => {
    const inApp = (platform: string, frame: Frame) =>
      normalizeEvent(
        {
          platform,
          exception: { values: [{ type: 'E', stacktrace: { frames: [{ ...frame, in_app: true }] } }] },
        },
        ctx,
      ).exceptions[0]!.frames[0]!.inApp;
    expect(inApp('python', { abs_path: '/usr/lib/python3.12/threading.py', function: 'run' })).toBe(false);
    expect(inApp('ruby', { abs_path: '/usr/lib/ruby/3.2.0/net/http.rb', function: 'request' })).toBe(false);
    expect(
      inApp('ruby', {
        abs_path: '/app/vendor/bundle/ruby/3.2.0/gems/rack-3.0/lib/rack.rb',
        function: 'call',
      }),
    ).toBe(false);
    expect(inApp('node', { filename: 'node:internal/process/task_queues', function: 'processTicks' })).toBe(
      false,
    );
    expect(
      inApp('node', { filename: '/srv/app/node_modules/express/lib/router.js', function: 'handle' }),
    ).toBe(false);
    expect(
      inApp('php', { filename: '/var/www/vendor/laravel/framework/src/Router.php', function: 'dispatch' }),
    ).toBe(false);
    expect(inApp('java', { module: 'java.util.concurrent.FutureTask', function: 'run' })).toBe(false);
    expect(inApp('python', { abs_path: '/srv/billing/invoices.py', function: 'load_invoice' })).toBe(true);
    expect(inApp('ruby', { abs_path: '/app/app/models/movie.rb', function: 'finish' })).toBe(true);
  });
});

describe('the grouping version', () => {
  it('is 2 for new issues, and an event whose version-1 hash differs carries it', () => {
    expect(CURRENT_GROUPING).toBe(2);
    const event = normalizeEvent(variant(ruby, notInApp), ctx);
    expect(fingerprintEvent(event).secondaryHash).toBe(fingerprintBy(event, 1).hash);
    // Where both versions agree (in-app frames), no second hash: ingest looks nothing more up.
    expect(fingerprintEvent(normalizeEvent(structuredClone(python), ctx)).secondaryHash).toBeUndefined();
  });
});
