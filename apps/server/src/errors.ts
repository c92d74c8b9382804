// The one error type that crosses module edges: a code of the catalogue (error-catalogue.ts), which gives the
// HTTP status and the message, plus optional details. The HTTP layer turns it into {"error": {code, message, details}}.

import { ERROR_CATALOGUE, type ErrorCode, type ErrorEntry } from './error-catalogue.ts';

export type { ErrorCode };

export type ErrorDetails = Record<string, unknown>;

type Template<C extends ErrorCode> = (typeof ERROR_CATALOGUE)[C]['message'];

/** What a code's message template takes: `never` for a code whose message is fixed. */
export type ErrorParams<C extends ErrorCode> = Template<C> extends (params: infer P) => string ? P : never;

/**
 * The arguments of `new VigieError(…)`, checked per code: the code, its template's parameters unless its message
 * is fixed, then details. A code that is not in the catalogue, or a missing parameter, does not compile.
 */
export type VigieErrorArgs = {
  [C in ErrorCode]: Template<C> extends string
    ? [code: C, details?: ErrorDetails | undefined]
    : [code: C, params: ErrorParams<C>, details?: ErrorDetails | undefined];
}[ErrorCode];

export class VigieError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: ErrorDetails | undefined;

  constructor(...args: VigieErrorArgs) {
    const [code] = args;
    const entry: ErrorEntry = ERROR_CATALOGUE[code];
    const fixed = typeof entry.message === 'string';
    super(typeof entry.message === 'string' ? entry.message : entry.message(args[1] as never));
    this.name = 'VigieError';
    this.code = code;
    this.status = entry.status;
    this.details = (fixed ? args[1] : args[2]) as ErrorDetails | undefined;
  }
}
