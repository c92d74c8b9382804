// Words for directives and source expressions, shared by the diff explanation and the decision advice, so
// that a change reads as "images may now load from https://cdn.example.com" rather than as tokens.

import { own } from '../own.ts';
import { parseSourceExpression } from '../policy/source.ts';

const WHAT: Readonly<Record<string, string>> = {
  'default-src': 'fetches without a directive of their own',
  'script-src': 'scripts',
  'script-src-elem': 'script elements',
  'script-src-attr': 'inline event handlers',
  'style-src': 'styles',
  'style-src-elem': 'stylesheets and <style> elements',
  'style-src-attr': 'style attributes',
  'img-src': 'images',
  'font-src': 'fonts',
  'connect-src': 'fetch, XHR, WebSocket and EventSource connections',
  'media-src': 'audio and video',
  'object-src': 'plugins (<object>, <embed>)',
  'frame-src': 'frames',
  'child-src': 'frames and workers',
  'worker-src': 'workers',
  'manifest-src': 'web app manifests',
  'base-uri': '<base> URLs',
  'form-action': 'form submissions',
  'frame-ancestors': 'pages that may frame this one',
};

/**
 * What a directive governs, in words (plural), or the directive's name when it has no simple description.
 *
 * @example
 * describeDirective('img-src'); // 'images'
 */
export function describeDirective(name: string): string {
  return own(WHAT, name) ?? name;
}

const KEYWORDS: Readonly<Record<string, string>> = {
  self: "the page's own origin ('self')",
  none: "nothing ('none')",
  'unsafe-inline': "any inline code ('unsafe-inline')",
  'unsafe-eval': "eval() and new Function() ('unsafe-eval')",
  'wasm-unsafe-eval': "WebAssembly compilation ('wasm-unsafe-eval')",
  'strict-dynamic': "scripts loaded by already trusted scripts ('strict-dynamic')",
  'unsafe-hashes': "event handlers and style attributes whose hash is listed ('unsafe-hashes')",
  'report-sample': "samples of blocked code in reports ('report-sample')",
};

/**
 * A source expression in words.
 *
 * @example
 * describeSource("'unsafe-inline'"); // "any inline code ('unsafe-inline')"
 * describeSource('https://cdn.example.com'); // 'https://cdn.example.com'
 * describeSource("'nonce-{nonce}'"); // "elements carrying the response's nonce"
 */
export function describeSource(value: string): string {
  if (/^'nonce-/i.test(value)) return "elements carrying the response's nonce";
  const source = parseSourceExpression(value);
  if (source.kind === 'keyword') return own(KEYWORDS, source.keyword) ?? value;
  if (source.kind === 'hash') return `the inline block with hash ${value}`;
  if (value === '*') return 'any host (*)';
  if (source.kind === 'scheme') return `any ${value} URL`;
  return value;
}

/**
 * Joins words as a sentence list: "a", "a and b", "a, b and c".
 *
 * @example
 * listInWords(['a', 'b', 'c']); // 'a, b and c'
 */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? 'nothing';
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
