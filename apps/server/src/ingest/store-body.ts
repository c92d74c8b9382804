// Decodes the event carried by the legacy /store/ endpoint: plain JSON, base64 JSON, or base64 of zlib-deflated
// JSON (raven-ruby, old raven-js); the same rules as Relay's `decode_bytes`, with the event size limit enforced
// while inflating.

import zlib from 'node:zlib';
import { VigieError } from '../errors.ts';
import { parsePayloadJson } from '../storage/payload-json.ts';
import { formatBytes, INGEST_LIMITS } from './limits.ts';

const OPEN_BRACE = 0x7b;
const BASE64_TEXT = /^[A-Za-z0-9+/\-_\s]*={0,2}\s*$/;

/** The event of a POST /api/{id}/store/ body (already freed of its Content-Encoding by `readBody`). */
export function decodeStoreBody(body: Buffer, maxEventBytes: number = INGEST_LIMITS.maxEventBytes): unknown {
  return decodeEvent(body, 'body', maxEventBytes);
}

/**
 * The event of GET /api/{id}/store/?sentry_data=… (the query value, already percent-decoded). A form decoder
 * turns "+" into a space, so spaces are put back before reading base64.
 */
export function decodeStoreQuery(
  sentryData: string,
  maxEventBytes: number = INGEST_LIMITS.maxEventBytes,
): unknown {
  const text = sentryData.trimStart().startsWith('{') ? sentryData : sentryData.replaceAll(' ', '+');
  return decodeEvent(Buffer.from(text, 'utf8'), 'sentry_data', maxEventBytes);
}

function decodeEvent(raw: Buffer, what: string, maxEventBytes: number): unknown {
  const start = firstNonSpace(raw);
  if (start === raw.length) {
    throw new VigieError('invalid_json', { message: `The ${what} is empty; expected a JSON event.` });
  }
  if (raw[start] === OPEN_BRACE) return parseEventJson(checkSize(raw, what, maxEventBytes), what);

  const text = raw.toString('latin1');
  if (!BASE64_TEXT.test(text)) {
    // Neither JSON nor base64: report it as the JSON it most likely tried to be.
    return parseEventJson(raw, what);
  }
  const binary = Buffer.from(text, 'base64');
  const binaryStart = firstNonSpace(binary);
  if (binary[binaryStart] === OPEN_BRACE) return parseEventJson(checkSize(binary, what, maxEventBytes), what);

  let inflated: Buffer;
  try {
    // unzipSync accepts zlib (what Relay reads) and gzip; maxOutputLength stops a bomb after the limit.
    inflated = zlib.unzipSync(binary, { maxOutputLength: maxEventBytes });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      throw eventTooLarge(what, maxEventBytes);
    throw new VigieError('bad_compression', {
      message: `The ${what} is base64 but not of JSON or zlib-compressed JSON: ${(error as Error).message}.`,
    });
  }
  return parseEventJson(inflated, what);
}

/**
 * Parses an event's JSON, which must be an object. Python's json module writes NaN and Infinity for
 * non-finite floats (Relay rewrites them for raven-python), so on failure those bare tokens become null.
 */
export function parseEventJson(bytes: Buffer, what = 'event'): Record<string, unknown> {
  const text = bytes.toString('utf8');
  let value: unknown;
  try {
    value = parsePayloadJson(text);
  } catch (error) {
    const repaired = replaceNonFiniteNumbers(text);
    if (repaired === text) throw notJson(what, error);
    try {
      value = parsePayloadJson(repaired);
    } catch {
      throw notJson(what, error);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    throw new VigieError('invalid_json', {
      message: `The ${what} is JSON but not an object (got ${got}); expected a Sentry event.`,
    });
  }
  return value as Record<string, unknown>;
}

/** Replaces NaN, Infinity and -Infinity outside strings with null; returns the text unchanged if none. */
function replaceNonFiniteNumbers(text: string): string {
  if (!/NaN|Infinity/.test(text)) return text;
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') {
        out += char + (text[i + 1] ?? '');
        i++;
        continue;
      }
      if (char === '"') inString = false;
      out += char;
      continue;
    }
    if (char === '"') inString = true;
    const token =
      char === 'N' || char === 'I' || char === '-'
        ? /^-?(?:NaN|Infinity)/.exec(text.slice(i, i + 9))?.[0]
        : undefined;
    if (token) {
      out += 'null';
      i += token.length - 1;
      continue;
    }
    out += char;
  }
  return out;
}

function checkSize(bytes: Buffer, what: string, maxEventBytes: number): Buffer {
  if (bytes.length > maxEventBytes) throw eventTooLarge(what, maxEventBytes);
  return bytes;
}

function eventTooLarge(what: string, maxEventBytes: number): VigieError {
  return new VigieError(
    'payload_too_large',
    {
      message: `The event in the ${what} is larger than ${formatBytes(maxEventBytes)} once decoded, the limit for one event.`,
    },
    { limit: 'event', maxBytes: maxEventBytes },
  );
}

/** The 400 for a payload (`what`: "body", "session update"…) that JSON.parse refused with `error`. */
export function notJson(what: string, error: unknown): VigieError {
  return new VigieError('invalid_json', { message: `The ${what} is not JSON: ${(error as Error).message}.` });
}

function firstNonSpace(bytes: Buffer): number {
  let i = 0;
  while (
    i < bytes.length &&
    (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)
  )
    i++;
  return i;
}
