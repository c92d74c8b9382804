// Server-side data scrubbing: credentials an event carries are replaced by "[Filtered]" before it is
// stored, as Sentry does by default. Pure and cheap on the ingest hot path: the rules are compiled
// once (compileScrubRules, at boot), and an event with nothing to scrub is returned as it came, with
// no copy made.
//
// What counts as sensitive follows Sentry's defaults:
// - field names that contain password, secret, passwd, api_key, apikey, auth, credentials,
//   mysql_pwd, privatekey, private_key, token or bearer: Sentry's documented default list
//   (docs.sentry.io, "Server-Side Data Scrubbing"), which is Relay's PASSWORD_KEY_REGEX and
//   TOKEN_KEY_REGEX (getsentry/relay, relay-pii/src/regexes.rs), with its exact names otp and
//   two_factor. Names are compared lower-cased, with - _ . [ ] and spaces taken out, so api-key,
//   apiKey and card[number] match too; like Sentry's, "auth" also matches author.
// - cookies and the Cookie and Set-Cookie headers (Relay filters the session and CSRF cookies of
//   common frameworks by name, relay-pii/src/convert.rs SENSITIVE_COOKIES; Vigie filters every
//   cookie's value and keeps the names), session ids, CSRF tokens, and card fields (card number,
//   credit card, CVV/CVC), as the older sentry list had stripetoken and card[number].
// - inside any string: values that look like card numbers (Relay's CREDITCARD_REGEX, plus a Luhn
//   check so order numbers stay), "Bearer <token>", the password in a URL (https://user:pw@host),
//   PEM private keys, and the values of sensitive names in query strings (?token=…) and in JSON
//   text ("password": "…", as in a logged request body).
// Where: extra, contexts, the request (headers, cookies, query, data, env), breadcrumbs' data and
// messages, stack frames' variables, the user's fields beyond id, email, username and IP address,
// tags, and the message, title and exception values. File names and source lines are left alone.

import type { NormalizedEvent, StackFrame } from './event.ts';

export const FILTERED = '[Filtered]';

/** Sentry's and Relay's default sensitive names (see the module comment), separators taken out. */
export const DEFAULT_SENSITIVE_FIELDS: readonly string[] = [
  'password',
  'secret',
  'passwd',
  'apikey',
  'auth',
  'credentials',
  'mysqlpwd',
  'privatekey',
  'token',
  'bearer',
  'cookie',
  'sessionid',
  'csrf',
  'xsrf',
  'cardnumber',
  'creditcard',
  'cvv',
  'cvc',
];
/** Relay's names that are sensitive only whole: `otp` alone, not `otp_sent_at`. */
const DEFAULT_EXACT_FIELDS: readonly string[] = ['otp', 'twofactor'];

/** Deeper than SDKs ever send (they cut at 3 to 10 levels): past it nothing is looked at, so nothing is kept. */
const MAX_DEPTH = 100;

/** User fields that identify the user: support looks customers up by them, so they are kept. */
const USER_IDENTITY = new Set(['id', 'email', 'username', 'ipAddress']);

export interface ScrubOptions {
  /** Field names to filter besides the defaults (matched the same way: contained, case and separators aside). */
  fields: readonly string[];
  /** Field names never filtered, however they look (exact, case aside): `author`, `token_count`… */
  safeFields: readonly string[];
  /** Whether Sentry's default names and value patterns apply; off, only `fields` do. */
  defaults: boolean;
}

export interface ScrubRules {
  isSensitiveKey(key: string): boolean;
  scrubText(text: string): string;
}

const SEPARATORS = /[-_.\s[\]]/g;
const squash = (name: string) => name.toLowerCase().replace(SEPARATORS, '');
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Compiled once for every event (the module comment says where each comes from).
const BEARER = /\bbearer\s+[^\s"',;]+/gi;
const CARD = /\b(?:3[47]\d|4\d{3}|5[1-5]\d\d|65\d\d|6011)(?:[-\s]?\d){12}\b/g;
const URL_PASSWORD = /\b((?:[a-z][a-z0-9+.-]*:)?\/\/[^\s:@/]+:)[^\s@/]+@/gi;
const PEM_PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g;
const QUERY_PARAM = /(^|[?&;])([^=&#;\s]+)=([^&#;\s]*)/g;
/** A "name": "value" pair of JSON text held in a string (a logged request body, a serialized object). */
const JSON_PAIR = /"([^"\\]{1,100})"(\s*:\s*)"((?:[^"\\]|\\.)*)"/g;

/** The Luhn checksum every card number satisfies, and most other 15- and 16-digit numbers do not. */
function luhn(text: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = text.length - 1; i >= 0; i--) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) continue;
    let digit = code - 48;
    if (double) digit = digit > 4 ? digit * 2 - 9 : digit * 2;
    sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * The rules for `options`, compiled: one regular expression for all the names. Build them once (at
 * boot) and pass them to every event.
 * @example compileScrubRules({ fields: ['iban'], safeFields: ['author'], defaults: true })
 */
export function compileScrubRules(options: ScrubOptions): ScrubRules {
  const contained = [...(options.defaults ? DEFAULT_SENSITIVE_FIELDS : []), ...options.fields]
    .map(squash)
    .filter((name) => name !== '');
  const names = contained.length > 0 ? new RegExp(contained.map(escapeRegExp).join('|')) : null;
  const exact = new Set(options.defaults ? DEFAULT_EXACT_FIELDS : []);
  const safe = new Set(options.safeFields.map((name) => name.toLowerCase()));
  const isSensitiveKey = (key: string) => {
    if (safe.has(key.toLowerCase())) return false;
    const squashed = squash(key);
    return exact.has(squashed) || (names?.test(squashed) ?? false);
  };
  const queryParam = (match: string, sep: string, name: string, value: string) =>
    value !== '' && isSensitiveKey(safeDecode(name)) ? `${sep}${name}=${FILTERED}` : match;
  const jsonPair = (match: string, name: string, colon: string, value: string) =>
    value !== '' && isSensitiveKey(name) ? `"${name}"${colon}"${FILTERED}"` : match;
  const scrubText = (text: string) => {
    let out = text;
    if (out.indexOf('=') >= 0) out = out.replace(QUERY_PARAM, queryParam);
    if (out.indexOf('"') >= 0 && out.indexOf(':') >= 0) out = out.replace(JSON_PAIR, jsonPair);
    if (!options.defaults || out.length < 8) return out;
    if (out.indexOf('earer') >= 0 || out.indexOf('EARER') >= 0)
      out = out.replace(BEARER, `Bearer ${FILTERED}`);
    if (out.length >= 15) out = out.replace(CARD, (card) => (luhn(card) ? FILTERED : card));
    if (out.indexOf('//') >= 0 && out.indexOf('@') >= 0) out = out.replace(URL_PASSWORD, `$1${FILTERED}@`);
    if (out.indexOf('-----BEGIN ') >= 0) out = out.replace(PEM_PRIVATE_KEY, FILTERED);
    return out;
  };
  return { isSensitiveKey, scrubText };
}

function safeDecode(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/** Sentry's defaults, with nothing added: what normalization uses when given no rules. */
export const DEFAULT_SCRUB_RULES: ScrubRules = compileScrubRules({
  fields: [],
  safeFields: [],
  defaults: true,
});

/** What a sensitive field's value becomes: nothing to hide stays as it is. */
const hidden = (value: unknown) => (value === null || value === undefined || value === '' ? value : FILTERED);

/** `value` with what `rules` finds filtered; the same reference when nothing was. */
export function scrubValue(value: unknown, rules: ScrubRules, depth = 0): unknown {
  if (typeof value === 'string') return rules.scrubText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return FILTERED;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const scrubbed = scrubValue(value[i], rules, depth + 1);
      if (scrubbed !== value[i]) {
        copy ??= value.slice();
        copy[i] = scrubbed;
      }
    }
    return copy ?? value;
  }
  const object = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(object)) {
    const before = object[key];
    const after = rules.isSensitiveKey(key) ? hidden(before) : scrubValue(before, rules, depth + 1);
    if (after !== before) {
      copy ??= { ...object };
      copy[key] = after;
    }
  }
  return copy ?? object;
}

type Pairs = Array<[string, string]>;

/** Name-value pairs (headers, query, tags): a sensitive name's value filtered, the others' text scrubbed. */
function scrubPairs(pairs: Pairs, rules: ScrubRules, keepText?: (name: string) => boolean): Pairs {
  let copy: Pairs | undefined;
  for (let i = 0; i < pairs.length; i++) {
    const [name, value] = pairs[i]!;
    const after = rules.isSensitiveKey(name)
      ? (hidden(value) as string)
      : keepText?.(name)
        ? value
        : rules.scrubText(value);
    if (after !== value) {
      copy ??= pairs.slice();
      copy[i] = [name, after];
    }
  }
  return copy ?? pairs;
}

const isPairs = (value: unknown): value is Pairs => Array.isArray(value);
// Relay leaves the User-Agent alone: it is not a credential, and browsers put version numbers in it.
const isUserAgent = (name: string) => name === 'User-Agent';

function scrubRequest(request: Record<string, unknown>, rules: ScrubRules): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(request)) {
    const before = request[key];
    let after: unknown;
    if (key === 'headers' && isPairs(before)) after = scrubPairs(before, rules, isUserAgent);
    else if (key === 'query_string' && isPairs(before)) after = scrubPairs(before, rules);
    // Every cookie's value: session ids under any name, and whatever else a site keeps there.
    else if (key === 'cookies' && isPairs(before))
      after = before.map(([name, value]) => [name, hidden(value)]);
    else after = scrubValue(before, rules, 1);
    if (after !== before) {
      copy ??= { ...request };
      copy[key] = after;
    }
  }
  return copy ?? request;
}

function scrubUser(user: NonNullable<NormalizedEvent['user']>, rules: ScrubRules): NormalizedEvent['user'] {
  let copy: typeof user | undefined;
  for (const key of Object.keys(user)) {
    if (USER_IDENTITY.has(key)) continue;
    const before = user[key];
    const after = rules.isSensitiveKey(key) ? hidden(before) : scrubValue(before, rules, 1);
    if (after !== before) {
      copy ??= { ...user };
      copy[key] = after;
    }
  }
  return copy ?? user;
}

function scrubFrames(frames: StackFrame[], rules: ScrubRules): StackFrame[] {
  let copy: StackFrame[] | undefined;
  for (let i = 0; i < frames.length; i++) {
    const frame = frames[i]!;
    if (frame.vars === undefined) continue;
    const vars = scrubValue(frame.vars, rules, 1);
    if (vars !== frame.vars) {
      copy ??= frames.slice();
      copy[i] = { ...frame, vars };
    }
  }
  return copy ?? frames;
}

const scrubNullable = (text: string | null, rules: ScrubRules) =>
  text === null ? null : rules.scrubText(text);

/**
 * The event with the credentials it carries filtered (see the module comment); the event itself when
 * there were none. Never changes its argument.
 */
export function scrubEvent(event: NormalizedEvent, rules: ScrubRules): NormalizedEvent {
  const exceptions = event.exceptions.map((exception) => {
    const value = scrubNullable(exception.value, rules);
    const frames = scrubFrames(exception.frames, rules);
    return value === exception.value && frames === exception.frames
      ? exception
      : { ...exception, value, frames };
  });
  const breadcrumbs = scrubValue(event.breadcrumbs, rules) as NormalizedEvent['breadcrumbs'];
  const scrubbed: NormalizedEvent = {
    ...event,
    title: rules.scrubText(event.title),
    message: scrubNullable(event.message, rules),
    user: event.user === null ? null : scrubUser(event.user, rules),
    tags: scrubPairs(event.tags, rules),
    contexts: scrubValue(event.contexts, rules) as NormalizedEvent['contexts'],
    request: event.request === null ? null : scrubRequest(event.request, rules),
    extra: scrubValue(event.extra, rules) as NormalizedEvent['extra'],
    breadcrumbs,
    exceptions: exceptions.every((e, i) => e === event.exceptions[i]) ? event.exceptions : exceptions,
  };
  if (event.messageTemplate !== undefined) scrubbed.messageTemplate = rules.scrubText(event.messageTemplate);
  const changed = (Object.keys(scrubbed) as Array<keyof NormalizedEvent>).some(
    (k) => scrubbed[k] !== event[k],
  );
  return changed ? scrubbed : event;
}
