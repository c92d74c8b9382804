// Turns one event payload, as any Sentry SDK or legacy Raven client sends it, into a NormalizedEvent,
// credentials filtered out (scrub.ts). Only a payload that is not a JSON object is refused; anything
// else is tolerated and cleaned.

import { randomUUID } from 'node:crypto';
import {
  asObject,
  asSingleLine,
  asString,
  asStringList,
  asValues,
  isObject,
  type JsonObject,
  pick,
} from './coerce.ts';
import { BAG_DEPTH, trimObjectBag } from './databag.ts';
import {
  type Level,
  MAX_CHARS,
  type NormalizeContext,
  type NormalizedEvent,
  PLATFORMS,
  type SourceMapImage,
} from './event.ts';
import { normalizeExceptions } from './exceptions.ts';
import { applyInAppRules } from './in-app.ts';
import { extractMessage } from './message.ts';
import { normalizeRequest, requestUrlTag } from './request.ts';
import { DEFAULT_SCRUB_RULES, scrubEvent } from './scrub.ts';
import { buildTags } from './tags.ts';
import { eventTimestampMs, parseTimestampMs } from './timestamp.ts';
import { eventCulprit, eventTitle } from './title.ts';
import { normalizeUser, userKey } from './user.ts';
import { withUserAgentContexts } from './user-agent.ts';

/** SDKs keep the last 100 breadcrumbs; more than that is someone else's bug, not context. */
const MAX_BREADCRUMBS = 100;

export type NormalizeResult = { ok: true; event: NormalizedEvent } | { ok: false; reason: string };

/** A payload as it came in: an event if it is a JSON object, else the reason it cannot be one. */
export function normalizePayload(raw: unknown, ctx: NormalizeContext): NormalizeResult {
  if (isObject(raw)) return { ok: true, event: normalizeEvent(raw, ctx) };
  const got = Array.isArray(raw) ? 'an array' : raw === null ? 'null' : `a ${typeof raw}`;
  return { ok: false, reason: `An event must be a JSON object, got ${got}.` };
}

/** Any JSON object makes an event: what is missing gets a default, what is malformed is dropped. */
export function normalizeEvent(raw: JsonObject, ctx: NormalizeContext): NormalizedEvent {
  const message = extractMessage(raw);
  const platform = normalizePlatform(raw.platform);
  const exceptions = applyInAppRules(normalizeExceptions(raw, message.formatted), platform);
  const level = normalizeLevel(raw.level);
  const transaction = asString(raw.transaction, MAX_CHARS.culprit);
  const request = normalizeRequest(raw);
  const user = normalizeUser(raw, ctx.clientIp);
  const contexts = withUserAgentContexts(
    normalizeContexts(pick(raw, ['contexts', 'sentry.interfaces.Contexts'])),
    request,
  );
  const base = {
    logger: asSingleLine(raw.logger, MAX_CHARS.logger),
    release: normalizeRelease(raw.release),
    dist: normalizeDist(raw.dist),
    environment: asSingleLine(raw.environment, MAX_CHARS.environment) ?? 'production',
    serverName: asSingleLine(raw.server_name, MAX_CHARS.symbol),
  };
  const key = userKey(user);
  const event: NormalizedEvent = {
    eventId: normalizeEventId(raw.event_id),
    timestampMs: eventTimestampMs(raw.timestamp, ctx.receivedAtMs, ctx.clockDriftMs),
    receivedAtMs: ctx.receivedAtMs,
    level,
    platform,
    transaction,
    ...base,
    title: eventTitle(exceptions, message.formatted),
    culprit: eventCulprit(asString(raw.culprit, MAX_CHARS.culprit), transaction, exceptions, platform),
    message: message.formatted,
    user,
    userKey: key,
    tags: buildTags(raw.tags, {
      ...base,
      level,
      transaction,
      userKey: key,
      url: requestUrlTag(request),
      contexts,
    }),
    contexts,
    request,
    extra: trimObjectBag(asObject(raw.extra) ?? {}, BAG_DEPTH.large),
    // A crumb's own fields, then its data: a medium bag in Relay.
    breadcrumbs: asValues(pick(raw, ['breadcrumbs', 'sentry.interfaces.Breadcrumbs']))
      .filter(isObject)
      .slice(-MAX_BREADCRUMBS)
      .map((crumb) => shiftBreadcrumb(trimObjectBag(crumb, BAG_DEPTH.medium + 1), ctx.clockDriftMs)),
    exceptions,
    fingerprint: normalizeFingerprint(raw.fingerprint),
    sdk: normalizeSdk(raw.sdk),
  };
  if (message.template !== null) event.messageTemplate = message.template;
  const images = sourceMapImages(raw.debug_meta);
  if (images.length > 0) event.sourceMapImages = images;
  // Last, so that every field is in its one shape, and before anything reads the event for grouping.
  return scrubEvent(event, ctx.scrub ?? DEFAULT_SCRUB_RULES);
}

/**
 * Clock-drift correction moves every timestamp of the event, as Relay's does: a breadcrumb left on
 * the client's clock would sit hours away from the event it led to. Its time keeps the form it came in.
 */
function shiftBreadcrumb(crumb: JsonObject, driftMs: number): JsonObject {
  if (driftMs === 0) return crumb;
  const sent = parseTimestampMs(crumb.timestamp);
  if (sent === null) return crumb;
  const corrected = sent + driftMs;
  const timestamp =
    typeof crumb.timestamp === 'number' ? corrected / 1000 : new Date(corrected).toISOString();
  return { ...crumb, timestamp };
}

/** The event's own id in canonical form (32 lowercase hex digits), or a new one when it has none valid. */
export function normalizeEventId(value: unknown): string {
  return canonicalEventId(value) ?? randomUUID().replace(/-/g, '');
}

/** A UUID, with or without hyphens, in canonical form; null when it is not one (or all zeros). */
export function canonicalEventId(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const id = value.trim().replace(/-/g, '').toLowerCase();
  return /^[0-9a-f]{32}$/.test(id) && !/^0+$/.test(id) ? id : null;
}

// A Map, not an object: "__proto__" or "constructor" sent as a level must not find a prototype's member.
const LEVEL_ALIASES: ReadonlyMap<string, Level> = new Map([
  ['fatal', 'fatal'],
  ['critical', 'fatal'],
  ['error', 'error'],
  ['warning', 'warning'],
  ['warn', 'warning'],
  ['info', 'info'],
  ['log', 'info'],
  ['debug', 'debug'],
  ['trace', 'debug'],
]);

/** Also reads Python's numeric logging levels (10 debug … 50 critical), as Relay does. */
export function normalizeLevel(value: unknown): Level {
  if (typeof value === 'number') {
    if (value >= 50) return 'fatal';
    if (value >= 40) return 'error';
    if (value >= 30) return 'warning';
    if (value >= 20) return 'info';
    return 'debug';
  }
  if (typeof value !== 'string') return 'error';
  return LEVEL_ALIASES.get(value.trim().toLowerCase()) ?? 'error';
}

function normalizePlatform(value: unknown): string {
  const platform = typeof value === 'string' ? value.trim().toLowerCase() : '';
  return PLATFORMS.has(platform) ? platform : 'other';
}

/** Relay refuses release names that cannot be told apart from paths or "latest". */
export function normalizeRelease(value: unknown): string | null {
  const release = asSingleLine(value, MAX_CHARS.tagValue);
  if (release === null || ['.', '..', 'latest'].includes(release) || /[/\\]/.test(release)) return null;
  return release;
}

/** Relay allows only `a-zA-Z0-9_.-` in a dist (a build number, an Android version code). */
function normalizeDist(value: unknown): string | null {
  const dist = asSingleLine(value, MAX_CHARS.dist);
  return dist !== null && /^[\w.-]+$/.test(dist) ? dist : null;
}

/**
 * Each context is an object, a large bag in Relay; Relay records which kind it is in `type` when
 * the SDK did not.
 */
function normalizeContexts(value: unknown): Record<string, unknown> {
  const entries = Object.entries(asObject(value) ?? {}).flatMap(([key, ctx]) => {
    if (!isObject(ctx)) return [];
    const trimmed = trimObjectBag(ctx, BAG_DEPTH.large);
    return [[key, typeof trimmed.type === 'string' ? trimmed : { ...trimmed, type: key }] as const];
  });
  // fromEntries defines own properties: a context named "__proto__" stays data.
  return Object.fromEntries(entries);
}

/** The debug ids the JavaScript SDKs list for their minified files (sentry-cli inject, bundler plugins). */
function sourceMapImages(value: unknown): SourceMapImage[] {
  const images = asValues(asObject(value)?.images).filter(isObject);
  return images
    .flatMap((image) => {
      const codeFile = asString(image.code_file, MAX_CHARS.path * 8);
      const debugId = asString(image.debug_id, 64);
      if (image.type !== 'sourcemap' || codeFile === null || debugId === null) return [];
      return [{ codeFile, debugId }];
    })
    .slice(0, 100);
}

function normalizeFingerprint(value: unknown): string[] | null {
  if (!Array.isArray(value)) return null;
  // Relay writes numbers and booleans in fingerprints out as strings and drops the rest.
  const parts = value
    .map((part) => (typeof part === 'number' || typeof part === 'boolean' ? String(part) : part))
    .filter((part): part is string => typeof part === 'string');
  return parts.length > 0 ? (asStringList(parts, 1024) ?? null) : null;
}

function normalizeSdk(value: unknown): { name: string; version: string } | null {
  const sdk = asObject(value);
  const name = asString(sdk?.name, MAX_CHARS.symbol);
  const version = asString(sdk?.version, MAX_CHARS.symbol);
  return name !== null && version !== null ? { name, version } : null;
}
