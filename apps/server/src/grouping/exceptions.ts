// The exception chain in every shape Sentry accepts: `{values: […]}`, a bare list or one object,
// under `exception` or `sentry.interfaces.Exception`, each with its own (possibly legacy) stack trace.
// An event with no exception but a stack trace (event-level or one thread) gets a synthetic one, as
// the JavaScript SDK itself sends for captureMessage, so grouping and display read one place.

import { asBoolean, asObject, asString, asValues, isObject, type JsonObject, pick } from './coerce.ts';
import { boundedJson } from './databag.ts';
import { type ExceptionInfo, type ExceptionMechanism, MAX_CHARS, type StackFrame } from './event.ts';
import { stacktraceOf } from './stacktrace.ts';

const EXCEPTION_KEYS = ['exception', 'sentry.interfaces.Exception', 'sentry.interfaces.exception.Exception'];

/** Relay also caps chains: past this many, only the outermost are kept. */
const MAX_EXCEPTIONS = 50;

export function normalizeExceptions(raw: JsonObject, message: string | null): ExceptionInfo[] {
  const chain = asValues(pick(raw, EXCEPTION_KEYS))
    .filter(isObject)
    .map(normalizeException)
    .filter((e) => e.type !== null || e.value !== null || e.frames.length > 0);
  if (chain.length > 0) return chain.slice(-MAX_EXCEPTIONS);
  const frames = eventLevelFrames(raw);
  if (frames.length === 0) return [];
  return [
    { type: null, value: message, module: null, mechanism: { type: 'generic', synthetic: true }, frames },
  ];
}

function normalizeException(raw: JsonObject): ExceptionInfo {
  let type = asString(raw.type, MAX_CHARS.symbol);
  let value = exceptionValue(raw.value);
  const mechanism = normalizeMechanism(raw.mechanism);
  // Relay splits `TypeError: x is undefined` sent as a bare value into its type and value.
  if (type === null && value !== null && !mechanism?.synthetic) {
    const m = /^(\w+):(.*)$/s.exec(value);
    if (m?.[1] && m[2] !== undefined) {
      type = m[1];
      value = m[2].trim() || null;
    }
  }
  return {
    type,
    value,
    module: asString(raw.module, MAX_CHARS.symbol),
    mechanism,
    frames: stacktraceOf(raw),
  };
}

/** Relay's JsonLenientString: a value sent as a number or an object is written out, not dropped. */
function exceptionValue(value: unknown): string | null {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (isObject(value) || Array.isArray(value)) return asString(boundedJson(value), MAX_CHARS.summary);
  return asString(value, MAX_CHARS.summary);
}

function normalizeMechanism(value: unknown): ExceptionMechanism | null {
  const raw = asObject(value);
  if (!raw) return null;
  const mechanism: ExceptionMechanism = {};
  const type = asString(raw.type, MAX_CHARS.symbol);
  const handled = asBoolean(raw.handled);
  const synthetic = asBoolean(raw.synthetic);
  if (type !== null) mechanism.type = type;
  if (handled !== null) mechanism.handled = handled;
  if (synthetic !== null) mechanism.synthetic = synthetic;
  return Object.keys(mechanism).length > 0 ? mechanism : null;
}

/** An event-level stack trace, or the crashed (else current, else only) thread's. */
function eventLevelFrames(raw: JsonObject): StackFrame[] {
  const own = stacktraceOf(raw);
  if (own.length > 0) return own;
  const threads = asValues(raw.threads).filter(isObject);
  const thread =
    threads.find((t) => t.crashed === true) ??
    threads.find((t) => t.current === true) ??
    (threads.length === 1 ? threads[0] : undefined);
  return thread ? stacktraceOf(thread) : [];
}
