// Turns the items of one envelope (or one legacy store payload) into an IngestBatch: events are
// normalized and fingerprinted, sessions and client reports validated, unknown items skipped.

import { VigieError } from '../errors.ts';
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

export interface EnvelopeOutcome {
  batch: IngestBatch;
  /** The id answered to the SDK: the envelope's event_id, else the first event's. */
  eventId: string | null;
  skippedItems: number;
}

function parseJsonItem(payload: Buffer, index: number, type: string): unknown {
  try {
    return JSON.parse(payload.toString('utf8'));
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
  let eventId = typeof envelope.headers.event_id === 'string' ? envelope.headers.event_id : null;
  let skippedItems = 0;
  // Session times come from the client's clock: correct them like the events' (see clock-drift.ts).
  const drift = ctx.clockDriftMs;
  const clientNow = ctx.receivedAtMs - drift;
  envelope.items.forEach((item, index) => {
    const json = () => parseJsonItem(item.payload, index, item.type);
    switch (item.type) {
      case 'event': {
        const raw = json();
        if (eventId && raw && typeof raw === 'object' && !('event_id' in raw)) {
          (raw as Record<string, unknown>).event_id = eventId;
        }
        const record = toEventRecord(projectId, raw, ctx);
        eventId ??= record.eventId;
        batch.events.push(record);
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
  return { batch, eventId, skippedItems };
}

/** A legacy /store/ payload is one event. */
export function storeToBatch(projectId: number, raw: unknown, ctx: EventContext): EnvelopeOutcome {
  const batch = emptyBatch();
  const record = toEventRecord(projectId, raw, ctx);
  batch.events.push(record);
  return { batch, eventId: record.eventId, skippedItems: 0 };
}
