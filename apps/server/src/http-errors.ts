// One JSON error shape out of every route: {"error": {"code", "message", "details"}}.

import type { FastifyError, FastifyInstance } from 'fastify';
import { VigieError } from './errors.ts';

export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | VigieError, request, reply) => {
    if (error instanceof VigieError) {
      const retryAfter = error.details?.retryAfterSeconds;
      if (typeof retryAfter === 'number') {
        reply.header('retry-after', String(retryAfter));
        // Sentry SDKs back off per category from this header: "<seconds>:<categories>:<scope>".
        const scope = error.details?.rateLimitScope;
        if (typeof scope === 'string') reply.header('x-sentry-rate-limits', `${retryAfter}::${scope}`);
      }
      const body: ErrorBody = { error: { code: error.code, message: error.message } };
      if (error.details) body.error.details = error.details;
      return reply.status(error.status).send(body);
    }
    if (error.validation) {
      const where = error.validationContext ?? 'request';
      return reply.status(400).send({
        error: {
          code: 'invalid_request',
          message: `${where}: ${error.message}`,
          details: { issues: error.validation },
        },
      });
    }
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) {
      request.log.error({ err: error }, 'unhandled error');
      return reply.status(500).send({ error: { code: 'internal_error', message: 'Internal server error.' } });
    }
    const code = (error.code ?? 'bad_request').replace(/^FST_ERR_/, '').toLowerCase();
    return reply.status(status).send({ error: { code, message: error.message } });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      error: { code: 'not_found', message: `No route for ${request.method} ${request.url.split('?')[0]}.` },
    }),
  );
}
