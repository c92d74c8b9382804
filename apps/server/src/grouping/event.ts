// The shape of an event once normalization has cleaned what an SDK sent: every field has one type,
// so grouping, storage and the dashboard never have to guess between protocol versions.

import type { ScrubRules } from './scrub.ts';

export type Level = 'fatal' | 'error' | 'warning' | 'info' | 'debug';

export interface StackFrame {
  filename: string | null;
  absPath: string | null;
  module: string | null;
  function: string | null;
  lineno: number | null;
  colno: number | null;
  inApp: boolean | null;
  contextLine: string | null;
  preContext?: string[];
  postContext?: string[];
  vars?: unknown;
  /** Native SDKs name the binary a frame came from; `{{ package }}` in fingerprints reads it. */
  package?: string;
  /** What the SDK said when Vigie's default rules (in-app.ts) took in-app away: true. */
  sdkInApp?: boolean;
  /** What source-map symbolication did with this frame (sourcemaps/symbolicate.ts). */
  symbolication?: FrameSymbolication;
}

/**
 * `mapped`: the frame is the original position, through the map named (found by debug id or by
 * release + URL); `unmapped`: it is as the SDK sent it, for the reason given.
 */
export type FrameSymbolication =
  | { status: 'mapped'; map: string; via: 'debug_id' | 'release'; debugId?: string; release?: string }
  | { status: 'unmapped'; reason: string };

/** A minified file's debug id, as the SDK lists it in `debug_meta.images` (type `sourcemap`). */
export interface SourceMapImage {
  codeFile: string;
  debugId: string;
}

export interface ExceptionMechanism {
  type?: string;
  handled?: boolean;
  /** The SDK made this exception up to carry a stack trace (captureMessage with attachStacktrace):
   * its type and value say nothing about the bug, so titles and grouping ignore them. */
  synthetic?: boolean;
}

export interface ExceptionInfo {
  type: string | null;
  value: string | null;
  module: string | null;
  mechanism: ExceptionMechanism | null;
  frames: StackFrame[];
  /** The frames as the SDK sent them, when source maps changed them (the minified stack trace). */
  rawFrames?: StackFrame[];
}

export interface EventUser {
  id?: string;
  email?: string;
  username?: string;
  ipAddress?: string;
  [k: string]: unknown;
}

export interface NormalizedEvent {
  eventId: string;
  timestampMs: number;
  receivedAtMs: number;
  level: Level;
  platform: string;
  logger: string | null;
  transaction: string | null;
  serverName: string | null;
  release: string | null;
  dist: string | null;
  environment: string | null;
  title: string;
  culprit: string | null;
  message: string | null;
  /** The unformatted log template (`logentry.message`, e.g. `Invoice %s not found`) when it differs
   * from `message`: grouping prefers it because it holds no parameters. */
  messageTemplate?: string;
  user: EventUser | null;
  userKey: string | null;
  tags: Array<[string, string]>;
  contexts: Record<string, unknown>;
  request: Record<string, unknown> | null;
  extra: Record<string, unknown>;
  breadcrumbs: Array<Record<string, unknown>>;
  /** The exception chain, outermost (the one that was caught) LAST, as Sentry stores it. */
  exceptions: ExceptionInfo[];
  fingerprint: string[] | null;
  sdk: { name: string; version: string } | null;
  /** The minified files' debug ids (`debug_meta.images` of type `sourcemap`). */
  sourceMapImages?: SourceMapImage[];
  /** Whether source maps were applied to the stack traces: done once, at ingest or on a later read. */
  symbolication?: EventSymbolication;
}

export interface EventSymbolication {
  /** `mapped`: every frame that needed a map got one; `partial`: some; `unmapped`: none. */
  status: 'mapped' | 'partial' | 'unmapped';
  /** When it was tried: an upload after this may map what was not. */
  attemptedAtMs: number;
  /** Why no frame could be mapped, when that holds for the whole event (no upload to the project). */
  reason?: string;
}

export interface NormalizeContext {
  /** When Vigie received the request; also the event time when the SDK sent none or an implausible one. */
  receivedAtMs: number;
  /** Added to the SDK's timestamp: how far the client's clock is behind ours (received − sent_at). */
  clockDriftMs: number;
  /** The address the request came from, filled in where the SDK asked for `{{auto}}`. */
  clientIp?: string | undefined;
  /** What to filter out of the event (scrub.ts); Sentry's defaults when not given. */
  scrub?: ScrubRules | undefined;
}

/** Length caps, in characters, taken from Relay's `MaxChars` so that what Sentry keeps, Vigie keeps. */
export const MAX_CHARS = {
  symbol: 256,
  path: 256,
  summary: 1024,
  message: 8192,
  logger: 64,
  email: 75,
  culprit: 200,
  tagKey: 200,
  tagValue: 200,
  environment: 64,
  dist: 64,
  contextLine: 1024,
} as const;

/** Platforms Relay accepts; anything else becomes `other`. */
export const PLATFORMS: ReadonlySet<string> = new Set([
  'as3',
  'c',
  'cfml',
  'cocoa',
  'csharp',
  'elixir',
  'haskell',
  'go',
  'groovy',
  'java',
  'javascript',
  'native',
  'node',
  'objc',
  'other',
  'perl',
  'php',
  'python',
  'ruby',
]);
