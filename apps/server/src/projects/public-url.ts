// Which public URL goes into a DSN: the server's own (VIGIE_PUBLIC_URL, else localhost and the port it
// listens on), and the CLI's, which prefers what the server last started with over its own guess from PORT,
// and says where the host came from whenever it is a guess.

import type { Config } from '../config/config.ts';
import type { ServedPublicUrl } from './public-url.repository.ts';

/**
 * The URL a server that listens on `port` answers to: VIGIE_PUBLIC_URL if set, else localhost and the port
 * it really listens on (PORT=0 picks one).
 * @example servedPublicUrl(config, 8123, Date.now()) // → { url: 'http://localhost:8123', fromEnv: false, … }
 */
export function servedPublicUrl(config: Config, port: number, at: number): ServedPublicUrl {
  if (config.publicUrlSet) return { url: config.publicUrl, fromEnv: true, at };
  return { url: `http://localhost:${port}`, fromEnv: false, at };
}

export interface CliPublicUrl {
  url: string;
  /** Where the host came from, for stderr, when it is a guess; undefined when VIGIE_PUBLIC_URL set it. */
  note: string | undefined;
}

/**
 * The URL the CLI prints DSNs with: its own VIGIE_PUBLIC_URL, else the one the server last started with,
 * else a guess from PORT.
 * @example cliPublicUrl(loadConfig({}), await loadServedPublicUrl(db)).url // → 'http://localhost:8123'
 */
export function cliPublicUrl(config: Config, served: ServedPublicUrl | undefined): CliPublicUrl {
  const advice = 'set VIGIE_PUBLIC_URL to the address SDKs reach Vigie at';
  if (config.publicUrlSet) return { url: config.publicUrl, note: undefined };
  if (served?.fromEnv) return { url: served.url, note: undefined };
  if (served) {
    const since = new Date(served.at).toISOString().replace(/\.\d+Z$/, 'Z');
    return {
      url: served.url,
      note: `note: the DSN's host is where the server last started (${served.url}, ${since}); ${advice} if not this one.`,
    };
  }
  return {
    url: config.publicUrl,
    note: `note: no server has started on this database yet, so the DSN's host (${config.publicUrl}) is a guess from PORT; ${advice}.`,
  };
}
