// The `{{ … }}` variables an SDK may put in its `fingerprint` array, resolved as Sentry's
// fingerprinting resolves them (same names, same `<no-…>` stand-ins when the event lacks the value).

import type { NormalizedEvent, StackFrame } from './event.ts';
import { normalizeFunctionName } from './frame-key.ts';
import { mainException } from './title.ts';

const VARIABLE_RE = /^\{\{\s*(\S+)\s*\}\}$/;

/** The variable an entry names (`{{ type }}` → `type`), or null for a literal entry. */
export function fingerprintVariable(entry: string): string | null {
  return VARIABLE_RE.exec(entry)?.[1] ?? null;
}

export function isDefaultVariable(entry: string): boolean {
  return fingerprintVariable(entry) === 'default';
}

export function resolveFingerprintVariable(name: string, event: NormalizedEvent): string {
  const main = mainException(event.exceptions);
  switch (name) {
    case 'transaction':
      return event.transaction ?? '<no-transaction>';
    case 'message':
      return event.message ?? main?.value ?? '<no-message>';
    case 'type':
    case 'error.type':
      return main?.type ?? '<no-type>';
    case 'value':
    case 'error.value':
      return main?.value ?? '<no-value>';
    case 'level':
      return event.level;
    case 'logger':
      return event.logger ?? '<no-logger>';
    default:
      return resolveFrameVariable(name, event) ?? resolveTagVariable(name, event);
  }
}

function resolveFrameVariable(name: string, event: NormalizedEvent): string | null {
  const frame = crashFrame(event);
  switch (name) {
    case 'function':
    case 'stack.function':
      return normalizeFunctionName(frame?.function ?? null) ?? frame?.function ?? '<no-function>';
    case 'path':
    case 'stack.abs_path':
      return frame?.absPath ?? frame?.filename ?? '<no-abs-path>';
    case 'stack.filename':
      return frame?.filename ?? frame?.absPath ?? '<no-filename>';
    case 'module':
    case 'stack.module':
      return frame?.module ?? '<no-module>';
    case 'package':
    case 'stack.package':
      return frame?.package?.split(/[/\\]/).pop() || '<no-package>';
    default:
      return null;
  }
}

function resolveTagVariable(name: string, event: NormalizedEvent): string {
  if (!name.startsWith('tags.')) return `<unrecognized-variable-${name}>`;
  const tag = name.slice('tags.'.length);
  return event.tags.find(([key]) => key === tag)?.[1] ?? `<no-value-for-tag-${tag}>`;
}

/** Sentry's crash frame: the newest in-app frame of the outermost exception, else its newest frame. */
export function crashFrame(event: NormalizedEvent): StackFrame | undefined {
  const frames = mainException(event.exceptions)?.frames ?? [];
  for (let i = frames.length - 1; i >= 0; i--) {
    if (frames[i]?.inApp) return frames[i];
  }
  return frames.at(-1);
}
