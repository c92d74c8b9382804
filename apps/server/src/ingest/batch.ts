// What one group commit writes: the events of every request that arrived in the last few
// milliseconds, plus their sessions and client outcomes.

import type { Fingerprint } from '../grouping/fingerprint.ts';
import type { ClientReport, SessionAggregates, SessionUpdate } from './items.ts';

/**
 * One event as the writer needs it: the columns it indexes, and the normalized event as JSON.
 * Flat on purpose: batches cross to the writer thread by structured clone.
 */
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
  fingerprint: Fingerprint;
  /** The normalized event as JSON; compressed by the writer, off the request path. */
  json: string;
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

export function appendBatch(into: IngestBatch, from: IngestBatch): void {
  into.events.push(...from.events);
  into.sessions.push(...from.sessions);
  into.aggregates.push(...from.aggregates);
  into.clientReports.push(...from.clientReports);
}
