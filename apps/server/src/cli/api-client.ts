// The HTTP side of the commands that run in a pipeline, away from the server and its database (`vigie deploy`,
// `vigie gate`): the Vigie to ask and the token to send, from --url/--token or VIGIE_URL/VIGIE_TOKEN.

import type { Config } from '../config/config.ts';
import { UsageError } from './command.ts';

export interface ApiClient {
  url: string;
  request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
}

/** Thrown when Vigie cannot be reached or refuses the request: the message says which and why. */
export class ApiError extends Error {}

export function apiClient(
  config: Config,
  flags: { url?: string | undefined; token?: string | undefined },
): ApiClient {
  const url = (flags.url ?? config.client.url).replace(/\/+$/, '');
  const token = flags.token ?? config.client.token;
  if (!token) throw new UsageError('needs an API token: --token or VIGIE_TOKEN');
  if (!/^https?:\/\//.test(url)) throw new UsageError(`--url must be an http(s) URL, got "${url}"`);
  return {
    url,
    async request(method, path, body) {
      let response: Response;
      try {
        response = await fetch(`${url}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(30_000),
        });
      } catch (error) {
        throw new ApiError(
          `cannot reach Vigie at ${url}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {}
      if (!response.ok) {
        const message =
          (parsed as { error?: { message?: string } } | null)?.error?.message ?? text.slice(0, 200);
        throw new ApiError(`Vigie answered ${response.status}: ${message}`);
      }
      return { status: response.status, body: parsed };
    },
  };
}

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000 };

/** "10m" → 600000; "0" → 0. */
export function parseDuration(text: string, flag: string): number {
  if (text === '0') return 0;
  const match = /^(\d+)(s|m|h)$/.exec(text);
  if (!match) throw new UsageError(`${flag} takes a duration like 30s, 10m or 1h, got "${text}"`);
  return Number(match[1]) * UNITS[match[2]!]!;
}
