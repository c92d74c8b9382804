// Turns the items of one envelope (or one legacy store payload) into an IngestBatch: events are
// normalized and fingerprinted, sessions and client reports validated, unknown items skipped.

import { VigieError } from '../errors.ts';
import { isObject } from '../grouping/coerce.ts';
import { canonicalEventId } from '../grouping/normalize.ts';
import { emptyBatch, type IngestBatch } from './batch.ts';
import type { Envelope } from './envelope.ts';
import { type EventContext, toEventRecord } from './event-record.ts';
import {
  parseClientReport,
  parseSessionAggregates,
  parseSessionUpdate,
  type SessionAggregates,
  type SessionUpdate,
} from './items.ts';
import { parsePayloadJson } from './payload-json.ts';

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
      // Like Relay, an invalid session or client report is dropped without failing the envelope's events.
      case 'session':
        if (
          !tryItem(() =>
            batch.sessions.push({
              projectId,
              update: shiftSession(parseSessionUpdate(json(), clientNow), drift),
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
              aggregates: shiftAggregates(parseSessionAggregates(json()), drift),
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
              report: parseClientReport(json()),
              receivedAtMs: ctx.receivedAtMs,
            }),
          )
        ) {
          skippedItems += 1;
        }
        break;
      default:
        // Transactions, attachments, replays, profiles…: not stored yet, and not an error for the SDK.
        skippedItems += 1;
    }
  });
  const eventId = batch.events[0]?.eventId ?? canonicalEventId(envelope.headers.event_id);
  return { batch, eventId, skippedItems };
}

/** A legacy /store/ payload is one event. */
export function storeToBatch(projectId: number, raw: unknown, ctx: EventContext): EnvelopeOutcome {
  const batch = emptyBatch();
  const record = toEventRecord(projectId, raw, ctx);
  batch.events.push(record);
  return { batch, eventId: record.eventId, skippedItems: 0 };
}
