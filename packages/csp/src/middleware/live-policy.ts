// The live policy: the project's published policy, taken from Vigie (GET /api/v1/projects/{id}/csp/policy
// with a read-only token), refreshed in the background with If-None-Match, and kept at the last good version
// whenever Vigie cannot be reached or answers something unusable, so a published change takes effect without
// a redeploy and an outage of Vigie never changes what the site sends.

import type { Policy } from '../policy/model.ts';
import { parsePolicy } from '../policy/parse.ts';

/**
 * Where the middleware takes the published policy from.
 *
 * @example
 * const live: LivePolicyOptions = {
 *   url: 'https://vigie.example.com', project: 3, token: process.env.VIGIE_CSP_TOKEN!, refreshSeconds: 60,
 * };
 */
export interface LivePolicyOptions {
  /** Vigie's base URL (https, or http on a loopback address). */
  url: string;
  /** The project's id. */
  project: number | string;
  /** An API token of a role that can read the project (a read-only token is enough). */
  token: string;
  /** How often to ask Vigie for a newer version (default 60 s; 304 answers cost next to nothing). */
  refreshSeconds?: number;
  /** Give up on one request after this long (default 5,000 ms); the last good version stays. */
  timeoutMs?: number;
  /** Called when a new version is in force. */
  onUpdate?: (version: LivePolicyVersion) => void;
  /** Called when a refresh fails (default: one line on stderr, not repeated while the same error lasts). */
  onError?: (error: Error) => void;
}

/**
 * A published version as Vigie serves it.
 *
 * @example
 * const v: LivePolicyVersion = { project: 3, version: 7, publishedAt: '2026-12-07T10:00:00Z', publishedBy: 'lead@example.com',
 *   enforce: "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic'", reportOnly: null, reportingEndpoints: null };
 */
export interface LivePolicyVersion {
  project: number | string;
  version: number;
  publishedAt: string;
  publishedBy: string;
  enforce: string | null;
  reportOnly: string | null;
  reportingEndpoints: string | null;
}

/**
 * A version read and checked, ready for the middleware.
 *
 * @example
 * const active: ActiveLivePolicy = { version: 7, enforce: parsePolicy("default-src 'self'").policy };
 */
export interface ActiveLivePolicy {
  version: number;
  enforce?: Policy;
  reportOnly?: Policy;
  reportingEndpoints?: string;
}

/**
 * What the live policy is doing, for a health page or a log line.
 *
 * @example
 * const { source, version, lastError } = cspExpress(options).core.live!.status();
 */
export interface LivePolicyStatus {
  /** `fallback`: the configured policy (nothing fetched yet, or nothing published); `vigie`: a published version. */
  source: 'fallback' | 'vigie';
  version?: number;
  /** When Vigie last answered usefully (200, 304 or 404). */
  lastCheckedAt?: Date;
  /** The last refresh's error, until a refresh succeeds. */
  lastError?: string;
}

/**
 * The handle the middleware keeps: the version in force, and control over the refreshes.
 *
 * @example
 * const live = cspExpress(options).core.live!;
 * await live.ready(); // the first fetch is done, successful or not
 * live.close(); // stops the background refresh (Fastify does this on close)
 */
export interface LivePolicy {
  current(): ActiveLivePolicy | undefined;
  status(): LivePolicyStatus;
  /** Resolves once the first fetch has finished, whatever its outcome. */
  ready(): Promise<void>;
  /** Asks Vigie now (one request at a time); resolves when the answer has been applied. */
  refresh(): Promise<void>;
  close(): void;
}

/** Bodies larger than this are not a policy: refused while reading. */
const MAX_BODY_BYTES = 512 * 1024;
const PRINTABLE = /^[\x20-\x7e]*$/;

/**
 * Problems with the live policy options; empty when they are usable.
 *
 * @example
 * livePolicyProblems({ url: 'vigie.example.com', project: 3, token: '' });
 * // ['livePolicy.url must be …', 'livePolicy.token must be …']
 */
export function livePolicyProblems(value: unknown): string[] {
  const example =
    "livePolicy: { url: 'https://vigie.example.com', project: 3, token: process.env.VIGIE_CSP_TOKEN }";
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return [`livePolicy must be an object, e.g. ${example}.`];
  const live = value as Record<string, unknown>;
  const problems: string[] = [];
  const url = live.url;
  if (typeof url !== 'string' || !URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    problems.push(
      `livePolicy.url must be Vigie's address, e.g. 'https://vigie.example.com'; got ${JSON.stringify(url)}.`,
    );
  } else {
    const { protocol, hostname } = new URL(url);
    const loopback = hostname === 'localhost' || /^127\./.test(hostname) || hostname === '[::1]';
    if (protocol === 'http:' && !loopback)
      problems.push(
        `livePolicy.url: "${url}" would send the token in clear text; write https://${url.slice('http://'.length)}.`,
      );
  }
  const project = live.project;
  if (
    !(typeof project === 'number' && Number.isInteger(project) && project > 0) &&
    !(typeof project === 'string' && /^[\w-]+$/.test(project))
  )
    problems.push(`livePolicy.project must be the project's id, e.g. 3; got ${JSON.stringify(project)}.`);
  if (typeof live.token !== 'string' || live.token.trim() === '' || !PRINTABLE.test(live.token))
    problems.push(
      'livePolicy.token must be a Vigie API token that can read the project (a read-only token is enough).',
    );
  for (const [key, min] of [
    ['refreshSeconds', 1],
    ['timeoutMs', 1],
  ] as const) {
    const n = live[key];
    if (n !== undefined && !(typeof n === 'number' && Number.isFinite(n) && n >= min))
      problems.push(`livePolicy.${key} must be a number ≥ ${min}; got ${JSON.stringify(n)}.`);
  }
  for (const key of ['onUpdate', 'onError'] as const) {
    if (live[key] !== undefined && typeof live[key] !== 'function')
      problems.push(`livePolicy.${key} must be a function.`);
  }
  return problems;
}

async function readBody(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (reader === undefined) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw new Error(`the answer is larger than ${MAX_BODY_BYTES} bytes, so it is not a policy`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function readPolicyText(body: Record<string, unknown>, key: string): Policy | undefined {
  const value = body[key];
  if (value === null) return undefined;
  if (typeof value !== 'string' || !PRINTABLE.test(value))
    throw new Error(`"${key}" must be a header value (printable ASCII) or null`);
  // 'nonce-{nonce}' is kept as written: the middleware fills it per response.
  const { policy } = parsePolicy(value);
  if (policy.directives.length === 0) throw new Error(`"${key}" holds no directive`);
  return policy;
}

/**
 * Reads and checks a published version (the body of a 200). Throws an error saying what is wrong.
 *
 * @example
 * readLiveVersion({ project: 3, version: 7, publishedAt: '…', publishedBy: '…', enforce: "default-src 'self'", reportOnly: null, reportingEndpoints: null }).version; // 7
 */
export function readLiveVersion(body: unknown): ActiveLivePolicy {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new Error('the answer is not a JSON object');
  const fields = body as Record<string, unknown>;
  const version = fields.version;
  if (typeof version !== 'number' || !Number.isInteger(version))
    throw new Error('"version" is not an integer');
  const active: ActiveLivePolicy = { version };
  const enforce = readPolicyText(fields, 'enforce');
  const reportOnly = readPolicyText(fields, 'reportOnly');
  if (enforce === undefined && reportOnly === undefined)
    throw new Error('the version has neither an enforced nor a report-only policy');
  if (enforce !== undefined) active.enforce = enforce;
  if (reportOnly !== undefined) active.reportOnly = reportOnly;
  const endpoints = fields.reportingEndpoints;
  if (endpoints !== null) {
    if (typeof endpoints !== 'string' || !PRINTABLE.test(endpoints) || endpoints.trim() === '')
      throw new Error('"reportingEndpoints" must be a header value (printable ASCII) or null');
    active.reportingEndpoints = endpoints;
  }
  return active;
}

function defaultOnError(): (error: Error) => void {
  let last = '';
  return (error) => {
    if (error.message === last) return;
    last = error.message;
    console.warn(`@vigie/csp: ${error.message}`);
  };
}

/**
 * Starts fetching the live policy: at once, then every `refreshSeconds`. The timer does not keep the process
 * alive; `close()` stops it.
 *
 * @example
 * const live = startLivePolicy({ url: 'https://vigie.example.com', project: 3, token });
 * live.current()?.version; // undefined until the first answer, then e.g. 7
 */
export function startLivePolicy(options: LivePolicyOptions): LivePolicy {
  const endpoint = `${options.url.replace(/\/+$/, '')}/api/v1/projects/${encodeURIComponent(String(options.project))}/csp/policy`;
  const onError = options.onError ?? defaultOnError();
  const state: LivePolicyStatus = { source: 'fallback' };
  let current: ActiveLivePolicy | undefined;
  let etag: string | undefined;
  let inFlight: Promise<void> | undefined;

  const fetchOnce = async (): Promise<void> => {
    const headers: Record<string, string> = {
      authorization: `Bearer ${options.token}`,
      accept: 'application/json',
    };
    if (etag !== undefined && current !== undefined) headers['if-none-match'] = etag;
    const response = await fetch(endpoint, {
      headers,
      redirect: 'error',
      signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
    });
    if (response.status === 304) {
      await response.body?.cancel();
      return;
    }
    if (response.status === 404) {
      // Nothing published yet: the fallback (or the version already in force) stays.
      await response.body?.cancel();
      return;
    }
    const text = await readBody(response);
    if (response.status !== 200) {
      throw new Error(`Vigie answered ${response.status} ${text.slice(0, 200)}`.trim());
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error('Vigie answered 200 with a body that is not JSON');
    }
    const next = readLiveVersion(body);
    etag = response.headers.get('etag') ?? undefined;
    if (current?.version !== next.version) {
      current = next;
      state.source = 'vigie';
      state.version = next.version;
      options.onUpdate?.(body as LivePolicyVersion);
    }
  };

  const refresh = (): Promise<void> => {
    inFlight ??= fetchOnce()
      .then(() => {
        state.lastCheckedAt = new Date();
        delete state.lastError;
      })
      .catch((error: unknown) => {
        const cause = error as Error & { cause?: { message?: string } };
        const why =
          cause.cause?.message === undefined ? cause.message : `${cause.message} (${cause.cause.message})`;
        const kept = current === undefined ? 'the fallback policy stays' : `version ${current.version} stays`;
        state.lastError = `could not refresh the live policy from ${endpoint}: ${why}; ${kept}.`;
        onError(new Error(state.lastError));
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };

  const first = refresh();
  const timer = setInterval(() => void refresh(), (options.refreshSeconds ?? 60) * 1000);
  timer.unref();
  return {
    current: () => current,
    status: () => ({ ...state }),
    ready: () => first,
    refresh,
    close: () => clearInterval(timer),
  };
}
