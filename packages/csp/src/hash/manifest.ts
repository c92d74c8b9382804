// Builds the hash manifest that `vigie-csp hash` prints and the middleware reads: for each file, the hash
// sources its inline blocks (HTML) or its whole content (.js, .css) need, plus their union per directive.

import { record } from '../own.ts';
import type { HashAlgorithm } from '../policy/source.ts';
import { hashSource } from './digest.ts';
import { findInlineBlocks } from './inline.ts';

/**
 * Hash sources per directive, sorted and without duplicates.
 *
 * @example
 * const sources: HashSources = { 'script-src': [hashSource('start()')], 'style-src': [] };
 */
export interface HashSources {
  'script-src': string[];
  'style-src': string[];
}

/**
 * What `vigie-csp hash` prints: the union of every file's hashes, and each file's own.
 *
 * @example
 * const manifest: HashManifest = buildHashManifest([{ path: 'index.html', content: html }]);
 * cspExpress({ policy: "script-src 'self'", hashes: manifest });
 */
export interface HashManifest {
  algorithm: HashAlgorithm;
  hashes: HashSources;
  files: Record<string, HashSources>;
}

/**
 * A file to hash: its path (as it should appear in the manifest) and its bytes or text.
 *
 * @example
 * const input: HashInput = { path: 'public/app.js', content: readFileSync('public/app.js') };
 */
export interface HashInput {
  path: string;
  content: string | Uint8Array;
}

const SCRIPT_FILE = /\.(m?js|cjs)$/i;
const STYLE_FILE = /\.css$/i;
const HTML_FILE = /\.(html?|xhtml)$/i;

/**
 * Whether `buildHashManifest` knows how to read a file, by its extension.
 *
 * @example
 * isHashableFile('public/index.html'); // true
 * isHashableFile('logo.png'); // false
 */
export function isHashableFile(path: string): boolean {
  return SCRIPT_FILE.test(path) || STYLE_FILE.test(path) || HTML_FILE.test(path);
}

/**
 * Hashes one file: the inline blocks of an HTML file, or the whole of a script or stylesheet.
 * Throws for other file types.
 *
 * @example
 * hashFile({ path: 'index.html', content: '<script>boot()</script>' });
 * // { 'script-src': ["'sha256-…'"], 'style-src': [] }
 */
export function hashFile(file: HashInput, algorithm: HashAlgorithm = 'sha256'): HashSources {
  const sources: HashSources = { 'script-src': [], 'style-src': [] };
  if (HTML_FILE.test(file.path)) {
    const html = typeof file.content === 'string' ? file.content : new TextDecoder().decode(file.content);
    for (const block of findInlineBlocks(html)) {
      sources[block.kind === 'script' ? 'script-src' : 'style-src'].push(
        hashSource(block.content, algorithm),
      );
    }
  } else if (SCRIPT_FILE.test(file.path)) {
    sources['script-src'].push(hashSource(file.content, algorithm));
  } else if (STYLE_FILE.test(file.path)) {
    sources['style-src'].push(hashSource(file.content, algorithm));
  } else {
    throw new Error(`Cannot hash ${file.path}: expected an .html, .js, .mjs, .cjs or .css file.`);
  }
  return { 'script-src': unique(sources['script-src']), 'style-src': unique(sources['style-src']) };
}

/**
 * Builds a manifest from files.
 *
 * @example
 * const manifest = buildHashManifest([
 *   { path: 'views/home.html', content: '<style>body{margin:0}</style><script>start()</script>' },
 *   { path: 'public/app.js', content: 'console.log(1)' },
 * ]);
 * manifest.hashes['script-src'].length; // 2
 * manifest.files['views/home.html']?.['style-src']; // ["'sha256-…'"]
 */
export function buildHashManifest(
  files: readonly HashInput[],
  algorithm: HashAlgorithm = 'sha256',
): HashManifest {
  const manifest: HashManifest = {
    algorithm,
    hashes: { 'script-src': [], 'style-src': [] },
    files: record(),
  };
  for (const file of files) {
    const sources = hashFile(file, algorithm);
    manifest.files[file.path] = sources;
    manifest.hashes['script-src'].push(...sources['script-src']);
    manifest.hashes['style-src'].push(...sources['style-src']);
  }
  manifest.hashes = {
    'script-src': unique(manifest.hashes['script-src']),
    'style-src': unique(manifest.hashes['style-src']),
  };
  return manifest;
}

/**
 * Checks that parsed JSON is a hash manifest (e.g. read from the file `vigie-csp hash` wrote) and returns it.
 * Throws an error naming what is wrong.
 *
 * @example
 * const manifest = readHashManifest(JSON.parse(readFileSync('csp-hashes.json', 'utf8')));
 */
export function readHashManifest(value: unknown): HashManifest {
  if (typeof value !== 'object' || value === null) throw new Error('Hash manifest: expected a JSON object.');
  const { algorithm, hashes, files } = value as Record<string, unknown>;
  if (algorithm !== 'sha256' && algorithm !== 'sha384' && algorithm !== 'sha512') {
    throw new Error('Hash manifest: "algorithm" must be sha256, sha384 or sha512.');
  }
  const checked: HashManifest = { algorithm, hashes: readSources(hashes, 'hashes'), files: record() };
  if (typeof files === 'object' && files !== null) {
    for (const [path, sources] of Object.entries(files))
      checked.files[path] = readSources(sources, `files.${path}`);
  }
  return checked;
}

function readSources(value: unknown, where: string): HashSources {
  const fields = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const list = (key: keyof HashSources): string[] => {
    const items = (Object.hasOwn(fields, key) ? fields[key] : undefined) ?? [];
    if (
      !Array.isArray(items) ||
      !items.every((h) => typeof h === 'string' && /^'sha(256|384|512)-[A-Za-z0-9+/]+=*'$/.test(h))
    ) {
      throw new Error(
        `Hash manifest: ${where}.${key} must be a list of quoted hash sources like 'sha256-…'.`,
      );
    }
    return items as string[];
  };
  return { 'script-src': list('script-src'), 'style-src': list('style-src') };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}
