// CSP3 §6.7.2 URL matching: does a URL match one source expression (scheme, host wildcard, port, path, 'self')
// for a page of a given origin. Chromium's leniencies that reports depend on are noted where they apply.

import { own } from '../own.ts';
import { parseSourceExpression } from './source.ts';

const DEFAULT_PORTS: Readonly<Record<string, string>> = {
  http: '80',
  https: '443',
  ws: '80',
  wss: '443',
  ftp: '21',
};

/** The scheme of a URL without its trailing colon, e.g. `https`. */
function schemeOf(url: URL): string {
  return url.protocol.slice(0, -1).toLowerCase();
}

/**
 * CSP3 "scheme-part match": an expression scheme also allows its secure upgrade (http → https, ws → wss) and
 * http(s) allows the matching web socket scheme, as Chromium does.
 *
 * @example
 * schemePartMatches('http', 'https'); // true
 * schemePartMatches('https', 'http'); // false
 */
export function schemePartMatches(expressionScheme: string, urlScheme: string): boolean {
  const a = expressionScheme.toLowerCase();
  const b = urlScheme.toLowerCase();
  if (a === b) return true;
  if (a === 'http') return b === 'https' || b === 'ws' || b === 'wss';
  if (a === 'ws') return b === 'wss' || b === 'http' || b === 'https';
  if (a === 'https') return b === 'wss';
  if (a === 'wss') return b === 'https';
  return false;
}

function isIpAddress(host: string): boolean {
  return /^\d+\.\d+\.\d+\.\d+$/.test(host) || host.startsWith('[');
}

/**
 * CSP3 "host-part match": `*.example.com` matches any subdomain (not example.com itself); otherwise the host
 * must be equal. IP literals only match exactly (Chromium), never through a wildcard.
 *
 * @example
 * hostPartMatches('*.example.com', 'cdn.eu.example.com'); // true
 * hostPartMatches('*.example.com', 'example.com'); // false
 */
export function hostPartMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase().replace(/\.$/, '');
  const h = host.toLowerCase().replace(/\.$/, '');
  if (p === '*') return true;
  if (p.startsWith('*.')) return !isIpAddress(h) && h.endsWith(p.slice(1));
  return p === h;
}

function effectivePort(url: URL): string | undefined {
  return url.port !== '' ? url.port : own(DEFAULT_PORTS, schemeOf(url));
}

/**
 * CSP3 "port-part match": no port means the URL's default port; `*` means any; port 80 also matches 443
 * when the request was upgraded to a secure scheme (Chromium).
 *
 * @example
 * portPartMatches(undefined, new URL('https://example.com/')); // true
 * portPartMatches('8443', new URL('https://example.com/')); // false
 */
export function portPartMatches(port: string | undefined, url: URL): boolean {
  if (port === '*') return true;
  const actual = effectivePort(url);
  if (port === undefined) return url.port === '' || actual === own(DEFAULT_PORTS, schemeOf(url));
  if (port === actual) return true;
  const secure = schemeOf(url) === 'https' || schemeOf(url) === 'wss';
  return port === '80' && actual === '443' && secure;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * CSP3 "path-part match": a path ending in `/` matches every path under it; any other path must be equal
 * (segment by segment, percent-decoded). The query string never matters.
 *
 * @example
 * pathPartMatches('/js/', '/js/app.js'); // true
 * pathPartMatches('/js/app.js', '/js/app.js.map'); // false
 */
export function pathPartMatches(expressionPath: string | undefined, urlPath: string): boolean {
  if (expressionPath === undefined || expressionPath === '') return true;
  if (expressionPath === '/' && urlPath === '') return true;
  const exact = !expressionPath.endsWith('/');
  const expected = expressionPath.split('/');
  const actual = urlPath.split('/');
  if (exact && expected.length !== actual.length) return false;
  if (!exact) expected.pop();
  if (expected.length > actual.length) return false;
  return expected.every((segment, i) => decodeSegment(segment) === decodeSegment(actual[i] ?? ''));
}

// 'self' stands for the page's origin over the network schemes only: a blob:, data: or filesystem: URL is never
// matched by it (its "origin" in the URL standard is its creator's, but browsers block it under 'self'; allow it
// with the scheme source, e.g. `blob:`).
const SELF_SCHEMES = new Set(['http', 'https', 'ws', 'wss']);

function matchesSelf(url: URL, origin: URL | null): boolean {
  if (origin === null || origin.origin === 'null') return false;
  if (!SELF_SCHEMES.has(schemeOf(url))) return false;
  if (url.origin === origin.origin) return true;
  if (url.hostname.toLowerCase() !== origin.hostname.toLowerCase()) return false;
  if (effectivePort(url) !== effectivePort(origin) && !(url.port === '' && origin.port === '')) return false;
  const scheme = schemeOf(url);
  if (scheme === 'https' || scheme === 'wss') return true;
  return schemeOf(origin) === 'http' && (scheme === 'http' || scheme === 'ws');
}

/**
 * Whether a URL matches one source expression for a page of `origin` (null for an opaque origin).
 * Nonces, hashes and keywords other than `'self'` never match a URL.
 *
 * @example
 * const page = new URL('https://shop.example.com/cart');
 * urlMatchesExpression(new URL('https://cdn.example.net/app.js'), 'cdn.example.net', page); // true
 * urlMatchesExpression(new URL('http://cdn.example.net/app.js'), 'cdn.example.net', page); // false: page is https
 * urlMatchesExpression(new URL('wss://shop.example.com/live'), "'self'", page); // true
 */
export function urlMatchesExpression(url: URL, expression: string, origin: URL | null): boolean {
  const source = parseSourceExpression(expression);
  const scheme = schemeOf(url);
  switch (source.kind) {
    case 'keyword':
      return source.keyword === 'self' && matchesSelf(url, origin);
    case 'scheme':
      return schemePartMatches(source.scheme, scheme);
    case 'host': {
      if (source.host === '*' && source.scheme === undefined && source.port === undefined && !source.path) {
        return (
          ['http', 'https', 'ws', 'wss'].includes(scheme) || (origin !== null && schemeOf(origin) === scheme)
        );
      }
      if (url.hostname === '') return false;
      if (source.scheme !== undefined && !schemePartMatches(source.scheme, scheme)) return false;
      if (source.scheme === undefined && (origin === null || !schemePartMatches(schemeOf(origin), scheme)))
        return false;
      if (!hostPartMatches(source.host, url.hostname)) return false;
      if (!portPartMatches(source.port, url)) return false;
      return pathPartMatches(source.path, url.pathname);
    }
    default:
      return false;
  }
}

/**
 * Whether a URL matches any expression of a source list.
 *
 * @example
 * urlMatchesSourceList(new URL('https://www.google-analytics.com/g/collect'), ["'self'", 'https://*.google-analytics.com'], new URL('https://example.com/')); // true
 */
export function urlMatchesSourceList(url: URL, values: readonly string[], origin: URL | null): boolean {
  return values.some((value) => urlMatchesExpression(url, value, origin));
}
