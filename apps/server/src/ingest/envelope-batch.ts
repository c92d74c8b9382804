// Turns the items of one envelope (or one legacy store payload) into an IngestBatch: events are
// normalized and fingerprinted, sessions and client reports validated, transactions counted, unknown items
// skipped.

import { VigieError } from '../errors.ts';
import { isObject } from '../grouping/coerce.ts';
import { canonicalEventId } from '../grouping/normalize.ts';
import { MAX_FUTURE_MS, MAX_PAST_MS } from '../grouping/timestamp.ts';
import { parsePayloadJson } from '../storage/payload-json.ts';
import { emptyBatch, type IngestBatch } from './batch.ts';
import type { Envelope } from './envelope.ts';
import { type EventContext, toEventRecord } from './event-record.ts';
import {
  type ClientReport,
  parseClientReport,
  parseSessionAggregates,
  parseSessionUpdate,
  type SessionAggregates,
  type SessionUpdate,
} from './items.ts';
import { INGEST_LIMITS } from './limits.ts';
import { parseSegmentSpans, parseTransaction, traceSampleRate } from './transactions.ts';

export interface EnvelopeOutcome {
  batch: IngestBatch;
  /**
   * The id answered to the SDK: the first event's, as stored; without events, the envelope's
   * event_id when it is a valid one.
   */
  eventId: string | null;
  skippedItems: number;
}

function parseJsonItem(payload: Buffer, index: number, type: string): unknown {
  try {
    return parsePayloadJson(payload.toString('utf8'));
  } catch (error) {
    throw new VigieError(
      'invalid_json',
      { message: `envelope item ${index} (${type}) is not valid JSON: ${(error as Error).message}` },
      { item: index },
    );
  }
}

/**
 * Relay's window for session times, on the client's clock (max_session_secs_in_past,
 * max_secs_in_future): a session outside it is dropped, a bucket of aggregates too.
 */
function inSessionWindow(ms: number, clientNow: number): boolean {
  return (
    ms >= clientNow - INGEST_LIMITS.maxSessionAgeSeconds * 1000 &&
    ms <= clientNow + INGEST_LIMITS.maxSecondsInFuture * 1000
  );
}

function sessionInWindow(update: SessionUpdate, clientNow: number): SessionUpdate {
  if (!inSessionWindow(update.startedMs, clientNow) || !inSessionWindow(update.timestampMs, clientNow)) {
    throw new VigieError('invalid_session', {
      item: 'Session update',
      problem: 'its times are older than 5 days or more than a minute ahead.',
    });
  }
  return update;
}

function aggregatesInWindow(aggregates: SessionAggregates, clientNow: number): SessionAggregates {
  return {
    ...aggregates,
    buckets: aggregates.buckets.filter((b) => inSessionWindow(b.startedMs, clientNow)),
  };
}

/** A client report dated outside the window Relay keeps for events counts at the time of receipt. */
function reportInWindow(report: ClientReport, clientNow: number): ClientReport {
  const at = report.timestampMs;
  const plausible = at !== null && at >= clientNow - MAX_PAST_MS && at <= clientNow + MAX_FUTURE_MS;
  return plausible ? report : { ...report, timestampMs: null };
}

function shiftSession(update: SessionUpdate, driftMs: number): SessionUpdate {
  if (driftMs === 0) return update;
  return { ...update, startedMs: update.startedMs + driftMs, timestampMs: update.timestampMs + driftMs };
}

function shiftAggregates(aggregates: SessionAggregates, driftMs: number): SessionAggregates {
  if (driftMs === 0) return aggregates;
  return {
    ...aggregates,
    buckets: aggregates.buckets.map((b) => ({ ...b, startedMs: b.startedMs + driftMs })),
  };
}

function tryParse<T>(parse: () => T): T | undefined {
  try {
    return parse();
  } catch {
    return undefined;
  }
}

function tryItem(add: () => unknown): boolean {
  try {
    add();
    return true;
  } catch {
    return false;
  }
}

export function envelopeToBatch(projectId: number, envelope: Envelope, ctx: EventContext): EnvelopeOutcome {
  const batch = emptyBatch();
  // The envelope's event_id is its event's (the protocol puts one event in an envelope): it goes
  // to the first event item when that has no id of its own. Any other event without one gets a new
  // one in normalization, as Relay gives each, so none is taken for a duplicate of another.
  let headerId = envelope.headers.event_id;
  let skippedItems = 0;
  // Session times come from the client's clock: correct them like the events' (see clock-drift.ts).
  const drift = ctx.clockDriftMs;
  const clientNow = ctx.receivedAtMs - drift;
  // One trace per envelope: its sample rate weighs each of the envelope's transactions.
  const sampleRate = envelope.items.some((item) => item.type === 'transaction' || item.type === 'span')
    ? traceSampleRate(envelope.headers.trace)
    : undefined;
  envelope.items.forEach((item, index) => {
    const json = () => parseJsonItem(item.payload, index, item.type);
    switch (item.type) {
      case 'event': {
        const raw = json();
        if (
          headerId !== undefined &&
          isObject(raw) &&
          (raw.event_id === undefined || raw.event_id === null)
        ) {
          raw.event_id = headerId;
        }
        headerId = undefined;
        batch.events.push(toEventRecord(projectId, raw, ctx));
        break;
      }
      // Like an event, a malformed transaction fails the envelope (400): it is an event item to Relay.
      case 'transaction': {
        const counted = parseTransaction(projectId, json(), { ...ctx, sampleRate });
        if (counted) batch.transactions.push(counted);
        else skippedItems += 1;
        break;
      }
      // Span streaming: its segment spans are the transactions; the spans themselves are dropped.
      case 'span': {
        const counted = tryParse(() => parseSegmentSpans(projectId, json(), { ...ctx, sampleRate }));
        if (counted && counted.length > 0) batch.transactions.push(...counted);
        else skippedItems += 1;
        break;
      }
      // Like Relay, an invalid session or client report is dropped without failing the envelope's events.
      case 'session':
        if (
          !tryItem(() =>
            batch.sessions.push({
              projectId,
              update: shiftSession(sessionInWindow(parseSessionUpdate(json(), clientNow), clientNow), drift),
            }),
          )
        )
          skippedItems += 1;
        break;
      case 'sessions':
        if (
          !tryItem(() =>
            batch.aggregates.push({
              projectId,
              aggregates: shiftAggregates(
                aggregatesInWindow(parseSessionAggregates(json()), clientNow),
                drift,
              ),
            }),
          )
        ) {
          skippedItems += 1;
        }
        break;
      case 'client_report':
        if (
          !tryItem(() =>
            batch.clientReports.push({
              projectId,
              report: reportInWindow(parseClientReport(json()), clientNow),
              receivedAtMs: ctx.receivedAtMs,
            }),
          )
        ) {
          skippedItems += 1;
        }
        break;
      default:
        // Attachments, replays, profiles…: not stored, and not an error for the SDK.
        skippedItems += 1;
    }
  });
  const eventId = batch.events[0]?.eventId ?? canonicalEventId(envelope.headers.event_id);
  return { batch, eventId, skippedItems };
}

/** A legacy /store/ payload is one event, or one transaction (type "transaction"), counted at rate 1. */
export function storeToBatch(projectId: number, raw: unknown, ctx: EventContext): EnvelopeOutcome {
  const batch = emptyBatch();
  if (isObject(raw) && raw.type === 'transaction') {
    const counted = parseTransaction(projectId, raw, { ...ctx, sampleRate: undefined });
    if (counted) batch.transactions.push(counted);
    return { batch, eventId: canonicalEventId(raw.event_id), skippedItems: counted ? 0 : 1 };
  }
  const record = toEventRecord(projectId, raw, ctx);
  batch.events.push(record);
  return { batch, eventId: record.eventId, skippedItems: 0 };
}
