// Reads an event's payload (the server's normalized event, untyped in the API) into the shapes the
// issue page shows. Everything in it came from an SDK, so nothing is trusted: a field of the wrong
// type is dropped, values are turned into strings, and React renders them as text only.

type Pairs = Array<[string, string]>;

export interface FrameView {
  filename: string | null;
  module: string | null;
  function: string | null;
  lineno: number | null;
  colno: number | null;
  inApp: boolean;
  contextLine: string | null;
  preContext: string[];
  postContext: string[];
  vars: Pairs;
  /** What source maps did with the frame; null when none applied (a server-side frame). */
  symbolication: FrameSymbolicationView | null;
}

/**
 * `mapped`: the frame is the original position, through the map named (found by the file's debug id,
 * or by the event's release and the file's URL); `unmapped`: the frame is as the SDK sent it, and why.
 */
export type FrameSymbolicationView =
  | { status: 'mapped'; map: string; via: 'debug_id'; debugId: string | null }
  | { status: 'mapped'; map: string; via: 'release'; release: string | null }
  | { status: 'unmapped'; reason: string };

export interface ExceptionView {
  type: string | null;
  value: string | null;
  mechanism: string | null;
  handled: boolean | null;
  /** Most recent call first, as people read a trace. */
  frames: FrameView[];
  /** The frames as the SDK sent them (minified), when source maps changed them; the same order. */
  rawFrames: FrameView[] | null;
}

export interface BreadcrumbView {
  timestamp: string | null;
  type: string | null;
  category: string | null;
  level: string | null;
  message: string | null;
  data: Pairs;
}

export interface RequestView {
  method: string | null;
  url: string | null;
  query: Pairs;
  headers: Pairs;
  cookies: Pairs;
  data: string | null;
}

export interface EventView {
  message: string | null;
  platform: string | null;
  release: string | null;
  environment: string | null;
  serverName: string | null;
  transaction: string | null;
  /** The outermost exception (the one that was caught) first. */
  exceptions: ExceptionView[];
  breadcrumbs: BreadcrumbView[];
  request: RequestView | null;
  user: Pairs;
  contexts: Array<[string, Pairs]>;
  tags: Pairs;
  extra: Pairs;
  sdk: { name: string; version: string } | null;
  /** Whether source maps were applied, and why none could be when that holds for the whole event. */
  symbolication: { status: 'mapped' | 'partial' | 'unmapped'; reason: string | null } | null;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Any JSON value as one line of text. */
export function asText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined) return '';
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

function pairs(v: unknown): Pairs {
  if (Array.isArray(v)) {
    return v.flatMap((p): Pairs => (Array.isArray(p) && p.length >= 2 ? [[asText(p[0]), asText(p[1])]] : []));
  }
  if (isObject(v)) return Object.entries(v).map(([k, value]) => [k, asText(value)]);
  return [];
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(asText) : []);

function readFrame(raw: unknown): FrameView | null {
  if (!isObject(raw)) return null;
  return {
    filename: str(raw.filename) ?? str(raw.absPath),
    module: str(raw.module),
    function: str(raw.function),
    lineno: num(raw.lineno),
    colno: num(raw.colno),
    inApp: raw.inApp === true,
    contextLine: str(raw.contextLine),
    preContext: strings(raw.preContext),
    postContext: strings(raw.postContext),
    vars: pairs(raw.vars),
    symbolication: readFrameSymbolication(raw.symbolication),
  };
}

function readFrameSymbolication(raw: unknown): FrameSymbolicationView | null {
  if (!isObject(raw)) return null;
  if (raw.status === 'unmapped') return { status: 'unmapped', reason: str(raw.reason) ?? 'unknown reason' };
  if (raw.status !== 'mapped') return null;
  const map = str(raw.map) ?? '(unnamed map)';
  return raw.via === 'release'
    ? { status: 'mapped', map, via: 'release', release: str(raw.release) }
    : { status: 'mapped', map, via: 'debug_id', debugId: str(raw.debugId) };
}

function readEventSymbolication(raw: unknown): EventView['symbolication'] {
  if (!isObject(raw)) return null;
  const status = raw.status;
  if (status !== 'mapped' && status !== 'partial' && status !== 'unmapped') return null;
  return { status, reason: str(raw.reason) };
}

function readException(raw: unknown): ExceptionView | null {
  if (!isObject(raw)) return null;
  const mechanism = isObject(raw.mechanism) ? raw.mechanism : null;
  const frames = Array.isArray(raw.frames) ? raw.frames.map(readFrame).filter((f) => f !== null) : [];
  const rawFrames = Array.isArray(raw.rawFrames)
    ? raw.rawFrames.map(readFrame).filter((f) => f !== null)
    : null;
  return {
    type: str(raw.type),
    value: str(raw.value),
    mechanism: mechanism ? str(mechanism.type) : null,
    handled: mechanism && typeof mechanism.handled === 'boolean' ? mechanism.handled : null,
    frames: frames.reverse(),
    rawFrames: rawFrames && rawFrames.length > 0 ? rawFrames.reverse() : null,
  };
}

function timestampOf(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) {
    // SDKs send seconds since the epoch (with a fraction); some send milliseconds.
    const date = new Date(v > 1e12 ? v : v * 1000);
    return Number.isNaN(date.getTime()) ? null : date.toISOString();
  }
  return null;
}

function readBreadcrumb(raw: unknown): BreadcrumbView | null {
  if (!isObject(raw)) return null;
  return {
    timestamp: timestampOf(raw.timestamp),
    type: str(raw.type),
    category: str(raw.category),
    level: str(raw.level),
    message: raw.message === undefined || raw.message === null ? null : asText(raw.message),
    data: pairs(raw.data),
  };
}

function readRequest(raw: unknown): RequestView | null {
  if (!isObject(raw)) return null;
  return {
    method: str(raw.method),
    url: str(raw.url),
    query: pairs(raw.query_string),
    headers: pairs(raw.headers),
    cookies: pairs(raw.cookies),
    data: raw.data === undefined || raw.data === null ? null : asText(raw.data),
  };
}

export function readEvent(data: Record<string, unknown>): EventView {
  const sdk = isObject(data.sdk) ? data.sdk : null;
  const exceptions = Array.isArray(data.exceptions)
    ? data.exceptions.map(readException).filter((e) => e !== null)
    : [];
  return {
    message: str(data.message),
    platform: str(data.platform),
    release: str(data.release),
    environment: str(data.environment),
    serverName: str(data.serverName),
    transaction: str(data.transaction),
    exceptions: exceptions.reverse(),
    breadcrumbs: Array.isArray(data.breadcrumbs)
      ? data.breadcrumbs.map(readBreadcrumb).filter((b) => b !== null)
      : [],
    request: readRequest(data.request),
    user: pairs(data.user),
    contexts: isObject(data.contexts)
      ? Object.entries(data.contexts).map(([name, value]): [string, Pairs] => [name, pairs(value)])
      : [],
    tags: pairs(data.tags),
    extra: pairs(data.extra),
    sdk: sdk ? { name: asText(sdk.name), version: asText(sdk.version) } : null,
    symbolication: readEventSymbolication(data.symbolication),
  };
}

const SECRET_NAME = /auth|cookie|token|secret|passw|session|csrf|xsrf|api[-_]?key|signature|credential/i;

/** A header or cookie value as the page shows it: secrets masked, the rest as sent. */
export function maskSecret(name: string, value: string): string {
  return SECRET_NAME.test(name) && value !== '' ? '[masked]' : value;
}
