// Decides whether a policy allows one resource: a URL, an inline script or style (element or attribute),
// eval, or an element carrying a nonce or whose content has a given hash (CSP3 §6.7 and §8).

import { createHash } from 'node:crypto';
import { effectiveDirective } from './fallback.ts';
import type { Policy } from './model.ts';
import type { HashAlgorithm } from './source.ts';
import { parseSourceExpression } from './source.ts';
import { urlMatchesSourceList } from './url-match.ts';

/**
 * Something a page tries to load or run. A string is read as a URL.
 *
 * @example
 * const resources: Resource[] = ['https://cdn.example.net/app.js', { kind: 'inline', sample: 'alert(1)' }, { kind: 'eval' }];
 */
export type Resource =
  | URL
  | string
  /** Inline script/style (element, or attribute for `*-attr` directives); `content` is the full text, to test hashes. */
  | { kind: 'inline'; sample?: string; content?: string }
  | { kind: 'eval' }
  | { kind: 'wasm-eval' }
  /** Inline content whose hash is already known (base64 digest). */
  | { kind: 'hash'; algorithm: HashAlgorithm; value: string }
  /** An element carrying this nonce attribute. */
  | { kind: 'nonce'; value: string };

const SCRIPT_DIRECTIVES = ['script-src', 'script-src-elem', 'script-src-attr', 'worker-src'];

function has(values: readonly string[], keyword: string): boolean {
  return values.some((v) => v.toLowerCase() === `'${keyword}'`);
}

function hasNonceOrHash(values: readonly string[]): boolean {
  return values.some((v) => {
    const kind = parseSourceExpression(v).kind;
    return kind === 'nonce' || kind === 'hash';
  });
}

/**
 * CSP3 "allows all inline behavior": 'unsafe-inline' counts only when no nonce or hash is listed and, for
 * scripts, no 'strict-dynamic' either (browsers then ignore 'unsafe-inline', which keeps old browsers working).
 *
 * @example
 * allowsAllInline(["'unsafe-inline'"], 'script-src'); // true
 * allowsAllInline(["'unsafe-inline'", "'nonce-r4nd0m'"], 'script-src'); // false
 */
export function allowsAllInline(values: readonly string[], directive: string): boolean {
  if (!has(values, 'unsafe-inline') || hasNonceOrHash(values)) return false;
  return !(SCRIPT_DIRECTIVES.includes(directive) && has(values, 'strict-dynamic'));
}

function hashListed(values: readonly string[], algorithm: HashAlgorithm, digest: string): boolean {
  const wanted = digest.replace(/-/g, '+').replace(/_/g, '/');
  return values.some((v) => {
    const source = parseSourceExpression(v);
    if (source.kind !== 'hash' || source.algorithm !== algorithm) return false;
    return source.value.replace(/-/g, '+').replace(/_/g, '/') === wanted;
  });
}

function contentHashListed(values: readonly string[], content: string): boolean {
  const algorithms: HashAlgorithm[] = ['sha256', 'sha384', 'sha512'];
  return algorithms.some((a) =>
    hashListed(values, a, createHash(a).update(content, 'utf8').digest('base64')),
  );
}

function isAttribute(directive: string): boolean {
  return directive.endsWith('-attr');
}

function allowsInline(values: readonly string[], directive: string, resource: Resource): boolean {
  if (typeof resource === 'string' || resource instanceof URL) return false;
  const hashesApply = !isAttribute(directive) || has(values, 'unsafe-hashes');
  switch (resource.kind) {
    case 'inline':
      if (allowsAllInline(values, directive)) return true;
      return hashesApply && resource.content !== undefined && contentHashListed(values, resource.content);
    case 'hash':
      return (
        allowsAllInline(values, directive) ||
        (hashesApply && hashListed(values, resource.algorithm, resource.value))
      );
    case 'nonce':
      if (allowsAllInline(values, directive)) return true;
      return !isAttribute(directive) && values.includes(`'nonce-${resource.value}'`);
    default:
      return false;
  }
}

function toUrl(resource: URL | string): URL | null {
  if (resource instanceof URL) return resource;
  return URL.canParse(resource) ? new URL(resource) : null;
}

function toOrigin(origin: URL | string | null): URL | null {
  if (origin === null) return null;
  return toUrl(origin);
}

/**
 * Whether the policy allows the resource under `directive` (after CSP3 fallback) for a page at `origin`.
 * `script-src`/`style-src` asked for an inline resource mean the element; use `script-src-attr` or
 * `style-src-attr` for event handlers and style attributes. With 'strict-dynamic', URL scripts are allowed
 * only through a nonce or hash, since Vigie cannot know whether a trusted script inserted them.
 *
 * @example
 * const { policy } = parsePolicy("default-src 'self'; script-src 'self' https://cdn.example.net 'unsafe-eval'");
 * const page = 'https://shop.example.com/';
 * isAllowed(policy, 'script-src-elem', 'https://cdn.example.net/app.js', page); // true
 * isAllowed(policy, 'img-src', 'https://tracker.example.org/p.gif', page); // false: default-src 'self'
 * isAllowed(policy, 'script-src-attr', { kind: 'inline' }, page); // false
 * isAllowed(policy, 'script-src', { kind: 'eval' }, page); // true
 */
export function isAllowed(
  policy: Policy,
  directive: string,
  resource: Resource,
  origin: URL | string | null,
): boolean {
  const name = directive.toLowerCase();
  const governing = effectiveDirective(policy, name);
  if (governing === undefined) return true;
  const values = governing.values;
  if (typeof resource === 'string' || resource instanceof URL) {
    const url = toUrl(resource);
    if (url === null) return false;
    if (SCRIPT_DIRECTIVES.includes(name) && has(values, 'strict-dynamic')) return false;
    return urlMatchesSourceList(url, values, toOrigin(origin));
  }
  if (resource.kind === 'eval') return has(values, 'unsafe-eval');
  if (resource.kind === 'wasm-eval') return has(values, 'unsafe-eval') || has(values, 'wasm-unsafe-eval');
  return allowsInline(values, name, resource);
}

/**
 * Whether every policy of a list allows the resource (a header may carry several; all must allow).
 *
 * @example
 * const { policies } = parsePolicyHeader("img-src *, img-src 'self'");
 * isAllowedByAll(policies, 'img-src', 'https://other.example/a.png', 'https://example.com/'); // false
 */
export function isAllowedByAll(
  policies: readonly Policy[],
  directive: string,
  resource: Resource,
  origin: URL | string | null,
): boolean {
  return policies.every((policy) => isAllowed(policy, directive, resource, origin));
}
