// The user an event happened to, and the key that counts distinct users: the first of id, email,
// username and IP address that exists, as Sentry's `user` tag is built.

import { asLenientString, asObject, asString, type JsonObject, pick } from './coerce.ts';
import { BAG_DEPTH, trimDatabag } from './databag.ts';
import { type EventUser, MAX_CHARS } from './event.ts';

const USER_KEYS = ['user', 'sentry.interfaces.User'];
const KNOWN = new Set(['id', 'email', 'username', 'ip_address', 'ipAddress']);

export function normalizeUser(raw: JsonObject, clientIp: string | undefined): EventUser | null {
  const source = asObject(pick(raw, USER_KEYS));
  const user: EventUser = {};
  const id = asLenientString(source?.id, MAX_CHARS.tagValue);
  const email = asString(source?.email, MAX_CHARS.email);
  const username = asLenientString(source?.username, MAX_CHARS.tagValue);
  const ip = userIp(source?.ip_address ?? source?.ipAddress, remoteAddr(raw), clientIp, inferIp(raw));
  if (id !== null) user.id = id;
  if (email !== null) user.email = email;
  if (username !== null) user.username = username;
  if (ip !== null) user.ipAddress = ip;
  // Other fields (`data`, `name`, `geo`…) as sent, each a medium bag in Relay.
  for (const [key, value] of Object.entries(source ?? {})) {
    if (!KNOWN.has(key) && value !== null && value !== undefined) {
      Object.defineProperty(user, key, {
        value: trimDatabag(value, BAG_DEPTH.medium),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return Object.keys(user).length > 0 ? user : null;
}

/**
 * Whether the SDK asks for the request's address: `sdk.settings.infer_ip` (`auto` or `never`, the
 * form of @sentry/browser 10+), else `legacy`, where only a `{{auto}}` address asks for it.
 */
type InferIp = 'auto' | 'never' | 'legacy';

function inferIp(raw: JsonObject): InferIp {
  const setting = asObject(asObject(raw.sdk)?.settings)?.infer_ip;
  return setting === 'auto' || setting === 'never' ? setting : 'legacy';
}

/** `{{auto}}` (or `infer_ip: "auto"`) asks the server to fill in the address the request came from. */
function userIp(
  sent: unknown,
  remote: string | null,
  clientIp: string | undefined,
  infer: InferIp,
): string | null {
  const auto = typeof sent === 'string' && /^\{\{\s*auto\s*\}\}$/.test(sent.trim());
  const inferred = clientIp && isIpAddress(clientIp) ? clientIp : null;
  if (auto) return infer === 'never' ? null : inferred;
  const ip = asString(sent, 64);
  if (ip !== null) return isIpAddress(ip) ? ip : null;
  if (infer === 'auto') return remote ?? inferred;
  return remote;
}

/** Relay takes the user's address from `request.env.REMOTE_ADDR` when the SDK recorded it there. */
function remoteAddr(raw: JsonObject): string | null {
  const request = asObject(pick(raw, ['request', 'sentry.interfaces.Http']));
  const addr = asString(asObject(request?.env)?.REMOTE_ADDR, 64);
  return addr !== null && isIpAddress(addr) ? addr : null;
}

export function isIpAddress(text: string): boolean {
  const v4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
  if (v4.test(text)) return true;
  return text.includes(':') && /^[0-9a-f:.]+(%[\w.-]+)?$/i.test(text) && (text.match(/:/g)?.length ?? 0) <= 7;
}

export function userKey(user: EventUser | null): string | null {
  if (!user) return null;
  if (user.id) return `id:${user.id}`;
  if (user.email) return `email:${user.email}`;
  if (user.username) return `username:${user.username}`;
  if (user.ipAddress) return `ip:${user.ipAddress}`;
  return null;
}
