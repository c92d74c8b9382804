// Validators for the non-event envelope items Vigie keeps: session updates, session aggregates and client
// reports. Field rules and defaults follow Relay's protocol types (relay-event-schema session.rs and
// client_report.rs) and its session normalization; anything Relay would drop is a 400 here.

import { randomUUID } from 'node:crypto';
import { VigieError } from '../errors.ts';
import { jsonPreview } from '../grouping/databag.ts';
import { parsePayloadJson } from '../storage/payload-json.ts';
import { parseSentryTimestampMs } from './clock-drift.ts';
import { notJson } from './store-body.ts';

export type SessionStatus = 'ok' | 'exited' | 'crashed' | 'abnormal' | 'errored';

export interface SessionUpdate {
  sid: string;
  did: string | null;
  init: boolean;
  seq?: number;
  startedMs: number;
  timestampMs: number;
  status: SessionStatus;
  errors: number;
  durationSeconds: number | null;
  release: string;
  environment: string | null;
  userAgent?: string;
  /** As sent; "{{auto}}" asks the server to use the client's address. */
  ipAddress?: string;
}

export interface SessionAggregateBucket {
  startedMs: number;
  did: string | null;
  exited: number;
  errored: number;
  abnormal: number;
  crashed: number;
}

export interface SessionAggregates {
  release: string;
  environment: string | null;
  buckets: SessionAggregateBucket[];
}

/** Which list of the client report a count came from, i.e. the outcome Relay records for it. */
export type ClientOutcome = 'client_discard' | 'rate_limited' | 'filtered' | 'filtered_sampling';

export interface DiscardedCount {
  reason: string;
  category: string;
  quantity: number;
  outcome: ClientOutcome;
}

export interface ClientReport {
  timestampMs: number | null;
  discarded: DiscardedCount[];
}

type Json = Record<string, unknown>;

/** One `session` item. `nowMs` stands in for a missing `timestamp`, as Relay uses the time of receipt. */
export function parseSessionUpdate(payload: unknown, nowMs: number = Date.now()): SessionUpdate {
  const fail = (problem: string) => new VigieError('invalid_session', { item: 'Session update', problem });
  const session = object(toJson(payload, 'session update'), 'the payload', fail);
  const attrs = object(session.attrs, '"attrs"', fail);
  const startedMs = timestamp(session.started, '"started"', fail);
  if (startedMs === undefined) throw fail('"started" is required (an RFC 3339 date-time).');
  // Relay moves a timestamp earlier than the start up to the start.
  const timestampMs = Math.max(timestamp(session.timestamp, '"timestamp"', fail) ?? nowMs, startedMs);
  const duration = session.duration;
  // Stored in whole milliseconds, which must be an integer both databases hold.
  const durationOk =
    typeof duration === 'number' && duration >= 0 && duration * 1000 <= Number.MAX_SAFE_INTEGER;
  if (duration !== undefined && duration !== null && !durationOk) {
    throw fail(`"duration" must be a number of seconds, got ${jsonPreview(duration)}.`);
  }

  const update: SessionUpdate = {
    sid: sessionId(session.sid, fail),
    did: distinctId(session.did, fail),
    init: flag(session.init, '"init"', fail),
    startedMs,
    timestampMs,
    status: sessionStatus(session.status, fail),
    errors: count(session.errors, '"errors"', fail, MAX_COUNT),
    durationSeconds: typeof duration === 'number' ? duration : null,
    release: release(attrs.release, fail),
    environment: environment(attrs.environment, fail),
  };
  if (session.seq !== undefined && session.seq !== null) update.seq = count(session.seq, '"seq"', fail);
  const userAgent = optionalString(attrs.user_agent, '"attrs.user_agent"', fail);
  if (userAgent) update.userAgent = userAgent;
  const ipAddress = optionalString(attrs.ip_address, '"attrs.ip_address"', fail);
  if (ipAddress) update.ipAddress = ipAddress;
  return update;
}

/** One `sessions` item: counts of sessions per start minute, sent by server SDKs in request mode. */
export function parseSessionAggregates(payload: unknown): SessionAggregates {
  const fail = (problem: string) =>
    new VigieError('invalid_session', { item: 'Session aggregates', problem });
  const body = object(toJson(payload, 'session aggregates'), 'the payload', fail);
  const attrs = object(body.attrs, '"attrs"', fail);
  const aggregates = body.aggregates ?? [];
  if (!Array.isArray(aggregates))
    throw fail(`"aggregates" must be an array, got ${jsonPreview(aggregates)}.`);
  const buckets = aggregates.map((entry: unknown, index): SessionAggregateBucket => {
    const where = `aggregates[${index}]`;
    const bucket = object(entry, where, fail);
    const startedMs = timestamp(bucket.started, `"${where}.started"`, fail);
    if (startedMs === undefined) throw fail(`"${where}.started" is required (an RFC 3339 date-time).`);
    return {
      startedMs,
      did: distinctId(bucket.did, fail),
      exited: count(bucket.exited, `"${where}.exited"`, fail, MAX_COUNT),
      // Relay's "unhandled" (an unhandled error that did not crash) is an errored session here.
      errored:
        count(bucket.errored, `"${where}.errored"`, fail, MAX_COUNT) +
        count(bucket.unhandled, `"${where}.unhandled"`, fail, MAX_COUNT),
      abnormal: count(bucket.abnormal, `"${where}.abnormal"`, fail, MAX_COUNT),
      crashed: count(bucket.crashed, `"${where}.crashed"`, fail, MAX_COUNT),
    };
  });
  return {
    release: release(attrs.release, fail),
    environment: environment(attrs.environment, fail),
    buckets,
  };
}

const REPORT_LISTS: ReadonlyArray<[string, ClientOutcome]> = [
  ['discarded_events', 'client_discard'],
  ['rate_limited_events', 'rate_limited'],
  ['filtered_events', 'filtered'],
  ['filtered_sampling_events', 'filtered_sampling'],
];

/**
 * One `client_report` item: what the SDK dropped before sending, merged from its four lists and summed per
 * (outcome, reason, category). Like Relay, entries whose reason is over 200 bytes are skipped.
 */
export function parseClientReport(payload: unknown): ClientReport {
  const fail = (problem: string) => new VigieError('invalid_client_report', { problem });
  const report = object(toJson(payload, 'client report'), 'the payload', fail);
  const merged = new Map<string, DiscardedCount>();
  for (const [list, outcome] of REPORT_LISTS) {
    const entries = report[list] ?? [];
    if (!Array.isArray(entries)) throw fail(`"${list}" must be an array, got ${jsonPreview(entries)}.`);
    entries.forEach((value: unknown, index) => {
      const where = `${list}[${index}]`;
      const entry = object(value, where, fail);
      const reason = optionalString(entry.reason, `"${where}.reason"`, fail);
      const category = optionalString(entry.category, `"${where}.category"`, fail);
      if (reason === undefined || !category) throw fail(`"${where}" needs a "reason" and a "category".`);
      const quantity = count(entry.quantity, `"${where}.quantity"`, fail, MAX_COUNT);
      if (Buffer.byteLength(reason) > 200) return;
      const key = `${outcome}\u0000${reason}\u0000${category}`;
      const existing = merged.get(key);
      if (existing) existing.quantity += quantity;
      else merged.set(key, { reason, category, quantity, outcome });
    });
  }
  return {
    timestampMs: timestamp(report.timestamp, '"timestamp"', fail) ?? null,
    discarded: [...merged.values()],
  };
}

type Fail = (message: string) => VigieError;

function toJson(payload: unknown, what: string): unknown {
  if (!(payload instanceof Uint8Array)) return payload;
  try {
    return parsePayloadJson(
      Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8'),
    );
  } catch (error) {
    throw notJson(what, error);
  }
}

function object(value: unknown, where: string, fail: Fail): Json {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Json;
  throw fail(`${where} must be a JSON object, got ${jsonPreview(value)}.`);
}

function timestamp(value: unknown, where: string, fail: Fail): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = parseSentryTimestampMs(value);
  if (ms === undefined) throw fail(`${where} is not a timestamp: ${jsonPreview(value)}.`);
  return ms;
}

/**
 * A count that is stored: Relay's u32 counters, within PostgreSQL's integer (SQLite would take more,
 * and the two databases must keep the same data).
 */
const MAX_COUNT = 2 ** 31 - 1;

function count(value: unknown, where: string, fail: Fail, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined || value === null) return 0;
  if (Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= max)
    return value as number;
  const range = max === Number.MAX_SAFE_INTEGER ? 'at least 0' : `from 0 to ${max}`;
  throw fail(`${where} must be a whole number ${range}, got ${jsonPreview(value)}.`);
}

function flag(value: unknown, where: string, fail: Fail): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  throw fail(`${where} must be true or false, got ${jsonPreview(value)}.`);
}

function optionalString(value: unknown, where: string, fail: Fail): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  throw fail(`${where} must be a string, got ${jsonPreview(value)}.`);
}

const UUID =
  /^(?:urn:uuid:)?\{?([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})\}?$/i;

/** A UUID in canonical lowercase hyphenated form; like Relay, a new one when the SDK sent none. */
function sessionId(value: unknown, fail: Fail): string {
  if (value === undefined || value === null) return randomUUID();
  const match = typeof value === 'string' ? UUID.exec(value.trim()) : null;
  if (!match) throw fail(`"sid" must be a UUID, got ${jsonPreview(value)}.`);
  return match.slice(1).join('-').toLowerCase();
}

/** The JavaScript SDK stringifies numeric user ids; accept both and treat "" as absent. */
function distinctId(value: unknown, fail: Fail): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw fail(`"did" must be a string, got ${jsonPreview(value)}.`);
}

function sessionStatus(value: unknown, fail: Fail): SessionStatus {
  const status = value ?? 'ok';
  switch (status) {
    case 'ok':
    case 'exited':
    case 'crashed':
    case 'abnormal':
    case 'errored':
      return status as SessionStatus;
    case 'unhandled':
      // Relay's newer status for an unhandled error that did not crash the app: errored, not a crash.
      return 'errored';
    default:
      throw fail(
        `"status" ${jsonPreview(value)} is not one of ok, exited, crashed, abnormal, errored, unhandled.`,
      );
  }
}

/** Relay's `validate_release` (sentry-release-parser); a session without a valid release is dropped. */
function release(value: unknown, fail: Fail): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw fail('"attrs.release" is required: release health is counted per release.');
  }
  if (Buffer.byteLength(value) > 200) throw fail('"attrs.release" is longer than 200 bytes.');
  if (value === '.' || value === '..' || value.toLowerCase() === 'latest') {
    throw fail(`"attrs.release" cannot be ${jsonPreview(value)}, a reserved name.`);
  }
  if (/[/\r\n\t\f]/.test(value)) throw fail('"attrs.release" cannot contain "/", a tab or a line break.');
  return value;
}

/** Relay's `validate_environment`: an invalid environment is dropped, not the session. */
function environment(value: unknown, fail: Fail): string | null {
  const name = optionalString(value, '"attrs.environment"', fail);
  if (name === undefined || name === '' || Buffer.byteLength(name) > 64) return null;
  if (name === '.' || name === '..' || name.toLowerCase() === 'none' || /[/\r\n\t\f]/.test(name)) return null;
  return name;
}
