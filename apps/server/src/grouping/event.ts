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
