// The event's log message, from `logentry` or its legacy spellings (`sentry.interfaces.Message`, a
// `message` string or object), formatted from its template and params when the SDK did not.

import { asObject, asString, type JsonObject, pick } from './coerce.ts';
import { boundedJson } from './databag.ts';
import { MAX_CHARS } from './event.ts';

export interface EventMessage {
  /** What the user reads: the formatted message. */
  formatted: string | null;
  /** The template before params were filled in, when it differs from `formatted`. */
  template: string | null;
}

const LOGENTRY_KEYS = ['logentry', 'sentry.interfaces.Message', 'sentry.interfaces.message.Message'];

export function extractMessage(raw: JsonObject): EventMessage {
  const entry = asObject(pick(raw, LOGENTRY_KEYS)) ?? asObject(raw.message);
  const plain = asString(raw.message, MAX_CHARS.message);
  if (!entry) return { formatted: plain, template: null };
  const template = asString(entry.message, MAX_CHARS.message);
  const formatted =
    asString(entry.formatted, MAX_CHARS.message) ??
    (template !== null ? formatLogTemplate(template, entry.params) : null) ??
    plain;
  return { formatted, template: template !== null && template !== formatted ? template : null };
}

/**
 * Fills a printf-style template (`%s`, `%d`, `%(name)s`, `%%`) as Python's logging and Relay do.
 * A template whose params do not fit is returned unchanged rather than half-filled.
 */
export function formatLogTemplate(template: string, params: unknown): string {
  if (params === undefined || params === null) return template;
  const list = Array.isArray(params) ? params : null;
  const named = asObject(params);
  let index = 0;
  let complete = true;
  const out = template.replace(
    /%(?:\(([^)]+)\))?([-+ #0]*\d*(?:\.\d+)?)([sdifrxXeEgGoc%])/g,
    (whole, name, _flags, conv) => {
      if (conv === '%') return '%';
      const value = name !== undefined ? named?.[name] : list?.[index++];
      if (value === undefined) {
        complete = false;
        return whole;
      }
      return stringifyParam(value);
    },
  );
  return complete ? out : template;
}

function stringifyParam(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return boundedJson(value);
}
