// Configuration: one TypeBox schema validates the environment at boot and is the Config type.
// Read once in main.ts, frozen, and passed down; nothing reads process.env after boot.

import path from 'node:path';
import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';

const Env = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8000, description: 'HTTP port.' }),
  HOST: Type.String({ default: '0.0.0.0', description: 'Address to listen on.' }),
  VIGIE_DATA_DIR: Type.String({
    default: './data',
    minLength: 1,
    description: 'Folder for the SQLite database (used when DATABASE_URL is not set).',
  }),
  DATABASE_URL: Type.Optional(
    Type.String({
      pattern: '^postgres(ql)?://',
      description: 'postgres://user@host:5432/db — use PostgreSQL instead of the embedded SQLite.',
    }),
  ),
  VIGIE_PUBLIC_URL: Type.Optional(
    Type.String({
      pattern: '^https?://',
      description:
        'URL that SDKs and browsers reach Vigie at; used in DSNs. Default http://localhost:PORT; the CLI, unless given it, uses the URL the server last started with.',
    }),
  ),
  VIGIE_BOOTSTRAP_TOKEN: Type.Optional(
    Type.String({
      minLength: 20,
      description: 'Admin API token created on first start instead of a generated one (automation).',
    }),
  ),
  VIGIE_URL: Type.Optional(
    Type.String({
      pattern: '^https?://',
      description:
        'The Vigie that `vigie deploy` and `vigie gate` ask, from a pipeline. Default VIGIE_PUBLIC_URL.',
    }),
  ),
  VIGIE_TOKEN: Type.Optional(
    Type.String({
      minLength: 20,
      description:
        'The API token `vigie deploy` and `vigie gate` send (a CI token: triage scope to record deploys).',
    }),
  ),
  VIGIE_SECRET_KEY: Type.Optional(
    Type.String({
      pattern: '^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$',
      description:
        'Key for secrets at rest (e.g. GitHub tokens): 32 bytes as 64 hex digits or base64 (openssl rand -hex 32). Required on PostgreSQL; on SQLite a key file is created in the data folder if unset.',
    }),
  ),
  VIGIE_TRUST_PROXY: Type.Boolean({
    default: false,
    description:
      'Trust X-Forwarded-For/-Proto from a reverse proxy (client IPs, Secure cookies behind HTTPS).',
  }),
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    default: 'info',
    description: 'pino log level.',
  }),
  VIGIE_COMMIT_INTERVAL_MS: Type.Integer({
    minimum: 0,
    maximum: 1000,
    default: 0,
    description:
      'Group commit: how long the writer gathers events before one transaction; 0 commits whatever arrived while the previous commit ran.',
  }),
  VIGIE_INGEST_QUEUE_LIMIT: Type.Integer({
    minimum: 1,
    default: 20000,
    description: 'Events waiting for commit before ingest answers 429 with Retry-After.',
  }),
  VIGIE_INGEST_QUEUE_BYTES: Type.Integer({
    minimum: 1_048_576,
    default: 16_777_216,
    description:
      'Bytes ingest requests may hold at once (bodies being read, events waiting for commit) beyond which a request is answered 429 with Retry-After before its body is read.',
  }),
  VIGIE_KEEP_ALIVE_TIMEOUT_MS: Type.Integer({
    minimum: 1000,
    default: 75_000,
    description: 'HTTP keep-alive timeout; above load balancers’ idle timeouts (AWS ALB: 60 s).',
  }),
  VIGIE_SHUTDOWN_TIMEOUT_MS: Type.Integer({
    minimum: 100,
    default: 25_000,
    description: 'Grace period for in-flight requests and pending writes on SIGTERM.',
  }),
  VIGIE_SCRUB_FIELDS: Type.String({
    default: '',
    pattern: '^[^,]{0,100}(,[^,]{0,100}){0,199}$',
    description:
      'Field names to filter out of events besides the defaults (password, secret, passwd, api_key, apikey, auth, credentials, mysql_pwd, privatekey, private_key, token, bearer, cookie, session_id, csrf, xsrf, card_number, credit_card, cvv, cvc, otp, two_factor), comma-separated; a field whose name contains one (case, -, _ and . aside) is stored as [Filtered].',
  }),
  VIGIE_SCRUB_SAFE_FIELDS: Type.String({
    default: '',
    pattern: '^[^,]{0,100}(,[^,]{0,100}){0,199}$',
    description:
      'Field names never filtered, comma-separated and matched whole (e.g. author,token_count): for names the defaults catch by mistake.',
  }),
  VIGIE_SCRUB_DEFAULTS: Type.Boolean({
    default: true,
    description:
      "Filter Sentry's default sensitive fields, cookies, and values that look like card numbers, bearer tokens, URL passwords or private keys; false leaves only VIGIE_SCRUB_FIELDS.",
  }),
  VIGIE_ALLOW_PRIVATE_WEBHOOKS: Type.Boolean({
    default: false,
    description:
      'Let alert channels (webhooks, Slack, PagerDuty URLs) reach private, loopback and link-local addresses; off, such a delivery fails for good.',
  }),
  VIGIE_SMTP_URL: Type.Optional(
    Type.String({
      pattern: '^smtps?://',
      description:
        'SMTP server for e-mail alerts, as smtp://user:password@host:587 (STARTTLS when offered) or smtps://host:465; unset, e-mail channels cannot be created.',
    }),
  ),
  VIGIE_SMTP_FROM: Type.Optional(
    Type.String({
      minLength: 3,
      maxLength: 320,
      description:
        'The From address of alert e-mails, e.g. "Vigie <alerts@example.com>"; needed with VIGIE_SMTP_URL.',
    }),
  ),
  VIGIE_SOURCEMAPS_MAX_BYTES: Type.Integer({
    minimum: 1_048_576,
    default: 1_073_741_824,
    description:
      'Bytes of source maps and minified files a project may store (each distinct file counted once, uncompressed); an upload past it is refused.',
  }),
  VIGIE_SOURCEMAPS_RETENTION_DAYS: Type.Integer({
    minimum: 1,
    default: 90,
    description: 'Days an uploaded bundle is kept after its upload or its last use to symbolicate an event.',
  }),
  VIGIE_RETENTION_DAYS: Type.Integer({
    minimum: 1,
    default: 90,
    description:
      'Days events, raw sessions and gate verdicts are kept after they arrived; issues, their counts and rollups are kept.',
  }),
  VIGIE_KEY_CACHE_TTL_MS: Type.Integer({
    minimum: 0,
    default: 10_000,
    description: 'How long ingest caches a project key lookup (a revoked key stops working after it).',
  }),
});

export type EnvInput = Static<typeof Env>;

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly publicUrl: string;
  /** False when publicUrl is only guessed from PORT (VIGIE_PUBLIC_URL unset). */
  readonly publicUrlSet: boolean;
  readonly database:
    | { readonly kind: 'sqlite'; readonly file: string }
    | { readonly kind: 'postgres'; readonly url: string };
  readonly dataDir: string;
  /** What the commands that speak HTTP to a Vigie (deploy, gate) use unless told otherwise. */
  readonly client: { readonly url: string; readonly token: string | undefined };
  readonly bootstrapToken: string | undefined;
  readonly secretKey: string | undefined;
  readonly trustProxy: boolean;
  readonly logLevel: string;
  readonly ingest: {
    readonly commitIntervalMs: number;
    readonly queueLimit: number;
    readonly queueBytes: number;
    readonly keyCacheTtlMs: number;
  };
  /** What ingest filters out of events (grouping/scrub.ts). */
  readonly scrub: {
    readonly fields: readonly string[];
    readonly safeFields: readonly string[];
    readonly defaults: boolean;
  };
  /** Uploaded source maps (sourcemaps/): per-project storage limit and retention. */
  readonly sourcemaps: { readonly maxBytes: number; readonly retentionDays: number };
  /** Days events and raw sessions are kept (retention/event-retention.ts). */
  readonly retentionDays: number;
  readonly keepAliveTimeoutMs: number;
  readonly shutdownTimeoutMs: number;
  /** Alert delivery (alerts/channels/). */
  readonly alerts: {
    readonly allowPrivateWebhooks: boolean;
    readonly smtp: { readonly url: string; readonly from: string } | undefined;
  };
  /**
   * scrypt cost of password hashes (log2 N, r, p). Undefined, from no variable: auth/password.ts's
   * PASSWORD_HASH_COST. Only tests set it, lower.
   */
  readonly passwordHashCost: { readonly ln: number; readonly r: number; readonly p: number } | undefined;
}

export class ConfigError extends Error {}

const fieldList = (text: string) =>
  text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');

/** The documented variables, for the README and `vigie --help`. */
export const configVariables = Object.entries(Env.properties).map(([name, schema]) => ({
  name,
  default: (schema as { default?: unknown }).default,
  description: (schema as { description?: string }).description ?? '',
}));

function smtpSettings(e: EnvInput): Config['alerts']['smtp'] {
  if (e.VIGIE_SMTP_URL === undefined) return undefined;
  if (e.VIGIE_SMTP_FROM === undefined) {
    throw new ConfigError('invalid configuration:\n  VIGIE_SMTP_FROM must be set with VIGIE_SMTP_URL');
  }
  return Object.freeze({ url: e.VIGIE_SMTP_URL, from: e.VIGIE_SMTP_FROM });
}

/**
 * Validate the environment and build the frozen Config.
 * @example loadConfig({ PORT: '9000', DATABASE_URL: 'postgres://vigie@db/vigie' })
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const input: Record<string, string> = {};
  for (const name of Object.keys(Env.properties)) {
    const value = env[name];
    if (value !== undefined && value !== '') input[name] = value;
  }
  const withDefaults = Value.Convert(Env, Value.Default(Env, input));
  const errors = [...Value.Errors(Env, withDefaults)];
  if (errors.length > 0) {
    const lines = errors.map((e) => {
      const name = e.instancePath.replace(/^\//, '') || 'environment';
      const allowed = (e.params as { allowedValues?: unknown }).allowedValues;
      const problem = Array.isArray(allowed) ? `must be one of: ${allowed.join(', ')}` : e.message;
      return `${name}=${JSON.stringify(input[name] ?? '')}: ${problem}`;
    });
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = withDefaults as EnvInput;
  const dataDir = path.resolve(e.VIGIE_DATA_DIR);
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    publicUrl: (e.VIGIE_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    publicUrlSet: e.VIGIE_PUBLIC_URL !== undefined,
    database: e.DATABASE_URL
      ? { kind: 'postgres' as const, url: e.DATABASE_URL }
      : { kind: 'sqlite' as const, file: path.join(dataDir, 'vigie.sqlite') },
    dataDir,
    client: Object.freeze({
      url: (e.VIGIE_URL ?? e.VIGIE_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
      token: e.VIGIE_TOKEN,
    }),
    bootstrapToken: e.VIGIE_BOOTSTRAP_TOKEN,
    secretKey: e.VIGIE_SECRET_KEY,
    trustProxy: e.VIGIE_TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    ingest: Object.freeze({
      commitIntervalMs: e.VIGIE_COMMIT_INTERVAL_MS,
      queueLimit: e.VIGIE_INGEST_QUEUE_LIMIT,
      queueBytes: e.VIGIE_INGEST_QUEUE_BYTES,
      keyCacheTtlMs: e.VIGIE_KEY_CACHE_TTL_MS,
    }),
    sourcemaps: Object.freeze({
      maxBytes: e.VIGIE_SOURCEMAPS_MAX_BYTES,
      retentionDays: e.VIGIE_SOURCEMAPS_RETENTION_DAYS,
    }),
    scrub: Object.freeze({
      fields: Object.freeze(fieldList(e.VIGIE_SCRUB_FIELDS)),
      safeFields: Object.freeze(fieldList(e.VIGIE_SCRUB_SAFE_FIELDS)),
      defaults: e.VIGIE_SCRUB_DEFAULTS,
    }),
    retentionDays: e.VIGIE_RETENTION_DAYS,
    keepAliveTimeoutMs: e.VIGIE_KEEP_ALIVE_TIMEOUT_MS,
    alerts: Object.freeze({
      allowPrivateWebhooks: e.VIGIE_ALLOW_PRIVATE_WEBHOOKS,
      smtp: smtpSettings(e),
    }),
    shutdownTimeoutMs: e.VIGIE_SHUTDOWN_TIMEOUT_MS,
    passwordHashCost: undefined,
  });
}
