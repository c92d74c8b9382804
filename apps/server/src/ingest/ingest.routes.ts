// The Sentry ingestion protocol: POST /api/{project_id}/envelope/, POST and GET
// /api/{project_id}/store/. Auth from X-Sentry-Auth, the sentry_key query parameter or the
// envelope's dsn header; bodies read with limits while streaming; 200 only once committed.

import cors from '@fastify/cors';
import type { FastifyRequest } from 'fastify';
import { VigieError } from '../errors.ts';
import type { ScrubRules } from '../grouping/scrub.ts';
import type { RoutePlugin } from '../http.ts';
import type { ProjectKey } from '../storage/schema.ts';
import { findPublicKey } from './auth.ts';
import { readBody } from './body.ts';
import { clockDriftMs } from './clock-drift.ts';
import { parseEnvelope, requireItems } from './envelope.ts';
import { type EnvelopeOutcome, envelopeToBatch, storeToBatch } from './envelope-batch.ts';
import type { EventContext } from './event-record.ts';
import type { KeyRates } from './key-rate.ts';
import type { IngestKeys } from './keys.ts';
import { INGEST_LIMITS } from './limits.ts';
import { decodeStoreBody, decodeStoreQuery } from './store-body.ts';
import type { EventWriter } from './writer.ts';

declare module 'fastify' {
  interface FastifyRequest {
    ingestKey: ProjectKey | undefined;
  }
}

export interface IngestDeps {
  keys: IngestKeys;
  rates: KeyRates;
  writer: EventWriter;
  /** Compiled once from the configuration, applied to every event. */
  scrub: ScrubRules;
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
  // Authenticate before reading the body whenever the key is in the URL or a header.
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const found = findPublicKey({
      headers: request.headers,
      query: request.query as Record<string, unknown>,
    });
    if (found) request.ingestKey = await deps.keys.authenticate(found.publicKey, projectIdOf(request));
  });

  // A 413 leaves the rest of the body unread (readBody pauses the request), so the connection
  // cannot carry another request: say so, and Node closes it once the answer is sent.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (reply.statusCode === 413) reply.header('connection', 'close');
    done(null, payload);
  });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', async (request: FastifyRequest, payload: NodeJS.ReadableStream) => {
    const envelope = request.routeOptions.url?.endsWith('/envelope/');
    return readBody(payload, {
      contentEncoding: request.headers['content-encoding'],
      maxCompressedBytes: envelope
        ? INGEST_LIMITS.maxEnvelopeCompressedBytes
        : INGEST_LIMITS.maxStoreCompressedBytes,
      maxBytes: envelope ? INGEST_LIMITS.maxEnvelopeBytes : INGEST_LIMITS.maxStoreBytes,
    });
  });

  const accept = async (key: ProjectKey, outcome: EnvelopeOutcome) => {
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
    return accept(key, envelopeToBatch(key.project_id, envelope, ctx));
  });

  app.post<ProjectParams>('/api/:projectId/store/', async (request) => {
    const key = await keyFor(request, deps.keys, undefined);
    const raw = decodeStoreBody(takeBody(request));
    return accept(key, storeToBatch(key.project_id, raw, eventContext(request, deps.scrub, undefined)));
  });

  app.get<ProjectParams & { Querystring: { sentry_data?: string } }>(
    '/api/:projectId/store/',
    async (request) => {
      const key = await keyFor(request, deps.keys, undefined);
      const data = request.query.sentry_data;
      if (!data) throw new VigieError('missing_data');
      return accept(
        key,
        storeToBatch(key.project_id, decodeStoreQuery(data), eventContext(request, deps.scrub, undefined)),
      );
    },
  );
};

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
  const found = envelopeDsn ? findPublicKey({ headers: {}, query: {}, envelopeDsn }) : undefined;
  if (!found) {
    throw new VigieError('missing_key');
  }
  return keys.authenticate(found.publicKey, projectIdOf(request));
}

function eventContext(request: FastifyRequest, scrub: ScrubRules, sentAt: string | undefined): EventContext {
  const receivedAtMs = Date.now();
  return { receivedAtMs, clockDriftMs: clockDriftMs(sentAt, receivedAtMs), clientIp: request.ip, scrub };
}
