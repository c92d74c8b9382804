// The browser and operating system of an event whose SDK did not say, read from the User-Agent
// header it recorded in `request.headers` (the browser SDK does), as Relay fills the `browser` and
// `os` contexts. Parsed by bowser, the detector made for this.

import Bowser from 'bowser';

type Contexts = Record<string, unknown>;

const MAX_UA_CHARS = 512;

/** The contexts with `browser` and `os` added from the User-Agent where they are missing. */
export function withUserAgentContexts(contexts: Contexts, request: Record<string, unknown> | null): Contexts {
  if (contexts.browser !== undefined && contexts.os !== undefined) return contexts;
  const ua = userAgentOf(request);
  if (ua === null) return contexts;
  let parsed: Bowser.Parser.ParsedResult;
  try {
    parsed = Bowser.parse(ua.slice(0, MAX_UA_CHARS));
  } catch {
    return contexts;
  }
  const out = { ...contexts };
  if (out.browser === undefined && parsed.browser.name) {
    out.browser = { type: 'browser', name: parsed.browser.name, ...version(parsed.browser.version) };
  }
  if (out.os === undefined && parsed.os.name) {
    out.os = { type: 'os', name: parsed.os.name, ...version(parsed.os.version) };
  }
  return out;
}

function version(v: string | undefined): { version?: string } {
  return v ? { version: v } : {};
}

function userAgentOf(request: Record<string, unknown> | null): string | null {
  const headers = request?.headers;
  if (!Array.isArray(headers)) return null;
  for (const pair of headers) {
    if (Array.isArray(pair) && pair[0] === 'User-Agent' && typeof pair[1] === 'string') return pair[1];
  }
  return null;
}
