// Tags: the SDK's own (a dict or a list of pairs) plus those Sentry derives from the event itself
// (level, release, environment, user, runtime, …), which win over an SDK tag of the same name.

import { asLenientString, asObject, asPairs, asString } from './coerce.ts';
import { MAX_CHARS } from './event.ts';

/** Sentry's tag key alphabet; anything else cannot be searched as `key:value`, so it is dropped. */
const TAG_KEY_RE = /^[a-zA-Z0-9_.:-]+$/;

export interface DerivedTagSource {
  level: string;
  logger: string | null;
  release: string | null;
  dist: string | null;
  environment: string | null;
  transaction: string | null;
  serverName: string | null;
  userKey: string | null;
  url: string | null;
  contexts: Record<string, unknown>;
}

export function buildTags(rawTags: unknown, derivedFrom: DerivedTagSource): Array<[string, string]> {
  const derived = derivedTags(derivedFrom);
  const derivedKeys = new Set(derived.map(([key]) => key));
  const seen = new Set<string>();
  const out: Array<[string, string]> = [];
  for (const [rawKey, rawValue] of asPairs(rawTags)) {
    const key = tagKey(rawKey);
    const value = tagValue(rawValue);
    if (key === null || value === null || seen.has(key) || derivedKeys.has(key)) continue;
    seen.add(key);
    out.push([key, value]);
  }
  return [...out, ...derived];
}

/** Tags that repeat another (`browser.name` is in `browser`) or that the issue row holds itself (`level`). */
const NOT_COUNTED = new Set(['level', 'runtime.name', 'os.name', 'browser.name']);
/** Per event: the derived tags (at most 17) always fit, whatever the SDK added. */
const MAX_COUNTED = 50;

/**
 * The tags counted per issue and value (issue_tags): what the tag breakdown shows. buildTags lists the
 * SDK's own tags first and the derived ones last, so keeping the last ones keeps every derived tag.
 */
export function countedTags(tags: ReadonlyArray<readonly [string, string]>): Array<[string, string]> {
  return tags.filter(([key]) => !NOT_COUNTED.has(key)).slice(-MAX_COUNTED) as Array<[string, string]>;
}

function tagKey(raw: string): string | null {
  const key = raw.trim();
  return key.length > 0 && key.length <= MAX_CHARS.tagKey && TAG_KEY_RE.test(key) ? key : null;
}

function tagValue(raw: unknown): string | null {
  const value = asLenientString(raw, MAX_CHARS.tagValue);
  return value !== null && !/[\r\n]/.test(value) ? value : null;
}

function derivedTags(src: DerivedTagSource): Array<[string, string]> {
  const candidates: Array<[string, string | null]> = [
    ['level', src.level],
    ['logger', src.logger],
    ['release', src.release],
    ['dist', src.dist],
    ['environment', src.environment],
    ['transaction', src.transaction],
    ['server_name', src.serverName],
    ['user', src.userKey],
    ['url', src.url],
    ...contextTags(src.contexts),
  ];
  const out: Array<[string, string]> = [];
  for (const [key, raw] of candidates) {
    const value = tagValue(raw);
    if (value !== null) out.push([key, value]);
  }
  return out;
}

/** Relay's context tags: `runtime` = "node v20.1.0" and `runtime.name` = "node", likewise os, browser, device. */
function contextTags(contexts: Record<string, unknown>): Array<[string, string | null]> {
  const out: Array<[string, string | null]> = [];
  for (const kind of ['runtime', 'os', 'browser'] as const) {
    const ctx = asObject(contexts[kind]);
    const name = asString(ctx?.name, MAX_CHARS.tagValue);
    if (!name) continue;
    const version = asLenientString(ctx?.version, MAX_CHARS.tagValue);
    out.push([kind, version ? `${name} ${version}` : name], [`${kind}.name`, name]);
  }
  const device = asObject(contexts.device);
  out.push(['device', asString(device?.model, MAX_CHARS.tagValue)]);
  out.push(['device.family', asString(device?.family, MAX_CHARS.tagValue)]);
  return out;
}
