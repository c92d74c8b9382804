// Decides which issue an event belongs to. In order: the SDK's own `fingerprint` (with `{{ default }}`
// and variables), the in-app frames of the exception chain, the exception type and parameterized
// value, the parameterized message, and a fallback for empty events. The components that produced
// the hash are returned with it, so a user can see why two events were grouped together.

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

export type FingerprintStrategy = 'custom' | 'stacktrace' | 'exception' | 'message' | 'fallback';

export interface Fingerprint {
  hash: string;
  strategy: FingerprintStrategy;
  components: FingerprintComponent[];
}

/** Bumped only with a migration that regroups stored events: every hash depends on it. */
export const GROUPING_VERSION = 'vigie-grouping:1';

export function fingerprintEvent(event: NormalizedEvent): Fingerprint {
  const fallback = defaultGrouping(event);
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
export function defaultGrouping(event: NormalizedEvent): Omit<Fingerprint, 'hash'> {
  const stack = stacktraceComponents(event.exceptions);
  if (stack) return { strategy: 'stacktrace', components: stack };
  const exception = exceptionComponents(event.exceptions);
  if (exception.length > 0) return { strategy: 'exception', components: exception };
  const message = event.messageTemplate ?? event.message;
  if (message !== null) {
    const hint = event.messageTemplate ? 'log template, parameters replaced' : 'message, parameters replaced';
    return { strategy: 'message', components: [{ id: 'message', value: parameterize(message), hint }] };
  }
  return {
    strategy: 'fallback',
    components: [{ id: 'fallback', value: '<empty event>', hint: 'no exception, stack trace or message' }],
  };
}

/** Each exception's type and its in-app frames; null when no exception has an in-app frame. */
function stacktraceComponents(exceptions: readonly ExceptionInfo[]): FingerprintComponent[] | null {
  const components: FingerprintComponent[] = [];
  let frameCount = 0;
  for (const exception of exceptions) {
    const type = typeComponent(exception);
    if (type) components.push(type);
    const frames = inAppFrameComponents(exception.frames);
    frameCount += frames.length;
    components.push(...frames);
  }
  return frameCount > 0 ? components : null;
}

function typeComponent(exception: ExceptionInfo): FingerprintComponent | null {
  if (exception.type === null || exception.mechanism?.synthetic) return null;
  return { id: 'exception.type', value: exception.type };
}

/** In-app frames, oldest first; consecutive repeats (recursion depth) count once. */
function inAppFrameComponents(frames: readonly StackFrame[]): FingerprintComponent[] {
  const out: FingerprintComponent[] = [];
  for (const frame of frames) {
    if (frame.inApp !== true) continue;
    const key = frameKey(frame);
    if (!key) continue;
    const value = describeFrameKey(key);
    if (out.at(-1)?.value === value) continue;
    out.push({ id: 'frame', value, hint: key.hint });
  }
  return out;
}

/** Without in-app frames: each real exception's type and value with its parameters replaced. */
function exceptionComponents(exceptions: readonly ExceptionInfo[]): FingerprintComponent[] {
  const components: FingerprintComponent[] = [];
  for (const exception of exceptions) {
    // A synthetic exception's value is only the message: the message strategy groups it better.
    if (exception.mechanism?.synthetic) continue;
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
