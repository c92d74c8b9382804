// The one error type that crosses module edges: a stable snake_case code, an HTTP status and a message
// that says what is wrong and how to fix it. The HTTP layer turns it into {"error": {code, message, details}}.

export class VigieError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(status: number, code: string, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'VigieError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export const badRequest = (code: string, message: string, details?: Record<string, unknown>) =>
  new VigieError(400, code, message, details);
