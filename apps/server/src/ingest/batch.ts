// What one group commit writes: the events of every request that arrived in the last few
// milliseconds, plus their sessions and client outcomes; and how batches cross to the writer thread.

import type { Fingerprint } from '../grouping/fingerprint.ts';
import type { ClientReport, SessionAggregates, SessionUpdate } from './items.ts';

/** One event as the writer needs it: the columns it indexes, and the normalized event as JSON. */
export interface EventRecord {
  projectId: number;
  eventId: string;
  timestampMs: number;
  receivedAtMs: number;
  level: string;
  title: string;
  culprit: string | null;
  platform: string;
  release: string | null;
  environment: string | null;
  userKey: string | null;
  /** The user's id and email as the SDK sent them (email lower-cased): support looks customers up by them. */
  userId: string | null;
  userEmail: string | null;
  fingerprint: Fingerprint;
  /**
   * The normalized event as JSON: text on the request thread, its UTF-8 bytes on the writer
   * thread (see toWire). Compressed by the writer, off the request path.
   */
  json: string | Uint8Array;
}

export interface IngestBatch {
  events: EventRecord[];
  sessions: Array<{ projectId: number; update: SessionUpdate }>;
  aggregates: Array<{ projectId: number; aggregates: SessionAggregates }>;
  clientReports: Array<{ projectId: number; report: ClientReport; receivedAtMs: number }>;
}

export const emptyBatch = (): IngestBatch => ({
  events: [],
  sessions: [],
  aggregates: [],
  clientReports: [],
});

export function batchSize(batch: IngestBatch): number {
  return batch.events.length + batch.sessions.length + batch.aggregates.length + batch.clientReports.length;
}

/**
 * Takes from the head of `queue` what fits in `maxItems`: at least one entry, however large, so an
 * oversized request still goes through, and never part of one.
 */
export function takeUpTo<T>(queue: T[], maxItems: number, sizeOf: (entry: T) => number): T[] {
  let items = 0;
  let count = 0;
  while (count < queue.length) {
    const size = sizeOf(queue[count]!);
    if (count > 0 && items + size > maxItems) break;
    items += size;
    count += 1;
  }
  return queue.splice(0, count);
}

export function appendBatch(into: IngestBatch, from: IngestBatch): void {
  into.events.push(...from.events);
  into.sessions.push(...from.sessions);
  into.aggregates.push(...from.aggregates);
  into.clientReports.push(...from.clientReports);
}

export function mergeBatches(batches: IngestBatch[]): IngestBatch {
  if (batches.length === 1) return batches[0]!;
  const merged = emptyBatch();
  for (const batch of batches) appendBatch(merged, batch);
  return merged;
}

/**
 * Batches as they cross to the writer thread. The events' JSON, nearly all of the bytes, is written
 * once into one buffer that is transferred rather than copied twice by structured clone; the
 * events themselves travel without it.
 */
export interface WireBatches {
  batches: IngestBatch[];
  /** Every event's JSON as UTF-8, in order; `ends[i]` is where event i's bytes end. */
  text: ArrayBuffer;
  ends: Uint32Array<ArrayBuffer>;
}

/** The batches' events lose their JSON text: from here on the batches belong to the writer thread. */
export function toWire(batches: IngestBatch[]): WireBatches {
  const events = batches.flatMap((b) => b.events);
  const lengths = events.map((e) => Buffer.byteLength(e.json));
  const text = new ArrayBuffer(lengths.reduce((n, l) => n + l, 0));
  const bytes = Buffer.from(text);
  const ends = new Uint32Array(events.length);
  let offset = 0;
  events.forEach((e, i) => {
    if (typeof e.json === 'string') bytes.write(e.json, offset);
    else bytes.set(e.json, offset);
    e.json = '';
    offset += lengths[i]!;
    ends[i] = offset;
  });
  return { batches, text, ends };
}

export function fromWire(wire: WireBatches): IngestBatch[] {
  let i = 0;
  let start = 0;
  for (const batch of wire.batches) {
    for (const event of batch.events) {
      const end = wire.ends[i++]!;
      event.json = new Uint8Array(wire.text, start, end - start);
      start = end;
    }
  }
  return wire.batches;
}
