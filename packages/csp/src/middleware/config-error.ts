// The error a misconfigured middleware throws at start-up, listing every problem so one fix round is enough.

/**
 * Thrown by the middleware factories when the configuration is invalid; `problems` lists each issue with where
 * it is (`policy: script-src: …`).
 *
 * @example
 * try {
 *   cspMiddleware({ policy: { 'script-src': ['self'] } });
 * } catch (error) {
 *   if (error instanceof CspConfigError) console.error(error.problems);
 *   // ["policy: Keyword self must be quoted ('self'); unquoted, browsers read it as a host name."]
 * }
 */
export class CspConfigError extends Error {
  readonly code = 'CSP_CONFIG_INVALID';
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Invalid Content-Security-Policy configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'CspConfigError';
    this.problems = problems;
  }
}
