// The HTTP request an event happened in (`request` or legacy `sentry.interfaces.Http`), cleaned as
// Relay does: query and fragment split off the URL, headers and cookies as pairs, header names Title-Cased.

import { asLenientString, asObject, asPairs, asString, type JsonObject, pick, truncate } from './coerce.ts';
import { BAG_DEPTH, trimDatabag, trimObjectBag } from './databag.ts';
import { MAX_CHARS } from './event.ts';

const MAX_BODY_CHARS = 8192;

export function normalizeRequest(raw: JsonObject): Record<string, unknown> | null {
  const source = asObject(pick(raw, ['request', 'sentry.interfaces.Http']));
  if (!source) return null;
  const out: Record<string, unknown> = {};
  const url = splitUrl(asString(source.url, 2048));
  const method = asString(source.method, 32);
  const query = queryPairs(source.query_string) ?? url?.query ?? null;
  const headers = stringPairs(source.headers).map(([k, v]): [string, string] => [titleCase(k), v]);
  const cookies = cookiePairs(source.cookies) ?? cookiePairs(headers.find(([k]) => k === 'Cookie')?.[1]);
  if (url) out.url = url.url;
  if (method) out.method = method.toUpperCase();
  if (query && query.length > 0) out.query_string = query;
  if (url?.fragment) out.fragment = url.fragment;
  if (headers.length > 0) out.headers = headers.filter(([k]) => k !== 'Cookie');
  if (cookies && cookies.length > 0) out.cookies = cookies;
  if (source.data !== undefined && source.data !== null) out.data = requestBody(source.data);
  const env = asObject(source.env);
  if (env) out.env = trimObjectBag(env, BAG_DEPTH.small);
  return Object.keys(out).length > 0 ? out : null;
}

function splitUrl(
  url: string | null,
): { url: string; query: Array<[string, string]>; fragment: string } | null {
  if (url === null) return null;
  const hashAt = url.indexOf('#');
  const fragment = hashAt >= 0 ? url.slice(hashAt + 1) : '';
  const beforeHash = hashAt >= 0 ? url.slice(0, hashAt) : url;
  const queryAt = beforeHash.indexOf('?');
  if (queryAt < 0) return { url: beforeHash, query: [], fragment };
  return { url: beforeHash.slice(0, queryAt), query: parseQuery(beforeHash.slice(queryAt + 1)), fragment };
}

function queryPairs(value: unknown): Array<[string, string]> | null {
  if (typeof value === 'string') return parseQuery(value.replace(/^\?/, ''));
  const pairs = stringPairs(value);
  return pairs.length > 0 ? pairs : null;
}

function parseQuery(query: string): Array<[string, string]> {
  return Array.from(new URLSearchParams(query));
}

function cookiePairs(value: unknown): Array<[string, string]> | null {
  if (typeof value === 'string') {
    const pairs = value
      .split(';')
      .map((part) => part.trim())
      .filter((part) => part !== '')
      .map((part): [string, string] => {
        const eq = part.indexOf('=');
        return eq < 0 ? [part, ''] : [part.slice(0, eq).trim(), part.slice(eq + 1).trim()];
      });
    return pairs.length > 0 ? pairs : null;
  }
  const pairs = stringPairs(value);
  return pairs.length > 0 ? pairs : null;
}

function stringPairs(value: unknown): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [key, v] of asPairs(value)) {
    const text = asLenientString(v, MAX_BODY_CHARS);
    if (key.trim() !== '' && text !== null) out.push([key.trim(), text]);
  }
  return out;
}

function titleCase(header: string): string {
  return header
    .split('-')
    .map((part) => (part ? part[0]!.toUpperCase() + part.slice(1).toLowerCase() : part))
    .join('-');
}

/** A string, or structured data: a large bag in Relay. */
function requestBody(data: unknown): unknown {
  if (typeof data === 'string') return truncate(data, MAX_BODY_CHARS);
  return trimDatabag(data, BAG_DEPTH.large);
}

/** The request URL without query, as Sentry's `url` tag shows it. */
export function requestUrlTag(request: Record<string, unknown> | null): string | null {
  return asString(request?.url, MAX_CHARS.tagValue);
}
