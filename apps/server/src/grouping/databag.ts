// Free-form data in an event (extra, contexts, user data, frame variables, request bodies…) cut to
// a bounded depth the way Relay trims its data bags, so nothing an SDK sends can make an event too
// deep to serialize or to walk: the last level kept holds what was below it as JSON text.

import { isObject, type JsonObject, truncate } from './coerce.ts';

/** Levels of structure kept in a bag, Relay's `BagSize::max_depth` (relay-event-schema). */
export const BAG_DEPTH = { small: 3, medium: 5, large: 7 } as const;

/** The longest JSON text a cut container becomes: Relay's large bag, 8 KiB. */
const MAX_TEXT_CHARS = 8192;
/** Levels written out in such a text; containers below them are written as "...". */
const TEXT_LEVELS = 16;

/**
 * `value` with every container at level `maxDepth - 1` below it (the value itself is level 0)
 * replaced by its JSON text, as Relay does; the value itself when nothing is that deep.
 *
 * @example trimDatabag({ a: { b: { c: 1 } } }, 3) // { a: { b: '{"c":1}' } }
 */
export function trimDatabag(value: unknown, maxDepth: number): unknown {
  return reaches(value, maxDepth - 1) ? cutAt(value, 0, maxDepth - 1) : value;
}

/** `trimDatabag` of an object, which stays one (`maxDepth` is at least 2). */
export function trimObjectBag(value: JsonObject, maxDepth: number): JsonObject {
  return trimDatabag(value, Math.max(2, maxDepth)) as JsonObject;
}

/**
 * JSON text of any JSON value, however deep, at most `maxChars` long (cut with "..."), and
 * containers below `TEXT_LEVELS` levels written as "...". For messages and exception values.
 */
export function boundedJson(value: unknown, maxChars: number = MAX_TEXT_CHARS): string {
  const text = JSON.stringify(elide(value, TEXT_LEVELS)) ?? String(value);
  return truncate(text, maxChars);
}

/** A value as an error message quotes it: short JSON text, or "nothing" for a missing value. */
export function jsonPreview(value: unknown): string {
  return value === undefined ? 'nothing' : boundedJson(value, 200);
}

/** Whether a container sits `level` levels below `value`; looks no deeper than that. */
function reaches(value: unknown, level: number): boolean {
  if (!isContainer(value)) return false;
  if (level === 0) return true;
  for (const item of Object.values(value)) {
    if (reaches(item, level - 1)) return true;
  }
  return false;
}

function cutAt(value: unknown, depth: number, textDepth: number): unknown {
  if (!isContainer(value)) return value;
  if (depth >= textDepth) return boundedJson(value);
  if (Array.isArray(value)) return value.map((item) => cutAt(item, depth + 1, textDepth));
  // fromEntries defines own properties: a "__proto__" key stays data.
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, cutAt(item, depth + 1, textDepth)]),
  );
}

function elide(value: unknown, levels: number): unknown {
  if (!isContainer(value)) return value;
  if (levels === 0) return '...';
  if (Array.isArray(value)) return value.map((item) => elide(item, levels - 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, elide(item, levels - 1)]));
}

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return Array.isArray(value) || isObject(value);
}
