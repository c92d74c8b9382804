// Small readers that turn untrusted JSON values into one type or null, the way Relay tolerates
// what SDKs send: a value of the wrong type is dropped rather than failing the whole event.

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asObject(value: unknown): JsonObject | null {
  return isObject(value) ? value : null;
}

/** Cuts a string to `max` characters (code points, so an emoji is never split), marking the cut. */
export function truncate(value: string, max: number): string {
  if (value.length <= max) return value;
  const chars = Array.from(value);
  if (chars.length <= max) return value;
  return `${chars.slice(0, Math.max(0, max - 3)).join('')}...`;
}

/** A trimmed, non-empty string of at most `max` characters, or null. */
export function asString(value: unknown, max: number): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : truncate(trimmed, max);
}

/** Like `asString`, but numbers and booleans are accepted and written out, as Relay's LenientString does. */
export function asLenientString(value: unknown, max: number): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return truncate(String(value), max);
  if (typeof value === 'boolean') return String(value);
  return asString(value, max);
}

/** A one-line identifier (logger, release, environment): values holding line breaks are refused. */
export function asSingleLine(value: unknown, max: number): string | null {
  const text = asLenientString(value, max);
  return text !== null && /[\r\n\t]/.test(text) ? null : text;
}

export function asInteger(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return Number.parseInt(value, 10);
  return null;
}

export function asBoolean(value: unknown): boolean | null {
  return typeof value === 'boolean' ? value : null;
}

export function asStringList(value: unknown, maxItemChars: number): string[] | null {
  if (!Array.isArray(value)) return null;
  const out: string[] = [];
  for (const item of value) {
    if (typeof item === 'string') out.push(truncate(item, maxItemChars));
  }
  return out;
}

/**
 * Relay's `Values<T>`: SDKs send a list either bare (`[…]`), wrapped (`{"values": […]}`) or, in
 * old protocol versions, as a single object meaning a list of one.
 */
export function asValues(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (!isObject(value)) return [];
  if ('values' in value) return Array.isArray(value.values) ? value.values : [];
  return [value];
}

/** Key/value pairs from either an object or a list of two-element lists (tags, headers, cookies). */
export function asPairs(value: unknown): Array<[string, unknown]> {
  if (isObject(value)) return Object.entries(value);
  if (!Array.isArray(value)) return [];
  const out: Array<[string, unknown]> = [];
  for (const item of value) {
    if (Array.isArray(item) && item.length === 2 && typeof item[0] === 'string') out.push([item[0], item[1]]);
  }
  return out;
}

/** The first field present among a canonical key and its legacy `sentry.interfaces.*` aliases. */
export function pick(raw: JsonObject, keys: readonly string[]): unknown {
  for (const key of keys) {
    const value = raw[key];
    if (value !== undefined && value !== null) return value;
  }
  return undefined;
}
