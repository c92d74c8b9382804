// Turns one blocked resource into the narrowest source expression that would have allowed it: 'self' for the
// page's own origin, scheme-and-host for another origin, a bare scheme for data:/blob: and the like.

/**
 * What a blocked resource stands for, once collapsed.
 *
 * @example
 * const collapsed: CollapsedSource = collapseBlockedUri('https://cdn.example.net/a.js', 'https://shop.example.com');
 * if (collapsed.kind === 'source') console.log(collapsed.source); // 'https://cdn.example.net'
 */
export type CollapsedSource =
  | { kind: 'source'; source: string }
  | { kind: 'inline' | 'eval' | 'wasm-eval' }
  | { kind: 'ignored'; reason: string };

const SCHEME_ONLY = ['data', 'blob', 'filesystem', 'mediastream'];
/**
 * URL schemes of browser extensions: what they load or run is never the site's.
 *
 * @example
 * EXTENSION_SCHEMES.includes('moz-extension'); // true
 */
export const EXTENSION_SCHEMES: readonly string[] = [
  'chrome-extension',
  'moz-extension',
  'safari-extension',
  'safari-web-extension',
  'ms-browser-extension',
];

/**
 * The origin (scheme://host[:port]) of a URL, or undefined when it has none.
 *
 * @example
 * originOf('https://shop.example.com/cart?id=3'); // 'https://shop.example.com'
 */
export function originOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

/**
 * Collapses a reported `blocked-uri` to a source expression for a page at `pageOrigin`. Paths are dropped on
 * purpose: path-restricted sources stop matching after a redirect and break with every new file name.
 *
 * @example
 * collapseBlockedUri('https://shop.example.com/app.js', 'https://shop.example.com'); // { kind: 'source', source: "'self'" }
 * collapseBlockedUri('https://cdn.example.net:8443/lib.js?v=2', 'https://shop.example.com');
 * // { kind: 'source', source: 'https://cdn.example.net:8443' }
 * collapseBlockedUri('data', 'https://shop.example.com'); // { kind: 'source', source: 'data:' }
 * collapseBlockedUri('inline', undefined); // { kind: 'inline' }
 */
export function collapseBlockedUri(blockedUri: string, pageOrigin: string | undefined): CollapsedSource {
  const value = blockedUri.trim();
  const lower = value.toLowerCase();
  if (lower === 'inline' || lower === 'eval' || lower === 'wasm-eval') return { kind: lower };
  if (lower === 'self') return { kind: 'source', source: "'self'" };
  if (lower === '' || lower === 'about' || lower.startsWith('about:'))
    return { kind: 'ignored', reason: 'no resource URL was reported' };
  if (lower.startsWith('trusted-types'))
    return { kind: 'ignored', reason: 'Trusted Types violations are not fixed with sources' };
  const scheme = /^([a-z][a-z0-9+.-]*)(:|$)/.exec(lower)?.[1];
  if (scheme !== undefined && SCHEME_ONLY.includes(scheme)) return { kind: 'source', source: `${scheme}:` };
  if (scheme !== undefined && EXTENSION_SCHEMES.includes(scheme)) {
    return { kind: 'ignored', reason: 'a browser extension injected it; the site does not need it' };
  }
  const origin = originOf(value);
  if (origin === undefined) return { kind: 'ignored', reason: `"${value}" is not a URL` };
  if (origin === pageOrigin) return { kind: 'source', source: "'self'" };
  return { kind: 'source', source: origin };
}
