// The dashboard's one way to the HTTP API: a typed fetch client over the OpenAPI paths. Requests go
// with the session cookie; those that change something carry the session's CSRF token. A failed
// request throws an ApiError holding the API's own code and message, for pages to show as they are.

import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './generated/schema.ts';

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });

let csrfToken: string | null = null;

/** Remembered from login, setup or /auth/me; sent on every request that changes something. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

const csrf: Middleware = {
  onRequest({ request }) {
    if (!SAFE.has(request.method) && csrfToken !== null) request.headers.set('x-csrf-token', csrfToken);
    return request;
  },
};
api.use(csrf);

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(status: number, code: string, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

function readError(status: number, body: unknown): ApiError {
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const error = (body as { error: unknown }).error;
    if (typeof error === 'object' && error !== null) {
      const { code, message, details } = error as Record<string, unknown>;
      if (typeof code === 'string' && typeof message === 'string') {
        const extra =
          typeof details === 'object' && details !== null ? (details as Record<string, unknown>) : undefined;
        return new ApiError(status, code, message, extra);
      }
    }
  }
  return new ApiError(status, 'http_error', `Vigie answered ${status}.`);
}

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The data of a successful answer; an ApiError otherwise. */
export async function ok<T>(request: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await request;
  } catch {
    throw new ApiError(0, 'network_error', 'Vigie cannot be reached. Check that it is running.');
  }
  if (result.response.ok) return result.data as T;
  throw readError(result.response.status, result.error);
}

/** True when the session is gone and the person should log in (again). */
export const isUnauthenticated = (error: unknown): boolean =>
  error instanceof ApiError && error.status === 401;
