// From one event payload as an SDK sent it to the record the writer stores: normalize and
// fingerprint it, keep the columns the storage indexes, and the normalized event as JSON.

import { VigieError } from '../errors.ts';
import type { NormalizedEvent } from '../grouping/event.ts';
import { fingerprintEvent } from '../grouping/fingerprint.ts';
import { normalizePayload } from '../grouping/normalize.ts';
import type { ScrubRules } from '../grouping/scrub.ts';
import { countedTags } from '../grouping/tags.ts';
import type { EventRecord } from './batch.ts';

// TextEncoder, not Buffer.from: a small Buffer is a slice of a shared pool, which cannot be transferred.
const utf8 = new TextEncoder();

export interface EventContext {
  receivedAtMs: number;
  clockDriftMs: number;
  clientIp?: string | undefined;
  /** The configured scrubbing rules (VIGIE_SCRUB_*); Sentry's defaults when not given. */
  scrub?: ScrubRules | undefined;
  /** Applies uploaded source maps to the event before it is fingerprinted (sourcemaps/ingest-pass.ts). */
  symbolicate?: ((projectId: number, event: NormalizedEvent) => NormalizedEvent) | undefined;
}

/** Throws a 400 invalid_event when the payload cannot be an event. */
export function toEventRecord(projectId: number, raw: unknown, ctx: EventContext): EventRecord {
  const normalized = normalizePayload(raw, ctx);
  if (!normalized.ok) throw new VigieError('invalid_event', { message: normalized.reason });
  const event = ctx.symbolicate ? ctx.symbolicate(projectId, normalized.event) : normalized.event;
  return {
    projectId,
    eventId: event.eventId,
    timestampMs: event.timestampMs,
    receivedAtMs: event.receivedAtMs,
    level: event.level,
    title: event.title,
    culprit: event.culprit,
    platform: event.platform,
    release: event.release,
    environment: event.environment,
    userKey: event.userKey,
    userId: event.user?.id ?? null,
    userEmail: event.user?.email?.toLowerCase() ?? null,
    userUsername: event.user?.username ?? null,
    userIp: event.user?.ipAddress ?? null,
    fingerprint: fingerprintEvent(event),
    tags: countedTags(event.tags),
    json: utf8.encode(JSON.stringify(event)),
  };
}
