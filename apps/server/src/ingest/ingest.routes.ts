// The Sentry ingestion protocol: POST /api/{project_id}/envelope/, POST and GET
// /api/{project_id}/store/. Auth from X-Sentry-Auth, the sentry_key query parameter or the
// envelope's dsn header (checked as soon as that line is decoded); bodies read with limits while
// streaming; 200 only once committed.

import cors from '@fastify/cors';
import type { FastifyRequest } from 'fastify';
import { type CspCollector, collectorRoutes, takeReports } from '../csp/collector.routes.ts';
import { isCspReportBody, isCspReportContentType } from '../csp/report-body.ts';
import { VigieError } from '../errors.ts';
import type { ScrubRules } from '../grouping/scrub.ts';
import type { RoutePlugin } from '../http.ts';
import { withSourceMaps } from '../sourcemaps/ingest-pass.ts';
import type { SourceMapStore } from '../sourcemaps/source-map-store.ts';
import type { ProjectKey } from '../storage/schema.ts';
import { type BodyHold, IngestAdmission } from './admission.ts';
import { findPublicKey } from './auth.ts';
import { readBody } from './body.ts';
import { clockDriftMs } from './clock-drift.ts';
import { parseEnvelope, parseEnvelopeHeader, requireItems } from './envelope.ts';
import { type EnvelopeOutcome, envelopeToBatch, storeToBatch } from './envelope-batch.ts';
import type { EventContext } from './event-record.ts';
import type { FirstLineCheck } from './first-line.ts';
import type { KeyRates } from './key-rate.ts';
import type { IngestKeys } from './keys.ts';
import { INGEST_LIMITS } from './limits.ts';
import { decodeStoreBody, decodeStoreQuery } from './store-body.ts';
import type { EventWriter } from './writer.ts';

declare module 'fastify' {
  interface FastifyRequest {
    ingestKey: ProjectKey | undefined;
    /** The bytes this request's body holds in the ingest budget, until its events are parsed. */
    ingestHold: BodyHold | undefined;
    /** Reading the body stopped before its end: the connection must close after the answer. */
    ingestBodyLeftUnread: boolean;
  }
}

/**
 * How long an envelope's header line may be when the key is only there: enough for any SDK's
 * header (its trace context included), and all an unauthenticated request gets decompressed.
 */
const MAX_HEADER_LINE_BYTES = 64 * 1024;

export interface IngestDeps {
  keys: IngestKeys;
  rates: KeyRates;
  writer: EventWriter;
  /** Compiled once from the configuration, applied to every event. */
  scrub: ScrubRules;
  /** Uploaded source maps: minified stack traces are mapped before grouping. */
  sourceMaps: SourceMapStore;
  /** Stores browsers' CSP reports (csp/): its endpoints live in this plugin, for its keys and limits. */
  csp: CspCollector;
}

type ProjectParams = { Params: { projectId: string } };

const SENTRY_HEADERS = [
  'content-type',
  'content-encoding',
  'x-sentry-auth',
  'authorization',
  'sentry-trace',
  'baggage',
  'x-requested-with',
  'accept',
  'origin',
];

export const ingestRoutes: RoutePlugin<IngestDeps> = async (app, deps) => {
  // Strings, not arrays: @fastify/cors joins an array on every request.
  await app.register(cors, {
    origin: '*',
    methods: 'GET, POST',
    allowedHeaders: SENTRY_HEADERS.join(', '),
    exposedHeaders: 'x-sentry-error, x-sentry-rate-limits, retry-after',
    maxAge: 3600,
  });

  app.decorateRequest('ingestKey', undefined);
  app.decorateRequest('ingestHold', undefined);
  app.decorateRequest('ingestBodyLeftUnread', false);
  const admission = new IngestAdmission(deps.writer, deps.writer.queueBytes);
  // Authenticate before reading the body whenever the key is in the URL or a header. Only an
  // envelope can name its key in the body: a store request without one is refused unread. Then
  // admit it by the memory its body will hold, or answer 429 before reading that body.
  app.addHook('onRequest', async (request: FastifyRequest) => {
    if (request.method === 'OPTIONS') return;
    const found = findPublicKey({
      headers: request.headers,
      query: request.query as Record<string, unknown>,
    });
    if (found) request.ingestKey = await deps.keys.authenticate(found.publicKey, projectIdOf(request));
    else if (isStoreRequest(request)) throw new VigieError('missing_key');
    request.ingestHold = admission.admit(Number(request.headers['content-length']) || 0);
  });
  // Whatever the outcome, the body's bytes are no longer held once the request is answered.
  app.addHook('onResponse', async (request) => request.ingestHold?.release());
  app.addHook('onRequestAbort', async (request) => request.ingestHold?.release());

  // A body refused mid-way (too large, not valid compressed data, a key refused after the
  // envelope's first line) is left unread, so the connection cannot carry another request: say so,
  // and Node closes it once the answer is sent.
  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.ingestBodyLeftUnread) reply.header('connection', 'close');
    done(null, payload);
  });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', async (request: FastifyRequest, payload: NodeJS.ReadableStream) => {
    const envelope = request.routeOptions.url?.endsWith('/envelope/');
    try {
      const body = await readBody(payload, {
        contentEncoding: request.headers['content-encoding'],
        maxCompressedBytes: envelope
          ? INGEST_LIMITS.maxEnvelopeCompressedBytes
          : INGEST_LIMITS.maxStoreCompressedBytes,
        maxBytes: envelope ? INGEST_LIMITS.maxEnvelopeBytes : INGEST_LIMITS.maxStoreBytes,
        firstLine: envelope && !request.ingestKey ? envelopeHeaderAuth(request, deps.keys) : undefined,
      });
      request.ingestHold?.resize(body.length);
      return body;
    } catch (error) {
      request.ingestBodyLeftUnread = !request.raw.complete;
      throw error;
    }
  });

  const accept = async (request: FastifyRequest, key: ProjectKey, outcome: EnvelopeOutcome) => {
    // The body is parsed: its bytes are free, and the events' JSON is held by the writer's queue.
    request.ingestHold?.release();
    await deps.rates.consume(key, outcome.batch.events.length);
    // Only the id stays alive while the request waits for its commit, not the parsed events.
    const id = outcome.eventId;
    await deps.writer.submit(outcome.batch);
    return { id };
  };

  app.post<ProjectParams>('/api/:projectId/envelope/', async (request) => {
    const envelope = parseEnvelope(takeBody(request));
    const key = await keyFor(
      request,
      deps.keys,
      typeof envelope.headers.dsn === 'string' ? envelope.headers.dsn : undefined,
    );
    requireItems(envelope, projectIdOf(request));
    const ctx = eventContext(
      request,
      deps.scrub,
      typeof envelope.headers.sent_at === 'string' ? envelope.headers.sent_at : undefined,
    );
    const outcome = await withSourceMaps(deps.sourceMaps, (symbolicate) =>
      envelopeToBatch(key.project_id, envelope, { ...ctx, symbolicate }),
    );
    return accept(request, key, outcome);
  });

  await app.register(collectorRoutes, { collector: deps.csp, rates: deps.rates });

  app.post<ProjectParams>('/api/:projectId/store/', async (request, reply) => {
    const key = await keyFor(request, deps.keys, undefined);
    const body = takeBody(request);
    // A browser pointed at /store/ by a report-uri copied from a DSN: its CSP report goes to the
    // collector, not into an issue with every field dropped.
    if (isCspReportContentType(request.headers['content-type']) || isCspReportBody(body)) {
      return takeReports(request, reply, body, { collector: deps.csp, rates: deps.rates });
    }
    const raw = decodeStoreBody(body);
    const ctx = eventContext(request, deps.scrub, undefined);
    const outcome = await withSourceMaps(deps.sourceMaps, (symbolicate) =>
      storeToBatch(key.project_id, raw, { ...ctx, symbolicate }),
    );
    return accept(request, key, outcome);
  });

  app.get<ProjectParams & { Querystring: { sentry_data?: string } }>(
    '/api/:projectId/store/',
    async (request) => {
      const key = await keyFor(request, deps.keys, undefined);
      const data = request.query.sentry_data;
      if (!data) throw new VigieError('missing_data');
      return accept(
        request,
        key,
        storeToBatch(key.project_id, decodeStoreQuery(data), eventContext(request, deps.scrub, undefined)),
      );
    },
  );
};

/** Requests that can only carry their key in the URL or headers (store, CSP reports): refused unread without one. */
function isStoreRequest(request: FastifyRequest): boolean {
  const url = request.routeOptions.url ?? '';
  return (
    (request.method === 'POST' || request.method === 'GET') &&
    (url.endsWith('/store/') || url.endsWith('/csp-report/') || url.endsWith('/security/'))
  );
}

/** Authenticates an envelope that names its key only in its header, from that line alone. */
function envelopeHeaderAuth(request: FastifyRequest, keys: IngestKeys): FirstLineCheck {
  return {
    maxBytes: MAX_HEADER_LINE_BYTES,
    check: async (line, complete) => {
      if (!complete) {
        throw new VigieError('invalid_envelope', {
          message: `The envelope header line is longer than ${MAX_HEADER_LINE_BYTES / 1024} KiB; with no DSN key in the URL or headers, the key must be in that line's "dsn".`,
        });
      }
      const headers = parseEnvelopeHeader(line);
      request.ingestKey = await keys.authenticate(keyInDsn(headers.dsn), projectIdOf(request));
    },
  };
}

/** The public key of an envelope's `dsn` header: 401 when there is none, or it is not a DSN. */
function keyInDsn(dsn: string | undefined): string {
  if (dsn === undefined) throw new VigieError('missing_key');
  const found = findPublicKey({ headers: {}, query: {}, envelopeDsn: dsn });
  if (!found) throw new VigieError('invalid_dsn', { dsn });
  return found.publicKey;
}

function projectIdOf(request: FastifyRequest): string {
  return (request.params as { projectId?: string }).projectId ?? '';
}

/**
 * The request's body, which the request then lets go of (readBody keeps no reference either). A
 * request waiting for its commit holds only its event id, so its body is young garbage, collected
 * cheaply at once; bodies kept until the answer outlive that collection and pile up in the old
 * generation, which under load is where the process's memory goes.
 */
function takeBody(request: FastifyRequest): Buffer {
  const body = request.body;
  request.body = undefined;
  if (!Buffer.isBuffer(body) || body.length === 0) {
    throw new VigieError('empty_body');
  }
  return body;
}

async function keyFor(
  request: FastifyRequest,
  keys: IngestKeys,
  envelopeDsn: string | undefined,
): Promise<ProjectKey> {
  if (request.ingestKey) return request.ingestKey;
  return keys.authenticate(keyInDsn(envelopeDsn), projectIdOf(request));
}

function eventContext(request: FastifyRequest, scrub: ScrubRules, sentAt: string | undefined): EventContext {
  const receivedAtMs = Date.now();
  return { receivedAtMs, clockDriftMs: clockDriftMs(sentAt, receivedAtMs), clientIp: request.ip, scrub };
}
