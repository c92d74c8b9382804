// One JSON error shape out of every route: {"error": {"code", "message", "details"}}, with a code of the
// catalogue. What Fastify itself refuses (a body it cannot parse, a URL it cannot route, a request that does
// not match its schema) is mapped to a catalogue code here, so clients never see a code the catalogue lacks.

import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCodeSchema } from './api/schemas.ts';
import { type ErrorCode, type ErrorDetails, VigieError } from './errors.ts';
import { describeValidation } from './validation-message.ts';

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: ErrorDetails };
}

/**
 * The errors Fastify raises before a route's handler runs, from its JSON body parser and its router, and the
 * code each is answered with; the message stays Fastify's.
 */
const FASTIFY_CODES = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_content_length',
  FST_ERR_BAD_URL: 'invalid_url',
  FST_ERR_MAX_PARAM_LENGTH: 'path_parameter_too_long',
} as const satisfies Record<string, ErrorCode>;

/** The catalogue error a client gets for `error`; undefined for a failure of Vigie's own (a 500). */
export function clientError(
  error: FastifyError | VigieError,
  request: FastifyRequest,
): VigieError | undefined {
  if (error instanceof VigieError) return error;
  if (error.validation) {
    const message = validationProblem(error, request);
    return new VigieError('invalid_request', { message }, { issues: error.validation });
  }
  if (Object.hasOwn(FASTIFY_CODES, error.code)) {
    const code = FASTIFY_CODES[error.code as keyof typeof FASTIFY_CODES];
    return new VigieError(code, { message: error.message });
  }
  // A 4xx without a code of its own: the request body stream failed (the client went away mid-body).
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return new VigieError('bad_request', { message: error.message });
  }
  return undefined;
}

/** What is wrong with the request, said from its route's schema and its data (validation-message.ts). */
function validationProblem(error: FastifyError, request: FastifyRequest): string {
  const dataVar = error.validationContext ?? 'request';
  const parts: Record<string, [unknown, unknown]> = {
    body: [request.routeOptions.schema?.body, request.body],
    querystring: [request.routeOptions.schema?.querystring, request.query],
    params: [request.routeOptions.schema?.params, request.params],
    headers: [request.routeOptions.schema?.headers, request.headers],
  };
  const [schema, data] = parts[dataVar] ?? [undefined, undefined];
  return describeValidation(error.validation ?? [], { dataVar, schema, data });
}

/** Answers `error` in the one error shape; also Fastify's frameworkErrors handler (see app.ts). */
export function sendError(error: FastifyError | VigieError, request: FastifyRequest, reply: FastifyReply) {
  const answer = clientError(error, request);
  if (!answer) {
    request.log.error({ err: error }, 'unhandled error');
    const internal = new VigieError('internal_error');
    return reply.status(internal.status).send(errorBody(internal));
  }
  const retryAfter = answer.details?.retryAfterSeconds;
  if (typeof retryAfter === 'number') {
    reply.header('retry-after', String(retryAfter));
    // Sentry SDKs back off per category from this header: "<seconds>:<categories>:<scope>".
    const scope = answer.details?.rateLimitScope;
    if (typeof scope === 'string') reply.header('x-sentry-rate-limits', `${retryAfter}::${scope}`);
  }
  return reply.status(answer.status).send(errorBody(answer));
}

function errorBody(error: VigieError): ErrorBody {
  const body: ErrorBody = { error: { code: error.code, message: error.message } };
  if (error.details) body.error.details = error.details;
  return body;
}

/** Before any route: their error responses refer to the ErrorCode schema. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.addSchema(ErrorCodeSchema);
  app.setErrorHandler(sendError);
  app.setNotFoundHandler((request, reply) => {
    const message = `No route for ${request.method} ${request.url.split('?')[0]}.`;
    return sendError(new VigieError('not_found', { message }), request, reply);
  });
}
