// What one group commit writes: the events of every request that arrived while the previous
// commit ran, plus their sessions, client outcomes and transaction counts.

import type { Fingerprint } from '../grouping/fingerprint.ts';
import type { ClientReport, SessionAggregates, SessionUpdate } from './items.ts';
import type { TransactionCount } from './transactions.ts';

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
  userUsername: string | null;
  userIp: string | null;
  fingerprint: Fingerprint;
  /** The tags the issue counts per value (grouping/tags.ts countedTags), release and environment included. */
  tags: Array<[string, string]>;
  /**
   * The normalized event as UTF-8 JSON, in a buffer of its own: it moves to the writer thread (which
   * compresses it) without a copy, and stays out of both threads' JavaScript heaps.
   */
  json: Uint8Array<ArrayBuffer>;
}

export interface IngestBatch {
  events: EventRecord[];
  sessions: Array<{ projectId: number; update: SessionUpdate }>;
  aggregates: Array<{ projectId: number; aggregates: SessionAggregates }>;
  clientReports: Array<{ projectId: number; report: ClientReport; receivedAtMs: number }>;
  /** Counted per release and minute (transaction_counts), never stored. */
  transactions: TransactionCount[];
}

export const emptyBatch = (): IngestBatch => ({
  events: [],
  sessions: [],
  aggregates: [],
  clientReports: [],
  transactions: [],
});

export function batchSize(batch: IngestBatch): number {
  return (
    batch.events.length +
    batch.sessions.length +
    batch.aggregates.length +
    batch.clientReports.length +
    batch.transactions.length
  );
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
  into.transactions.push(...from.transactions);
}

export function mergeBatches(batches: IngestBatch[]): IngestBatch {
  if (batches.length === 1) return batches[0]!;
  const merged = emptyBatch();
  for (const batch of batches) appendBatch(merged, batch);
  return merged;
}
