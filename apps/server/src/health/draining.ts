// While the server drains (shutdown begun, readiness failing), a request that still reaches it, on a
// keep-alive connection the load balancer has not dropped yet, gets Vigie's error shape with
// Retry-After and Connection: close, so the client retries on another instance. Fastify's own
// return503OnClosing answers in its own shape and without Retry-After, so it stays off.

import type { FastifyInstance } from 'fastify';
import { VigieError } from '../errors.ts';
import type { Readiness } from './health.routes.ts';

/** Long enough for a load balancer to notice the failing readiness and route to another instance. */
export const DRAINING_RETRY_AFTER_SECONDS = 5;

/** Probes keep their own answers while draining: /livez stays ok, /readyz says shutting_down. */
const PROBES = new Set(['/livez', '/readyz']);

export function refuseWhileDraining(app: FastifyInstance, readiness: Readiness): void {
  app.addHook('onRequest', async (request, reply) => {
    if (!readiness.shuttingDown || PROBES.has(request.routeOptions.url ?? '')) return;
    reply.header('connection', 'close');
    throw new VigieError('shutting_down', { retryAfterSeconds: DRAINING_RETRY_AFTER_SECONDS });
  });
  // A request in flight when shutdown began closes its connection once answered. Left open, it would
  // be idle after the moment the server closed the idle ones, and a load balancer that marked this
  // instance down sends nothing more on it: the server would wait for it until the shutdown timeout.
  app.addHook('onSend', async (_request, reply, payload) => {
    if (readiness.shuttingDown) reply.header('connection', 'close');
    return payload;
  });
}
