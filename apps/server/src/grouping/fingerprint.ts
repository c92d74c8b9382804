// Decides which issue an event belongs to. In order: the SDK's own `fingerprint` (with `{{ default }}`
// and variables), the in-app frames of the exception chain, else all its frames (Sentry's "system"
// variant), the exception type and parameterized value, the parameterized message, and a fallback
// for empty events. The components that produced the hash are returned with it, so a user can see
// why two events were grouped together.
//
// Grouping version 2 (this file's default) differs from version 1 in three ways: frames no SDK may
// call in-app (in-app.ts) and source-mapped frames count as they are now, a stack trace without
// in-app frames groups by all its frames, and a synthetic exception without a message groups by its
// type and value. An event whose version-1 hash differs carries it as `secondaryHash`, so that it
// still joins an issue version 1 made (ingest/issue-routing.ts) instead of splitting it.

import { createHash } from 'node:crypto';
import type { ExceptionInfo, NormalizedEvent, StackFrame } from './event.ts';
import {
  fingerprintVariable,
  isDefaultVariable,
  resolveFingerprintVariable,
} from './fingerprint-variables.ts';
import { describeFrameKey, frameKey } from './frame-key.ts';
import { parameterize } from './parameterize.ts';

export interface FingerprintComponent {
  id: string;
  value: string;
  hint?: string;
}

export type FingerprintStrategy = 'custom' | 'stacktrace' | 'system' | 'exception' | 'message' | 'fallback';

export interface Fingerprint {
  hash: string;
  strategy: FingerprintStrategy;
  components: FingerprintComponent[];
  /** The hash grouping version 1 gave the event, when it differs: issues made by it still take it. */
  secondaryHash?: string;
}

/** The hint of a synthetic exception's type: the grouping summary reads it. */
export const SYNTHETIC_TYPE_HINT = 'type of a synthetic exception (no message)';

/** Salts every hash; unchanged across grouping versions, so that the same components give the same hash. */
export const GROUPING_VERSION = 'vigie-grouping:1';

/** The grouping new issues are made by (issues.grouping_version). */
export const CURRENT_GROUPING = 2;
export type GroupingRevision = 1 | 2;

export function fingerprintEvent(event: NormalizedEvent): Fingerprint {
  const current = fingerprintBy(event, CURRENT_GROUPING);
  const legacy = fingerprintBy(event, 1);
  return legacy.hash === current.hash ? current : { ...current, secondaryHash: legacy.hash };
}

export function fingerprintBy(event: NormalizedEvent, revision: GroupingRevision): Fingerprint {
  const fallback = defaultGrouping(event, revision);
  const custom = event.fingerprint;
  if (!custom || custom.length === 0 || custom.every(isDefaultVariable)) return withHash(fallback);
  const components = custom.flatMap((entry) => customComponents(entry, event, fallback));
  return withHash({ strategy: 'custom', components });
}

function customComponents(
  entry: string,
  event: NormalizedEvent,
  defaults: Omit<Fingerprint, 'hash'>,
): FingerprintComponent[] {
  const variable = fingerprintVariable(entry);
  if (variable === 'default') {
    return defaults.components.map((c) => ({
      ...c,
      hint: `{{ default }} (${defaults.strategy}): ${c.hint ?? c.id}`,
    }));
  }
  if (variable === null) return [{ id: 'custom', value: entry, hint: 'fingerprint sent by the SDK' }];
  return [
    {
      id: 'custom',
      value: resolveFingerprintVariable(variable, event),
      hint: `${entry} in the SDK's fingerprint`,
    },
  ];
}

function withHash(grouping: Omit<Fingerprint, 'hash'>): Fingerprint {
  const input = JSON.stringify([
    GROUPING_VERSION,
    grouping.strategy,
    grouping.components.map((c) => [c.id, c.value]),
  ]);
  const hash = createHash('sha256').update(input).digest('hex').slice(0, 32);
  return { hash, ...grouping };
}

/** Sentry's built-in grouping, in its order of preference. */
export function defaultGrouping(
  event: NormalizedEvent,
  revision: GroupingRevision = CURRENT_GROUPING,
): Omit<Fingerprint, 'hash'> {
  const exceptions = revision === 1 ? event.exceptions.map(asVersion1) : event.exceptions;
  const stack = stacktraceComponents(exceptions, (f) => f.inApp === true);
  if (stack) return { strategy: 'stacktrace', components: stack };
  const message = event.messageTemplate ?? event.message;
  if (revision > 1) {
    // A synthetic exception's stack trace without in-app frames says where the SDK made it: where a
    // message was logged from, or the SDK's own rejection handler under Node's internals (@sentry/node
    // sends that for `Promise.reject({status: 503})`), the same for every bug. The message, or the
    // exception's type and value, tell them apart instead.
    const thrown = exceptions.filter((e) => !e.mechanism?.synthetic);
    const system = stacktraceComponents(thrown, () => true);
    if (system) return { strategy: 'system', components: system };
  }
  const exception = exceptionComponents(exceptions, revision > 1 && message === null);
  if (exception.length > 0) return { strategy: 'exception', components: exception };
  if (message !== null) {
    const hint = event.messageTemplate ? 'log template, parameters replaced' : 'message, parameters replaced';
    return { strategy: 'message', components: [{ id: 'message', value: parameterize(message), hint }] };
  }
  return {
    strategy: 'fallback',
    components: [{ id: 'fallback', value: '<empty event>', hint: 'no exception, stack trace or message' }],
  };
}

/** The exception as version 1 saw it: minified frames as sent, in-app as the SDK said. */
function asVersion1(exception: ExceptionInfo): ExceptionInfo {
  const frames = (exception.rawFrames ?? exception.frames).map((f) =>
    f.sdkInApp === undefined ? f : { ...f, inApp: f.sdkInApp },
  );
  return { ...exception, frames };
}

/**
 * Each exception's type and its frames that `counts` keeps; null when no exception has one. For the
 * system variant (every frame counts) each frame's hint says none was in-app.
 */
function stacktraceComponents(
  exceptions: readonly ExceptionInfo[],
  counts: (frame: StackFrame) => boolean,
): FingerprintComponent[] | null {
  const components: FingerprintComponent[] = [];
  let frameCount = 0;
  for (const exception of exceptions) {
    const type = typeComponent(exception);
    if (type) components.push(type);
    const frames = frameComponents(exception.frames.filter(counts));
    frameCount += frames.length;
    components.push(...frames);
  }
  return frameCount > 0 ? components : null;
}

function typeComponent(exception: ExceptionInfo): FingerprintComponent | null {
  if (exception.type === null || exception.mechanism?.synthetic) return null;
  return { id: 'exception.type', value: exception.type };
}

/** Frames, oldest first; consecutive repeats (recursion depth) count once. */
function frameComponents(frames: readonly StackFrame[]): FingerprintComponent[] {
  const out: FingerprintComponent[] = [];
  for (const frame of frames) {
    const key = frameKey(frame);
    if (!key) continue;
    const value = describeFrameKey(key);
    if (out.at(-1)?.value === value) continue;
    out.push({ id: 'frame', value, hint: key.hint });
  }
  return out;
}

/**
 * Without frames: each real exception's type and value with its parameters replaced. A synthetic
 * exception's value is only the message, which the message strategy groups better; without a message
 * (a non-Error value rejected or thrown: `Object captured as promise rejection with keys: status`)
 * its type and value are all there is, as in Sentry.
 */
function exceptionComponents(
  exceptions: readonly ExceptionInfo[],
  syntheticCounts: boolean,
): FingerprintComponent[] {
  const components: FingerprintComponent[] = [];
  for (const exception of exceptions) {
    if (exception.mechanism?.synthetic) {
      if (syntheticCounts) components.push(...syntheticComponents(exception));
      continue;
    }
    const type = typeComponent(exception);
    if (type) components.push(type);
    if (exception.value !== null) {
      components.push({
        id: 'exception.value',
        value: parameterize(exception.value),
        hint: 'parameters replaced',
      });
    }
  }
  return components;
}

function syntheticComponents(exception: ExceptionInfo): FingerprintComponent[] {
  const out: FingerprintComponent[] = [];
  if (exception.type !== null) {
    out.push({
      id: 'exception.type',
      value: exception.type,
      hint: SYNTHETIC_TYPE_HINT,
    });
  }
  if (exception.value !== null) {
    out.push({ id: 'exception.value', value: parameterize(exception.value), hint: 'parameters replaced' });
  }
  return out;
}
