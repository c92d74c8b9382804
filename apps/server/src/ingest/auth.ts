// Finds the DSN public key of an ingest request, wherever the SDK put it: the X-Sentry-Auth header, an
// `Authorization: Sentry …` header, the `sentry_key` query parameter, or the envelope's `dsn` header.

export interface DsnParts {
  publicKey: string;
  /** Only legacy DSNs carry one; Sentry ignores it and so does Vigie. */
  secretKey?: string;
  projectId: string;
  /** Host with its port, as in the DSN: "sentry.example.com" or "127.0.0.1:9000". */
  host: string;
  /** "http" or "https". */
  protocol: string;
  /** Path before the project id without a trailing slash: "" for most DSNs, "/sentry" behind a prefix. */
  path: string;
}

export interface FoundKey {
  publicKey: string;
  secretKey?: string;
  source: 'header' | 'query' | 'envelope';
}

export interface AuthInput {
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, unknown>;
  envelopeDsn?: string | undefined;
}

/**
 * Reads `Sentry sentry_key=abc, sentry_version=7, sentry_client=sentry.python/1.9.10` (the `Sentry ` prefix is
 * optional) into `{ sentry_key: 'abc', … }`. Keys keep their `sentry_` prefix; pairs without "=" are skipped.
 */
export function parseSentryAuthHeader(value: string): Record<string, string> {
  const pairs = value.trim().replace(/^sentry\s+/i, '');
  const entries: [string, string][] = [];
  for (const pair of pairs.split(',')) {
    const equals = pair.indexOf('=');
    if (equals <= 0) continue;
    const key = pair.slice(0, equals).trim();
    const raw = pair.slice(equals + 1).trim();
    if (key === '') continue;
    entries.push([key, raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw]);
  }
  // fromEntries defines own properties, so a "__proto__" key cannot reach the prototype.
  return Object.fromEntries(entries);
}

/** Splits `https://<public_key>[:<secret>]@<host>[:port][/<path>]/<project_id>`; undefined when it is not a DSN. */
export function parseDsn(dsn: string): DsnParts | undefined {
  let url: URL;
  try {
    url = new URL(dsn.trim());
  } catch {
    return undefined;
  }
  const protocol = url.protocol.replace(/:$/, '');
  if (protocol !== 'http' && protocol !== 'https') return undefined;
  const publicKey = percentDecoded(url.username);
  const secretKey = percentDecoded(url.password);
  if (publicKey === undefined || secretKey === undefined) return undefined;
  const segments = url.pathname.replace(/\/+$/, '').split('/');
  const projectId = segments.pop() ?? '';
  if (publicKey === '' || projectId === '' || url.host === '') return undefined;
  const parts: DsnParts = { publicKey, projectId, host: url.host, protocol, path: segments.join('/') };
  if (secretKey !== '') parts.secretKey = secretKey;
  return parts;
}

/** A URL's user or password with its %XX escapes undone; undefined when an escape is malformed ("%zz"). */
function percentDecoded(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/**
 * The first public key found, in this order: X-Sentry-Auth, `Authorization: Sentry …`, `sentry_key` in the
 * query, the envelope's `dsn` header. (Relay rejects a request that carries two; Vigie takes the first.)
 */
export function findPublicKey(input: AuthInput): FoundKey | undefined {
  const sentryAuth = header(input.headers, 'x-sentry-auth');
  const authorization = header(input.headers, 'authorization');
  const candidates = [
    sentryAuth,
    // Authorization also carries API bearer tokens: only the Sentry scheme is an ingest key.
    authorization !== undefined && /^sentry\s/i.test(authorization.trim()) ? authorization : undefined,
  ];
  for (const value of candidates) {
    if (value === undefined) continue;
    const fields = parseSentryAuthHeader(value);
    const found = withSecret(fields.sentry_key, fields.sentry_secret, 'header');
    if (found) return found;
  }

  const fromQuery = withSecret(first(input.query.sentry_key), first(input.query.sentry_secret), 'query');
  if (fromQuery) return fromQuery;

  if (input.envelopeDsn !== undefined) {
    const dsn = parseDsn(input.envelopeDsn);
    if (dsn) return withSecret(dsn.publicKey, dsn.secretKey, 'envelope');
  }
  return undefined;
}

function withSecret(
  publicKey: string | undefined,
  secretKey: string | undefined,
  source: FoundKey['source'],
): FoundKey | undefined {
  const key = publicKey?.trim();
  if (!key) return undefined;
  const found: FoundKey = { publicKey: key, source };
  const secret = secretKey?.trim();
  if (secret) found.secretKey = secret;
  return found;
}

function header(headers: AuthInput['headers'], name: string): string | undefined {
  const direct = headers[name];
  const value =
    direct ??
    Object.entries(headers).find(([key]) => key.toLowerCase() === name && headers[key] !== undefined)?.[1];
  return first(value);
}

function first(value: unknown): string | undefined {
  const single = Array.isArray(value) ? value[0] : value;
  return typeof single === 'string' ? single : undefined;
}
