// Reads one source expression (`'self'`, `https:`, `*.cdn.example.com:443/js/`, `'nonce-…'`, `'sha256-…'`) into
// a typed value, following the CSP3 grammar; the matcher, the parser's checks and the evaluator all start here.

/**
 * Keywords of CSP3 and its extensions, lower-cased and without quotes.
 *
 * @example
 * KEYWORDS.includes('strict-dynamic'); // true
 */
export const KEYWORDS: readonly string[] = [
  'self',
  'none',
  'unsafe-inline',
  'unsafe-eval',
  'strict-dynamic',
  'unsafe-hashes',
  'report-sample',
  'unsafe-allow-redirects',
  'wasm-unsafe-eval',
  'trusted-types-eval',
  'inline-speculation-rules',
  'report-sha256',
  'report-sha384',
  'report-sha512',
];

/**
 * Hash algorithms CSP3 accepts in hash sources.
 *
 * @example
 * const algorithm: HashAlgorithm = 'sha384';
 */
export type HashAlgorithm = 'sha256' | 'sha384' | 'sha512';

/**
 * A source expression read into its parts.
 *
 * @example
 * const source: SourceExpression = parseSourceExpression("'nonce-r4nd0m'"); // { kind: 'nonce', value: 'r4nd0m' }
 */
export type SourceExpression =
  | { kind: 'keyword'; keyword: string }
  | { kind: 'nonce'; value: string }
  | { kind: 'hash'; algorithm: HashAlgorithm; value: string }
  | { kind: 'scheme'; scheme: string }
  | { kind: 'host'; scheme?: string; host: string; port?: string; path?: string }
  | { kind: 'invalid'; reason: string };

const BASE64_VALUE = /^[A-Za-z0-9+/_-]+={0,2}$/;
const SCHEME = /^[a-z][a-z0-9+.-]*$/i;
const HOST = /^(\*|(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*\.?)$/i;
const PORT = /^(\d+|\*)$/;

/**
 * Reads one source expression. Keywords are lower-cased; nonce and hash values keep their case.
 *
 * @example
 * parseSourceExpression("'self'"); // { kind: 'keyword', keyword: 'self' }
 * parseSourceExpression('https://*.example.com:8443/js/');
 * // { kind: 'host', scheme: 'https', host: '*.example.com', port: '8443', path: '/js/' }
 */
export function parseSourceExpression(text: string): SourceExpression {
  if (text.startsWith("'")) return parseQuoted(text);
  const schemeOnly = /^([^:/]+):$/.exec(text);
  if (schemeOnly?.[1] !== undefined) {
    const scheme = schemeOnly[1];
    return SCHEME.test(scheme) ? { kind: 'scheme', scheme: scheme.toLowerCase() } : invalid('bad scheme');
  }
  return parseHostSource(text);
}

function parseQuoted(text: string): SourceExpression {
  if (text.length < 2 || !text.endsWith("'")) return invalid('unbalanced quote');
  const inner = text.slice(1, -1);
  const lower = inner.toLowerCase();
  if (lower.startsWith('nonce-')) {
    const value = inner.slice(6);
    return BASE64_VALUE.test(value) ? { kind: 'nonce', value } : invalid('nonce is not base64');
  }
  const hash = /^(sha256|sha384|sha512)-(.*)$/i.exec(inner);
  if (hash?.[1] !== undefined && hash[2] !== undefined) {
    const algorithm = hash[1].toLowerCase() as HashAlgorithm;
    return BASE64_VALUE.test(hash[2])
      ? { kind: 'hash', algorithm, value: hash[2] }
      : invalid('hash is not base64');
  }
  return KEYWORDS.includes(lower) ? { kind: 'keyword', keyword: lower } : invalid('unknown keyword');
}

function parseHostSource(text: string): SourceExpression {
  let rest = text;
  let scheme: string | undefined;
  const schemeEnd = rest.indexOf('://');
  if (schemeEnd !== -1) {
    scheme = rest.slice(0, schemeEnd);
    if (!SCHEME.test(scheme)) return invalid('bad scheme');
    rest = rest.slice(schemeEnd + 3);
  }
  const pathStart = rest.indexOf('/');
  const path = pathStart === -1 ? undefined : rest.slice(pathStart);
  const hostPort = pathStart === -1 ? rest : rest.slice(0, pathStart);
  const colon = hostPort.lastIndexOf(':');
  const host = colon === -1 ? hostPort : hostPort.slice(0, colon);
  const port = colon === -1 ? undefined : hostPort.slice(colon + 1);
  if (!HOST.test(host)) return invalid('bad host');
  if (port !== undefined && !PORT.test(port)) return invalid('bad port');
  if (path !== undefined && /[;,\s]/.test(path)) return invalid('bad path');
  const source: SourceExpression = { kind: 'host', host: host.toLowerCase() };
  if (scheme !== undefined) source.scheme = scheme.toLowerCase();
  if (port !== undefined) source.port = port;
  if (path !== undefined) source.path = path;
  return source;
}

function invalid(reason: string): SourceExpression {
  return { kind: 'invalid', reason };
}

/**
 * Whether the value is this keyword (quotes included, case-insensitive).
 *
 * @example
 * isKeyword("'Unsafe-Inline'", 'unsafe-inline'); // true
 */
export function isKeyword(value: string, keyword: string): boolean {
  return value.toLowerCase() === `'${keyword}'`;
}

/**
 * Whether the value is a nonce source.
 *
 * @example
 * isNonce("'nonce-r4nd0m'"); // true
 */
export function isNonce(value: string): boolean {
  return parseSourceExpression(value).kind === 'nonce';
}

/**
 * Whether the value is a hash source.
 *
 * @example
 * isHash("'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"); // true
 */
export function isHash(value: string): boolean {
  return parseSourceExpression(value).kind === 'hash';
}
