// Requests a careless client or an attacker might send to the ingest endpoints, as fast-check
// arbitraries: realistic events with values swapped at known paths (deep nesting, NUL, lone
// surrogates, huge and odd numbers…), envelopes with broken framing and odd items, every encoding
// (truncated, or with data after its end), keys missing, wrong or malformed, bytes flipped.

import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync, zstdCompressSync } from 'node:zlib';
import fc from 'fast-check';
import { errorEvent } from './events.ts';

/** One request, in inject()'s terms. */
export interface FuzzRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: Buffer;
}

/** Where the requests go: the project, and its valid key. */
export interface FuzzTarget {
  projectId: number;
  key: string;
}

type Json = Record<string, unknown>;

/** One date for the whole run, so a seed always makes the same bytes. */
const NOW_MS = Math.floor(Date.now() / 1000) * 1000;
const NOW = new Date(NOW_MS).toISOString();

/** One of `choices`, each as often as its weight. */
function weighted<T>(choices: ReadonlyArray<readonly [T, number]>): fc.Arbitrary<T> {
  return fc.oneof(...choices.map(([value, weight]) => ({ weight, arbitrary: fc.constant(value) })));
}

/** A marker that the serializer replaces by JSON text this many levels deep: JSON.stringify cannot write it. */
const DEEP = '__fuzz_deep_';
const deepMarker = fc.integer({ min: 2, max: 6000 }).map((levels) => `${DEEP}${levels}__`);

const oddStrings = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff lone',
  '💥🧨',
  '\r\n\t',
  '%zz',
  '%00',
  '__proto__',
  'constructor',
  '{{auto}}',
  'NaN',
  '-Infinity',
  'latest',
  '..',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '00000000-0000-0000-0000-000000000000',
  'x'.repeat(5000),
);
const oddNumbers = fc.constantFrom(
  0,
  -1,
  0.5,
  1e300,
  -1e300,
  2 ** 31,
  2 ** 53,
  Number.MAX_SAFE_INTEGER,
  1_700_000_000,
  253_402_300_800,
);
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 3, arbitrary: oddStrings },
  { weight: 2, arbitrary: oddNumbers },
  { weight: 1, arbitrary: deepMarker },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
);

/** Paths into an event where SDKs put data, each a place for a value of the wrong kind. */
const EVENT_PATHS: ReadonlyArray<ReadonlyArray<string | number>> = [
  ['event_id'],
  ['timestamp'],
  ['level'],
  ['platform'],
  ['release'],
  ['dist'],
  ['environment'],
  ['server_name'],
  ['transaction'],
  ['logger'],
  ['message'],
  ['logentry'],
  ['logentry', 'params'],
  ['fingerprint'],
  ['tags'],
  ['tags', 'route'],
  ['extra'],
  ['extra', 'payload'],
  ['contexts'],
  ['contexts', 'runtime'],
  ['contexts', 'app', 'state'],
  ['user'],
  ['user', 'id'],
  ['user', 'email'],
  ['user', 'ip_address'],
  ['user', 'data'],
  ['request'],
  ['request', 'url'],
  ['request', 'headers'],
  ['request', 'data'],
  ['request', 'env'],
  ['breadcrumbs'],
  ['breadcrumbs', 'values'],
  ['sdk'],
  ['threads'],
  ['exception'],
  ['exception', 'values'],
  ['exception', 'values', 0, 'type'],
  ['exception', 'values', 0, 'value'],
  ['exception', 'values', 0, 'mechanism'],
  ['exception', 'values', 0, 'stacktrace'],
  ['exception', 'values', 0, 'stacktrace', 'frames'],
  ['exception', 'values', 0, 'stacktrace', 'frames', 0, 'filename'],
  ['exception', 'values', 0, 'stacktrace', 'frames', 0, 'function'],
  ['exception', 'values', 0, 'stacktrace', 'frames', 0, 'lineno'],
  ['exception', 'values', 0, 'stacktrace', 'frames', 0, 'vars'],
  ['exception', 'values', 0, 'stacktrace', 'frames', 0, 'context_line'],
];

function setAt(root: Json, path: ReadonlyArray<string | number>, value: unknown): void {
  let holder: Record<string | number, unknown> = root;
  for (const step of path.slice(0, -1)) {
    const next = holder[step];
    if (typeof next !== 'object' || next === null) holder[step] = {};
    holder = holder[step] as Record<string | number, unknown>;
  }
  Object.defineProperty(holder, path.at(-1)!, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** JSON text of `value`, deep markers written out as real nesting. */
export function serialize(value: unknown): string {
  return JSON.stringify(value).replace(/"__fuzz_deep_(\d+)__"/g, (_, levels: string) => {
    const n = Number(levels);
    return `${'{"a":['.repeat(n)}1${']}'.repeat(n)}`;
  });
}

/** A realistic event with a few values replaced: JSON text. */
const mutatedEvent: fc.Arbitrary<string> = fc
  .tuple(fc.uuid(), fc.array(fc.tuple(fc.constantFrom(...EVENT_PATHS), anyValue), { maxLength: 4 }))
  .map(([id, swaps]) => {
    const event = errorEvent({ eventId: id.replaceAll('-', ''), userId: 'customer-1', timestamp: NOW_MS });
    for (const [path, value] of swaps) setAt(event, path, value);
    return serialize(event);
  });

const sessionItem = fc
  .record({
    sid: fc.oneof(fc.uuid(), anyValue),
    did: anyValue,
    status: fc.oneof(
      fc.constantFrom('ok', 'exited', 'crashed', 'abnormal', 'errored', 'unhandled'),
      anyValue,
    ),
    errors: fc.oneof(fc.nat(10), oddNumbers, anyValue),
    started: fc.oneof(fc.constant(NOW), oddNumbers, anyValue),
    timestamp: fc.oneof(fc.constant(NOW), oddNumbers, anyValue),
    duration: fc.oneof(fc.double(), oddNumbers),
    seq: fc.oneof(fc.nat(), oddNumbers),
    attrs: fc.record({ release: fc.oneof(fc.constant('shop@1.0.0'), anyValue), environment: anyValue }),
  })
  .map((session) => ['session', serialize(session)] as const);
const aggregatesItem = fc
  .record({
    attrs: fc.record({ release: fc.oneof(fc.constant('shop@1.0.0'), anyValue) }),
    aggregates: fc.array(
      fc.record({
        started: fc.oneof(fc.constant(NOW), oddNumbers),
        exited: fc.oneof(fc.nat(), oddNumbers),
        errored: fc.oneof(fc.nat(), oddNumbers),
        crashed: fc.oneof(fc.nat(), oddNumbers, anyValue),
      }),
      { maxLength: 3 },
    ),
  })
  .map((body) => ['sessions', serialize(body)] as const);
const clientReportItem = fc
  .record({
    timestamp: fc.oneof(oddNumbers, anyValue),
    discarded_events: fc.array(
      fc.record({
        reason: anyValue,
        category: fc.oneof(fc.constant('error'), anyValue),
        quantity: fc.oneof(fc.nat(), oddNumbers),
      }),
      { maxLength: 3 },
    ),
  })
  .map((body) => ['client_report', serialize(body)] as const);
const otherItem = fc.tuple(
  fc.constantFrom('attachment', 'transaction', 'replay_event', 'profile', 'check_in', 'x-unknown', ''),
  fc.oneof(fc.string({ maxLength: 200 }), mutatedEvent),
);

type Item = readonly [string, string];
const item: fc.Arbitrary<Item> = fc.oneof(
  { weight: 6, arbitrary: mutatedEvent.map((event) => ['event', event] as const) },
  { weight: 1, arbitrary: sessionItem },
  { weight: 1, arbitrary: aggregatesItem },
  { weight: 1, arbitrary: clientReportItem },
  { weight: 1, arbitrary: otherItem },
);

/** How an item declares its length: correctly, not at all, or wrongly. */
const lengthStyle = weighted([
  ['exact', 12],
  ['none', 12],
  ['short', 1],
  ['long', 1],
  ['negative', 1],
  ['text', 1],
]);

function itemLines(type: string, payload: string, style: string): string {
  const bytes = Buffer.byteLength(payload);
  const length = { exact: bytes, short: Math.max(0, bytes - 3), long: bytes + 50, negative: -1, text: '12' }[
    style
  ];
  return `${JSON.stringify({ type, ...(length === undefined ? {} : { length }) })}\n${payload}\n`;
}

/** Which key a request carries, and where. */
type KeyStyle = 'query' | 'header' | 'dsn' | 'wrong' | 'none' | 'malformed-dsn' | 'odd-query';
const keyStyle = weighted<KeyStyle>([
  ['query', 14],
  ['header', 3],
  ['dsn', 3],
  ['wrong', 1],
  ['none', 1],
  ['malformed-dsn', 1],
  ['odd-query', 1],
]);

function keyed(
  target: FuzzTarget,
  path: string,
  style: KeyStyle,
): { url: string; headers: Record<string, string>; dsn?: string } {
  const base = `/api/${target.projectId}/${path}/`;
  switch (style) {
    case 'query':
      return { url: `${base}?sentry_key=${target.key}&sentry_version=7`, headers: {} };
    case 'header':
      return { url: base, headers: { 'x-sentry-auth': `Sentry sentry_key=${target.key}, sentry_version=7` } };
    case 'dsn':
      return { url: base, headers: {}, dsn: `http://${target.key}@vigie.test/${target.projectId}` };
    case 'wrong':
      return { url: `${base}?sentry_key=0123456789abcdef0123456789abcdef`, headers: {} };
    case 'malformed-dsn':
      return { url: base, headers: {}, dsn: `http://%zz${target.key}@x/1` };
    case 'odd-query':
      return { url: `${base}?sentry_key=%00${target.key}&sentry_key=x`, headers: {} };
    case 'none':
      return { url: base, headers: {} };
  }
}

/** Content-Encoding applied to a body, sometimes damaged, sometimes a lie. */
const encoding = weighted([
  ['identity', 10],
  ['gzip', 3],
  ['deflate', 2],
  ['deflate-raw', 1],
  ['br', 2],
  ['zstd', 1],
  ['lie', 1],
]);
const damage = weighted([
  ['none', 17],
  ['truncate', 1],
  ['trailing', 1],
  ['twice', 1],
]);

function encode(body: Buffer, coding: string, harm: string): { body: Buffer; header: string | undefined } {
  const compress = {
    gzip: gzipSync,
    deflate: deflateSync,
    'deflate-raw': deflateRawSync,
    br: brotliCompressSync,
    zstd: zstdCompressSync,
  }[coding];
  if (coding === 'lie')
    return {
      body,
      header: harm === 'none' ? 'gzip' : ['__proto__', 'compress', 'gzip, identity, br'][harm.length % 3],
    };
  if (!compress) return { body, header: undefined };
  let wire = compress(body);
  if (harm === 'truncate') wire = wire.subarray(0, Math.max(1, wire.length >> 1));
  if (harm === 'trailing') wire = Buffer.concat([wire, Buffer.from('garbage')]);
  if (harm === 'twice') wire = Buffer.concat([wire, wire]);
  return { body: wire, header: coding === 'deflate-raw' ? 'deflate' : coding };
}

/** Flips, cuts or splices bytes: framing a parser must refuse without crashing. */
const byteDamage = fc.oneof(
  { weight: 9, arbitrary: fc.constant(null) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constantFrom('flip', 'cut', 'splice'), fc.nat(), fc.integer({ min: 0, max: 255 })),
  },
);

/** Mostly `usual` or absent, sometimes any value at all. */
const mostly = (usual: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constant(undefined) },
    { weight: 4, arbitrary: usual },
    { weight: 1, arbitrary: anyValue },
  );

function damageBytes(body: Buffer, hit: [string, number, number] | null): Buffer {
  if (!hit || body.length === 0) return body;
  const [kind, at, byte] = hit;
  const index = at % body.length;
  if (kind === 'cut') return body.subarray(0, index);
  const copy = Buffer.from(body);
  if (kind === 'flip') copy[index] = byte;
  else
    return Buffer.concat([
      copy.subarray(0, index),
      Buffer.from('\n{"type":"event","length":9}\n'),
      copy.subarray(index),
    ]);
  return copy;
}

/** An envelope request. */
export function envelopeRequest(target: FuzzTarget): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      items: fc.array(fc.tuple(item, lengthStyle), { minLength: 0, maxLength: 4 }),
      headerEventId: mostly(fc.uuid()),
      sentAt: mostly(fc.constant(NOW)),
      key: keyStyle,
      coding: encoding,
      harm: damage,
      bytes: byteDamage,
    })
    .map(({ items, headerEventId, sentAt, key, coding, harm, bytes }) => {
      const { url, headers, dsn } = keyed(target, 'envelope', key);
      const header: Json = {};
      if (headerEventId !== undefined) header.event_id = headerEventId;
      if (sentAt !== undefined) header.sent_at = sentAt;
      if (dsn) header.dsn = dsn;
      const text =
        serialize(header) +
        '\n' +
        items.map(([[type, payload], style]) => itemLines(type, payload, style)).join('');
      const encoded = encode(damageBytes(Buffer.from(text), bytes), coding, harm);
      if (encoded.header) headers['content-encoding'] = encoded.header;
      return { method: 'POST', url, headers, body: encoded.body } satisfies FuzzRequest;
    });
}

/** A legacy store request: JSON, base64, base64 of zlib, or the GET form with sentry_data. */
export function storeRequest(target: FuzzTarget): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      event: mutatedEvent,
      form: fc.constantFrom('json', 'json', 'base64', 'base64-zlib', 'get', 'garbage'),
      key: keyStyle,
      coding: encoding,
      harm: damage,
      bytes: byteDamage,
    })
    .map(({ event, form, key, coding, harm, bytes }) => {
      const { url, headers } = keyed(
        target,
        'store',
        key === 'dsn' || key === 'malformed-dsn' ? 'none' : key,
      );
      const raw = Buffer.from(event);
      if (form === 'get') {
        const glue = url.includes('?') ? '&' : '?';
        return {
          method: 'GET',
          url: `${url}${glue}sentry_data=${encodeURIComponent(event.slice(0, 6000))}`,
          headers,
        };
      }
      const payload = {
        json: raw,
        base64: Buffer.from(raw.toString('base64')),
        'base64-zlib': Buffer.from(deflateSync(raw).toString('base64')),
        garbage: Buffer.from(raw.toString('base64').slice(3)),
      }[form]!;
      const encoded = encode(damageBytes(payload, bytes), coding, harm);
      if (encoded.header) headers['content-encoding'] = encoded.header;
      return { method: 'POST', url, headers, body: encoded.body } satisfies FuzzRequest;
    });
}
