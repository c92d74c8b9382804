// Stack frames as SDKs send them (camel- or snake-cased, legacy `sentry.interfaces.Stacktrace`),
// cleaned into one StackFrame shape. Frames keep the protocol's order: oldest call first, crash last.

import {
  asBoolean,
  asInteger,
  asObject,
  asString,
  asStringList,
  asValues,
  isObject,
  type JsonObject,
  pick,
  truncate,
} from './coerce.ts';
import { BAG_DEPTH, trimDatabag } from './databag.ts';
import { MAX_CHARS, type StackFrame } from './event.ts';

export const STACKTRACE_KEYS = [
  'stacktrace',
  'sentry.interfaces.Stacktrace',
  'sentry.interfaces.stacktrace.Stacktrace',
];

/** Relay keeps at most this many frames, the oldest and the newest halves, as deep recursion would. */
export const MAX_FRAMES = 250;

export function normalizeStacktrace(value: unknown): StackFrame[] {
  const stacktrace = asObject(value);
  if (!stacktrace) return [];
  const frames = asValues(stacktrace.frames).filter(isObject).map(normalizeFrame);
  if (frames.length <= MAX_FRAMES) return frames;
  const half = MAX_FRAMES / 2;
  return [...frames.slice(0, half), ...frames.slice(-half)];
}

/** The stack trace of an object that may carry it under a legacy key (an exception, a thread, an event). */
export function stacktraceOf(holder: JsonObject): StackFrame[] {
  return normalizeStacktrace(pick(holder, STACKTRACE_KEYS));
}

function normalizeFrame(raw: JsonObject): StackFrame {
  const frame: StackFrame = {
    filename: asString(raw.filename, MAX_CHARS.path),
    absPath: asString(raw.abs_path ?? raw.absPath, MAX_CHARS.path),
    module: asString(raw.module, MAX_CHARS.symbol),
    function: asString(raw.function, MAX_CHARS.symbol),
    lineno: positiveOrNull(asInteger(raw.lineno)),
    colno: positiveOrNull(asInteger(raw.colno)),
    inApp: asBoolean(raw.in_app ?? raw.inApp),
    contextLine: sourceLine(raw.context_line ?? raw.contextLine),
  };
  const pre = sourceLines(raw.pre_context ?? raw.preContext);
  const post = sourceLines(raw.post_context ?? raw.postContext);
  if (pre) frame.preContext = pre;
  if (post) frame.postContext = post;
  // A medium bag in Relay: locals can hold any structure the program had.
  if (raw.vars !== undefined && raw.vars !== null) frame.vars = trimDatabag(raw.vars, BAG_DEPTH.medium);
  const pkg = asString(raw.package, MAX_CHARS.path);
  if (pkg) frame.package = pkg;
  return frame;
}

function positiveOrNull(n: number | null): number | null {
  return n !== null && n >= 0 ? n : null;
}

/** Source lines arrive with their line ending from some SDKs (raven-ruby); the ending is not code. */
function sourceLine(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  return truncate(value.replace(/\r?\n$/, ''), MAX_CHARS.contextLine);
}

function sourceLines(value: unknown): string[] | undefined {
  const lines = asStringList(value, MAX_CHARS.contextLine);
  return lines && lines.length > 0 ? lines.map((line) => line.replace(/\r?\n$/, '')) : undefined;
}
