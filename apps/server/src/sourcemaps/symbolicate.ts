// Source-map symbolication of one event, pure: each minified frame of its stack traces becomes the
// original file, line, column, function and source lines, through the map found for its file (by the
// debug id the SDK listed for it, else by the event's release and the file's URL). The maps come
// from a lookup the caller provides; a lookup it cannot answer yet is returned as a miss, so the
// caller can load it and run again. Frames from node_modules are not in-app, whatever the SDK said.

import { originalPositionFor, sourceContentFor, type TraceMap } from '@jridgewell/trace-mapping';
import type { ExceptionInfo, FrameSymbolication, NormalizedEvent, StackFrame } from '../grouping/event.ts';
import { MAX_CHARS } from '../grouping/event.ts';
import { eventCulprit } from '../grouping/title.ts';
import { canonicalDebugId } from './artifact-bundle.ts';
import { enclosingFunction } from './enclosing-function.ts';

export type MapKey =
  | { kind: 'debug_id'; debugId: string }
  | { kind: 'release'; release: string; dist: string | null; url: string };

export const mapKeyString = (k: MapKey) =>
  k.kind === 'debug_id' ? `d\u0000${k.debugId}` : `r\u0000${k.release}\u0000${k.dist ?? ''}\u0000${k.url}`;

export interface LoadedMap {
  map: TraceMap;
  /** The map's URL as uploaded (`~/assets/index-Bx9a.js.map`). */
  mapUrl: string;
  bundleId: number;
}

/** What a lookup found: a map, or why there is none; undefined when it is not known yet. */
export type MapLookup = { found: LoadedMap } | { missing: string };
export type FindMap = (key: MapKey) => MapLookup | undefined;

/** Source lines kept on each side of the frame's line, as Sentry shows. */
const CONTEXT_LINES = 5;

/** Whether a frame is minified JavaScript a map could apply to: a file, a line and a column. */
export function frameNeedsMap(frame: StackFrame): boolean {
  return (
    frame.symbolication === undefined &&
    frame.lineno !== null &&
    frame.colno !== null &&
    (frame.absPath ?? frame.filename) !== null
  );
}

/**
 * Browser events, and server events whose SDK listed debug ids (a bundled Node app): plain Node
 * stack traces point at the files that ran, and need no map.
 */
export function eventNeedsMaps(event: NormalizedEvent): boolean {
  if (event.platform !== 'javascript' && (event.sourceMapImages?.length ?? 0) === 0) return false;
  return event.exceptions.some((e) => e.frames.some(frameNeedsMap));
}

export interface Symbolicated {
  event: NormalizedEvent;
  /** Lookups the function could not answer: load them and call it again. */
  misses: MapKey[];
  /** The bundles whose maps were used. */
  bundleIds: number[];
}

export function symbolicateEvent(event: NormalizedEvent, find: FindMap, nowMs: number): Symbolicated {
  const misses: MapKey[] = [];
  const bundleIds = new Set<number>();
  const debugIds = new Map<string, string>();
  for (const image of event.sourceMapImages ?? []) {
    const id = canonicalDebugId(image.debugId);
    if (id) debugIds.set(image.codeFile, id);
  }
  let needed = 0;
  let mapped = 0;
  const exceptions = event.exceptions.map((exception): ExceptionInfo => {
    if (!exception.frames.some(frameNeedsMap)) return exception;
    const before = mapped;
    const frames = exception.frames.map((frame): StackFrame => {
      if (!frameNeedsMap(frame)) return frame;
      needed += 1;
      const file = (frame.absPath ?? frame.filename)!;
      const debugId = debugIds.get(file);
      let key: MapKey;
      if (debugId) key = { kind: 'debug_id', debugId };
      else if (event.release) key = { kind: 'release', release: event.release, dist: event.dist, url: file };
      else
        return unmapped(frame, `no debug id for ${file}, and the event has no release to look its map up by`);
      const lookup = find(key);
      if (lookup === undefined) {
        misses.push(key);
        return frame;
      }
      if ('missing' in lookup) return unmapped(frame, lookup.missing);
      const original = originalFrame(frame, lookup.found, key);
      if (original.symbolication?.status === 'mapped') {
        mapped += 1;
        bundleIds.add(lookup.found.bundleId);
      }
      return original;
    });
    return mapped > before ? { ...exception, frames, rawFrames: exception.frames } : { ...exception, frames };
  });
  if (misses.length > 0) return { event, misses, bundleIds: [] };
  if (needed === 0) return { event, misses, bundleIds: [] };
  const status = mapped === needed ? 'mapped' : mapped === 0 ? 'unmapped' : 'partial';
  const result: NormalizedEvent = { ...event, exceptions, symbolication: { status, attemptedAtMs: nowMs } };
  // A culprit taken from the minified frames is taken again from the original ones.
  if (
    mapped > 0 &&
    event.culprit === eventCulprit(null, event.transaction, event.exceptions, event.platform)
  ) {
    result.culprit = eventCulprit(null, event.transaction, exceptions, event.platform);
  }
  return { event: result, misses, bundleIds: [...bundleIds] };
}

function unmapped(frame: StackFrame, reason: string): StackFrame {
  return { ...frame, symbolication: { status: 'unmapped', reason } };
}

function originalFrame(frame: StackFrame, loaded: LoadedMap, key: MapKey): StackFrame {
  const line = frame.lineno!;
  const column = frame.colno! - 1;
  const pos = originalPositionFor(loaded.map, { line, column });
  if (pos.source === null) {
    return unmapped(frame, `${loaded.mapUrl} maps nothing at line ${line}, column ${frame.colno}`);
  }
  const symbolication: FrameSymbolication =
    key.kind === 'debug_id'
      ? { status: 'mapped', map: loaded.mapUrl, via: 'debug_id', debugId: key.debugId }
      : { status: 'mapped', map: loaded.mapUrl, via: 'release', release: key.release };
  const content = sourceContentFor(loaded.map, pos.source);
  const out: StackFrame = {
    filename: sourcePath(pos.source),
    absPath: absoluteSource(pos.source, frame.absPath ?? frame.filename ?? '', loaded.mapUrl),
    module: null,
    function: content !== null ? enclosingFunction(content, pos.line, pos.column) : null,
    lineno: pos.line,
    colno: pos.column + 1,
    inApp: isVendored(pos.source) ? false : frame.inApp,
    contextLine: null,
    symbolication,
  };
  if (content !== null) Object.assign(out, contextAround(content, pos.line));
  return out;
}

/** Third-party code, wherever the bundler found it. */
export function isVendored(source: string): boolean {
  return /(^|[/\\])node_modules[/\\]/.test(source) || source.includes('/.vite/deps/');
}

/**
 * The source's path as a person reads it: `../../src/cart.ts` → `src/cart.ts`,
 * `webpack://shop/./src/cart.ts` → `src/cart.ts`, `https://x.test/src/cart.ts` → `src/cart.ts`.
 */
export function sourcePath(source: string): string {
  let path = source.replace(/^webpack:\/\/[^/]*\//, '').replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  path = path.replace(/^(?:\.\.?\/)+/, '').replace(/^\/+/, '');
  return path.slice(0, MAX_CHARS.path) || source.slice(0, MAX_CHARS.path);
}

/** The source's URL, resolved from the map's URL (itself relative to the minified file's origin). */
function absoluteSource(source: string, minifiedUrl: string, mapUrl: string): string {
  try {
    const origin = /^[a-z][a-z0-9+.-]*:\/\//i.test(minifiedUrl)
      ? new URL(minifiedUrl).origin
      : 'http://localhost';
    const mapAbsolute = mapUrl.startsWith('~/')
      ? `${origin}${mapUrl.slice(1)}`
      : new URL(mapUrl, minifiedUrl || origin).href;
    const resolved = new URL(source, mapAbsolute).href;
    return resolved.slice(0, MAX_CHARS.path * 8);
  } catch {
    return source.slice(0, MAX_CHARS.path * 8);
  }
}

function contextAround(
  content: string,
  line: number,
): Pick<StackFrame, 'contextLine' | 'preContext' | 'postContext'> {
  const lines = content.split(/\r?\n/);
  const cut = (l: string) => l.slice(0, MAX_CHARS.contextLine);
  const at = line - 1;
  return {
    contextLine: lines[at] !== undefined ? cut(lines[at]!) : null,
    preContext: lines.slice(Math.max(0, at - CONTEXT_LINES), at).map(cut),
    postContext: lines.slice(at + 1, at + 1 + CONTEXT_LINES).map(cut),
  };
}
