// Parses a Sentry envelope (develop.sentry.dev/sdk/data-model/envelopes/): a JSON header line, then items made
// of a JSON item-header line and a payload, with the framing rules and size limits Relay applies.

import { type ErrorDetails, VigieError } from '../errors.ts';
import { jsonPreview } from '../grouping/databag.ts';
import { formatBytes, INGEST_LIMITS } from './limits.ts';

export interface EnvelopeHeaders {
  event_id?: string;
  dsn?: string;
  sent_at?: string;
  sdk?: unknown;
  [k: string]: unknown;
}

export interface EnvelopeItem {
  type: string;
  /** The whole item header, `type` and `length` included. */
  headers: Record<string, unknown>;
  /** A view into the envelope body (no copy). */
  payload: Buffer;
}

export interface Envelope {
  headers: EnvelopeHeaders;
  items: EnvelopeItem[];
}

export type EnvelopeLimits = Pick<
  typeof INGEST_LIMITS,
  'maxEventBytes' | 'maxAttachmentBytes' | 'maxSessionItemsPerEnvelope' | 'maxClientReportBytes'
>;

/** Item types Relay counts against the event size limit, alone and summed over the envelope. */
export const EVENT_ITEM_TYPES: ReadonlySet<string> = new Set([
  'event',
  'transaction',
  'security',
  'raw_security',
  'nel',
  'replay_event',
  'user_report_v2',
  'form_data',
]);

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Throws 400 `invalid_envelope` naming the item (1-based) and what is wrong, or 413 `payload_too_large` when an
 * item breaks a size limit. Items of unknown types are kept for the caller to skip.
 */
export function parseEnvelope(body: Buffer, limits: EnvelopeLimits = INGEST_LIMITS): Envelope {
  // Like Relay's JSON stream reader, whitespace (blank lines included) before a header is skipped.
  let pos = skipWhitespace(body, 0);
  if (pos === body.length) throw invalid('The envelope is empty; expected a JSON header line.');
  const end = lineEnd(body, pos);
  const headers = readEnvelopeHeader(body, pos, end);

  const items: EnvelopeItem[] = [];
  pos = skipWhitespace(body, end + 1);
  while (pos < body.length) {
    const { item, next } = readItem(body, pos, items.length + 1);
    items.push(item);
    pos = skipWhitespace(body, next);
  }

  checkEnvelopeLimits(items, limits);
  return { headers, items };
}

/** Fields Relay reads in an envelope header; any other names a field of something else, an event most likely. */
const ENVELOPE_HEADER_FIELDS: ReadonlySet<string> = new Set(['event_id', 'dsn', 'sdk', 'sent_at', 'trace']);

/**
 * An envelope without items stores nothing, so it is refused with 400 rather than acknowledged, as Relay
 * refuses it ("empty envelope", getsentry/relay#937); SDKs never send one. The usual cause is a bare event
 * posted to the envelope endpoint, whose one JSON line then reads as the envelope header: that is said.
 */
export function requireItems(envelope: Envelope, projectId: string): void {
  if (envelope.items.length > 0) return;
  const others = Object.keys(envelope.headers).filter((field) => !ENVELOPE_HEADER_FIELDS.has(field));
  if (others.length > 0) {
    throw invalid(
      `The body is one JSON object (with ${others
        .slice(0, 3)
        .map((f) => `"${f}"`)
        .join(', ')}), not an envelope: an envelope is a header line, then items, ` +
        'each an item header line such as {"type":"event"} and its payload. Post a bare event to ' +
        `/api/${projectId}/store/ instead, or wrap it in an envelope.`,
      { items: 0 },
    );
  }
  throw invalid(
    'The envelope has no items, so there is nothing to store: after its header line, send items.',
    {
      items: 0,
    },
  );
}

/** The envelope header alone, from its line (without the newline): 400 `invalid_envelope` if it is not one. */
export function parseEnvelopeHeader(line: Buffer): EnvelopeHeaders {
  const start = skipWhitespace(line, 0);
  if (start === line.length) throw invalid('The envelope is empty; expected a JSON header line.');
  return readEnvelopeHeader(line, start, line.length);
}

function readEnvelopeHeader(body: Buffer, start: number, end: number): EnvelopeHeaders {
  const headers = parseHeaderLine(body, start, end, undefined) as EnvelopeHeaders;
  for (const key of ['event_id', 'dsn', 'sent_at'] as const) {
    if (headers[key] !== undefined && typeof headers[key] !== 'string') {
      throw invalid(`The envelope header "${key}" must be a string, got ${jsonPreview(headers[key])}.`);
    }
  }
  return headers;
}

/** Reads the item whose header line starts at `pos`; returns it and where the next one may start. */
function readItem(body: Buffer, pos: number, number: number): { item: EnvelopeItem; next: number } {
  const end = lineEnd(body, pos);
  const headers = parseHeaderLine(body, pos, end, number);
  const { type, length } = headers;
  if (typeof type !== 'string' || type === '') {
    throw invalid(`Item ${number} has no "type" in its header.`, { item: number });
  }
  if (length !== undefined && length !== null && !(Number.isSafeInteger(length) && (length as number) >= 0)) {
    throw invalid(`Item ${number} (${type}) has an invalid "length": ${jsonPreview(length)}.`, {
      item: number,
    });
  }

  // The last header may end at EOF without a newline, so the payload may start past the end (empty).
  const payloadStart = Math.min(end + 1, body.length);
  if (typeof length !== 'number') {
    // Without a length the payload runs to the next newline or the end of the envelope.
    const payloadEnd = lineEnd(body, payloadStart);
    return {
      item: { type, headers, payload: body.subarray(payloadStart, payloadEnd) },
      next: payloadEnd + 1,
    };
  }
  const payloadEnd = payloadStart + length;
  if (payloadEnd > body.length) {
    const left = body.length - payloadStart;
    throw invalid(
      `Item ${number} (${type}) declares a length of ${length} bytes but only ${left} remain in the envelope.`,
      { item: number },
    );
  }
  // A "\r\n" after the payload breaks the spec (Relay rejects it), but the framing stays unambiguous, so an
  // envelope written with Windows line endings is accepted.
  let after = payloadEnd;
  if (body[after] === CARRIAGE_RETURN && body[after + 1] === NEWLINE) after++;
  if (after < body.length && body[after] !== NEWLINE) {
    const message = `Item ${number} (${type}) is not followed by a newline after its ${length}-byte payload.`;
    throw invalid(message, { item: number });
  }
  return { item: { type, headers, payload: body.subarray(payloadStart, payloadEnd) }, next: after + 1 };
}

/** Relay's `check_envelope_size_limits`: one oversized item makes the whole envelope a 413. */
export function checkEnvelopeLimits(items: readonly EnvelopeItem[], limits: EnvelopeLimits): void {
  let eventBytes = 0;
  let sessionItems = 0;
  let clientReportBytes = 0;
  items.forEach((item, index) => {
    const size = item.payload.length;
    if (EVENT_ITEM_TYPES.has(item.type)) {
      if (size > limits.maxEventBytes) throw itemTooLarge(index + 1, item, limits.maxEventBytes, 'one event');
      eventBytes += size;
    } else if (item.type === 'attachment' && size > limits.maxAttachmentBytes) {
      throw itemTooLarge(index + 1, item, limits.maxAttachmentBytes, 'one attachment');
    } else if (item.type === 'session' || item.type === 'sessions') {
      sessionItems++;
    } else if (item.type === 'client_report') {
      clientReportBytes += size;
    }
  });
  if (eventBytes > limits.maxEventBytes) {
    throw tooLarge(
      `The events in this envelope add up to ${eventBytes} bytes, over the ${formatBytes(limits.maxEventBytes)} limit for events in one envelope.`,
      { limit: 'event', maxBytes: limits.maxEventBytes },
    );
  }
  if (sessionItems > limits.maxSessionItemsPerEnvelope) {
    throw tooLarge(
      `This envelope has ${sessionItems} session items, over the limit of ${limits.maxSessionItemsPerEnvelope} per envelope.`,
      { limit: 'session_count', max: limits.maxSessionItemsPerEnvelope },
    );
  }
  if (clientReportBytes > limits.maxClientReportBytes) {
    throw tooLarge(
      `The client reports in this envelope add up to ${clientReportBytes} bytes, over the ${formatBytes(limits.maxClientReportBytes)} limit.`,
      { limit: 'client_report', maxBytes: limits.maxClientReportBytes },
    );
  }
}

function parseHeaderLine(
  body: Buffer,
  start: number,
  end: number,
  itemNumber: number | undefined,
): Record<string, unknown> {
  const what = itemNumber === undefined ? 'The envelope header' : `The header of item ${itemNumber}`;
  const details = itemNumber === undefined ? undefined : { item: itemNumber };
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8', start, end));
  } catch (error) {
    throw invalid(`${what} is not valid JSON: ${(error as Error).message}.`, details);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(`${what} must be a JSON object, got ${jsonPreview(value)}.`, details);
  }
  return value as Record<string, unknown>;
}

function itemTooLarge(number: number, item: EnvelopeItem, max: number, what: string): VigieError {
  return tooLarge(
    `Item ${number} (${item.type}) is ${item.payload.length} bytes, over the ${formatBytes(max)} limit for ${what}.`,
    { item: number, type: item.type, maxBytes: max },
  );
}

function tooLarge(message: string, details: ErrorDetails): VigieError {
  return new VigieError('payload_too_large', { message }, details);
}

function invalid(message: string, details?: ErrorDetails): VigieError {
  return new VigieError('invalid_envelope', { message }, details);
}

function lineEnd(body: Buffer, from: number): number {
  const index = body.indexOf(NEWLINE, from);
  return index === -1 ? body.length : index;
}

function skipWhitespace(body: Buffer, from: number): number {
  let i = from;
  while (
    i < body.length &&
    (body[i] === 0x20 || body[i] === 0x09 || body[i] === NEWLINE || body[i] === CARRIAGE_RETURN)
  ) {
    i++;
  }
  return i;
}
