// Transactions are counted, not kept: each one is a request the SDK traced, and the deploy gate divides a
// release's errors by them when the SDK sends no sessions. Its payload gives the release, environment and
// time; its trace's sample rate (the envelope header's dynamic sampling context) says how many requests it
// stands for. Pure.

import { VigieError } from '../errors.ts';
import { asSingleLine, isObject } from '../grouping/coerce.ts';
import { jsonPreview } from '../grouping/databag.ts';
import { MAX_CHARS } from '../grouping/event.ts';
import { normalizeRelease } from '../grouping/normalize.ts';
import { eventTimestampMs } from '../grouping/timestamp.ts';

/** One transaction as the writer counts it. */
export interface TransactionCount {
  projectId: number;
  release: string;
  environment: string;
  /** When it ended, on Vigie's clock (drift-corrected like an event's). */
  timestampMs: number;
  /** The head sampling rate of its trace, in (0, 1]: the transaction stands for 1 / sampleRate requests. */
  sampleRate: number;
}

const fail = (problem: string) => new VigieError('invalid_transaction', { problem });

/**
 * The sample rate of the envelope's trace: `trace.sample_rate` of its header, the dynamic sampling context
 * (develop.sentry.dev/sdk/telemetry/traces/dynamic-sampling-context/), a string since it travels in the
 * `baggage` header ("0.25"); Relay also takes a number. Undefined when the header carries none (older SDKs).
 */
export function traceSampleRate(trace: unknown): number | undefined {
  if (trace === undefined || trace === null) return undefined;
  if (!isObject(trace))
    throw fail(`the envelope header's "trace" must be an object, got ${jsonPreview(trace)}.`);
  const sent = trace.sample_rate;
  if (sent === undefined || sent === null) return undefined;
  const rate = typeof sent === 'string' && sent.trim() !== '' ? Number(sent) : sent;
  if (typeof rate !== 'number' || !(rate > 0 && rate <= 1)) {
    throw fail(
      `the envelope header's "trace.sample_rate" must be a number above 0 and at most 1, like "0.25"; got ${jsonPreview(sent)}.`,
    );
  }
  return rate;
}

/**
 * One `transaction` item (or a /store/ payload of type "transaction"): null when it names no valid release,
 * since requests are only counted per release. Without a rate in the envelope header, the rate the
 * JavaScript SDKs also write into the trace context (`contexts.trace.data["sentry.sample_rate"]`), else 1.
 */
export function parseTransaction(
  projectId: number,
  payload: unknown,
  ctx: { receivedAtMs: number; clockDriftMs: number; sampleRate: number | undefined },
): TransactionCount | null {
  if (!isObject(payload)) throw fail(`the payload must be a JSON object, got ${jsonPreview(payload)}.`);
  if (payload.type !== undefined && payload.type !== 'transaction') {
    throw fail(`an item of type "transaction" holds an event of type ${jsonPreview(payload.type)}.`);
  }
  const release = normalizeRelease(payload.release);
  if (release === null) return null;
  return {
    projectId,
    release,
    environment: asSingleLine(payload.environment, MAX_CHARS.environment) ?? 'production',
    timestampMs: eventTimestampMs(payload.timestamp, ctx.receivedAtMs, ctx.clockDriftMs),
    sampleRate: ctx.sampleRate ?? contextSampleRate(payload) ?? 1,
  };
}

/**
 * A `span` item of span streaming (the span v2 container SDKs such as @sentry/node 11 send by default instead
 * of transactions): each segment span (`is_segment`, the root span of a request) is counted as a transaction,
 * its release and environment from its `sentry.release` and `sentry.environment` attributes. Spans are not
 * kept, so a container Vigie cannot read is skipped, never refused.
 */
export function parseSegmentSpans(
  projectId: number,
  payload: unknown,
  ctx: { receivedAtMs: number; clockDriftMs: number; sampleRate: number | undefined },
): TransactionCount[] {
  const spans = isObject(payload) && Array.isArray(payload.items) ? payload.items : [];
  const counted: TransactionCount[] = [];
  for (const span of spans) {
    if (!isObject(span) || span.is_segment !== true) continue;
    const attributes = isObject(span.attributes) ? span.attributes : {};
    const release = normalizeRelease(attributeValue(attributes, 'sentry.release'));
    if (release === null) continue;
    const ownRate = attributeValue(attributes, 'sentry.sample_rate');
    counted.push({
      projectId,
      release,
      environment:
        asSingleLine(attributeValue(attributes, 'sentry.environment'), MAX_CHARS.environment) ?? 'production',
      timestampMs: eventTimestampMs(span.end_timestamp, ctx.receivedAtMs, ctx.clockDriftMs),
      sampleRate:
        ctx.sampleRate ?? (typeof ownRate === 'number' && ownRate > 0 && ownRate <= 1 ? ownRate : 1),
    });
  }
  return counted;
}

/** A span v2 attribute is `{ type, value }`. */
function attributeValue(attributes: Record<string, unknown>, name: string): unknown {
  const attribute = attributes[name];
  return isObject(attribute) ? attribute.value : undefined;
}

function contextSampleRate(payload: Record<string, unknown>): number | undefined {
  const contexts = payload.contexts;
  const trace = isObject(contexts) ? contexts.trace : undefined;
  const data = isObject(trace) ? trace.data : undefined;
  const rate = isObject(data) ? data['sentry.sample_rate'] : undefined;
  return typeof rate === 'number' && rate > 0 && rate <= 1 ? rate : undefined;
}
