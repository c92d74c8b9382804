// Outgoing HTTP for the channels: a POST with a timeout, a cap on the answer's size, no redirects, and
// private or loopback addresses refused (unless VIGIE_ALLOW_PRIVATE_WEBHOOKS), checked on the addresses
// the connection actually uses, so a DNS answer cannot steer a webhook into the internal network.

import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { BlockList, isIP } from 'node:net';
import type { DeliveryResult } from './channel.ts';

export const REQUEST_TIMEOUT_MS = 10_000;
export const RESPONSE_LIMIT_BYTES = 64 * 1024;

const PRIVATE = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const) {
  PRIVATE.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [
  ['::', 127],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  PRIVATE.addSubnet(net, bits, 'ipv6');
}

/** Loopback, private, link-local, shared, multicast and unspecified addresses, IPv4-mapped ones included. */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return PRIVATE.check(mapped[1]!, 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export interface PostOptions {
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly allowPrivate: boolean;
  readonly signal: AbortSignal;
}

export interface PostAnswer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  /** The answer's first RESPONSE_LIMIT_BYTES, as text. */
  readonly body: string;
}

export class RefusedAddressError extends Error {}

/** POST `body` to `url`; rejects on network errors, timeouts and refused addresses. */
export function post(url: URL, options: PostOptions): Promise<PostAnswer> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!options.allowPrivate && isIP(host) !== 0 && isPrivateAddress(host)) {
    return Promise.reject(new RefusedAddressError(`${host} is a private or loopback address`));
  }
  const client = url.protocol === 'https:' ? https : http;
  const signal = AbortSignal.any([options.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]);
  return new Promise((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: 'POST',
        headers: { ...options.headers, 'content-length': String(Buffer.byteLength(options.body)) },
        signal,
        lookup: options.allowPrivate ? undefined : (publicOnlyLookup as LookupFunction),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (size >= RESPONSE_LIMIT_BYTES) return;
          chunks.push(chunk.subarray(0, RESPONSE_LIMIT_BYTES - size));
          size += chunk.length;
          // Enough read: what follows is not worth the memory.
          if (size >= RESPONSE_LIMIT_BYTES) response.destroy();
        });
        const done = () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        response.on('end', done);
        response.on('close', done);
        response.on('error', (error) => (size >= RESPONSE_LIMIT_BYTES ? done() : reject(error)));
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

/** dns.lookup, refusing a name whose addresses include a private one. */
function publicOnlyLookup(
  hostname: string,
  options: { all?: boolean | undefined; family?: number | string | undefined },
  callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void,
): void {
  dnsLookup(hostname, { ...options, all: true } as { all: true }, (error, addresses) => {
    if (error) return callback(error, options.all ? [] : '');
    const refused = addresses.find((a) => isPrivateAddress(a.address));
    if (refused) {
      return callback(
        new RefusedAddressError(`${hostname} resolves to ${refused.address}, a private or loopback address`),
        options.all ? [] : '',
      );
    }
    if (options.all) return callback(null, addresses);
    const first = addresses[0]!;
    callback(null, first.address, first.family);
  });
}

/** Retry-After in seconds or as a date, in ms from now; undefined when absent or unreadable. */
function retryAfterMs(value: string | string[] | undefined, nowMs: number): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * The usual reading of an answer: `ok` statuses delivered; 408, 429 and 5xx worth retrying (after
 * Retry-After when given); a redirect or any other status a permanent failure that a person must fix.
 */
export function classifyAnswer(
  answer: PostAnswer,
  ok: (status: number) => boolean,
  nowMs: number,
): DeliveryResult {
  const { status } = answer;
  const said = answer.body.trim().slice(0, 500);
  if (ok(status)) return { outcome: 'delivered', status };
  if (status === 408 || status === 429 || status >= 500) {
    const after = retryAfterMs(answer.headers['retry-after'], nowMs);
    return {
      outcome: 'retry',
      status,
      error: `answered ${status}${said ? `: ${said}` : ''}`,
      ...(after === undefined ? {} : { retryAfterMs: after }),
    };
  }
  if (status >= 300 && status < 400) {
    return {
      outcome: 'permanent',
      status,
      error: `answered ${status} (a redirect, not followed): update the URL`,
    };
  }
  return { outcome: 'permanent', status, error: `answered ${status}${said ? `: ${said}` : ''}` };
}

/** A request that never got an answer: refused addresses are permanent, the rest (timeouts, resets) retried. */
export function failedRequest(error: unknown): DeliveryResult {
  if (error instanceof RefusedAddressError) return { outcome: 'permanent', error: error.message };
  const message =
    error instanceof Error
      ? error.name === 'TimeoutError'
        ? 'no answer in time'
        : error.message
      : String(error);
  return { outcome: 'retry', error: message };
}

/** POST JSON and read the answer the usual way. */
export async function postJson(
  url: string,
  body: unknown,
  options: { headers?: Record<string, string>; allowPrivate: boolean; signal: AbortSignal; nowMs: number },
  ok: (status: number) => boolean = (status) => status >= 200 && status < 300,
): Promise<DeliveryResult> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  try {
    const answer = await post(new URL(url), {
      headers: { 'content-type': 'application/json', 'user-agent': 'Vigie-Alerts/1', ...options.headers },
      body: text,
      allowPrivate: options.allowPrivate,
      signal: options.signal,
    });
    return classifyAnswer(answer, ok, options.nowMs);
  } catch (error) {
    return failedRequest(error);
  }
}
