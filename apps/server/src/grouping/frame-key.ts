// What identifies a stack frame across deploys: its module or a file name cleared of build hashes,
// query strings and release directories, and a function name cleared of the decorations engines add.
// Line and column numbers never count: they move whenever unrelated code above them changes.

import type { StackFrame } from './event.ts';

/** Sentry ignores source lines longer than this: they are minified bundles, not code a human wrote. */
export const MAX_CONTEXT_LINE_CHARS = 120;

const HASH_HEX = /^(?=[0-9a-f]*\d)[0-9a-f]{7,}$/i;
/** Rollup/Vite `[hash]`: 8+ base64url characters; only treated as a hash when it holds a digit,
 * since a word like `Settings` cannot be told apart from a hash without one. */
const HASH_B64 = /^(?=[\w-]*\d)(?=[\w-]*[a-z])[\w-]{8,20}$/i;
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
/** Directory names that only say which build or release this is: 20261101, 20261101123045, 1.4.2, v1.4.2. */
const RELEASE_DIR = /^(?:\d{6,}|v?\d+(?:\.\d+)+(?:[-+][\w.]+)?)$/;
/** Where third-party code starts, wherever it was installed: keep the path from there on. */
const VENDOR_MARKERS = ['node_modules/', 'site-packages/', 'dist-packages/', 'gems/', 'vendor/'];

/**
 * @example normalizeFilename('https://cdn.example.com/static/js/main.8f3a2c1d.js?v=3') // '/static/js/main.js'
 * @example normalizeFilename('/srv/app/releases/20261101/src/x.js') // '/srv/app/releases/src/x.js'
 */
export function normalizeFilename(path: string): string {
  let p = path.trim().replace(/\\/g, '/');
  p = p.replace(/[?#].*$/, '');
  p = p.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  p = fromLastVendorMarker(p);
  const segments = p.split('/');
  const base = segments.pop() ?? '';
  const dirs = segments.filter((s) => s !== '.' && !isBuildDir(s)).map(stripVersionSuffix);
  return [...dirs, stripBasenameHashes(base)].join('/');
}

function fromLastVendorMarker(path: string): string {
  let cut = -1;
  for (const marker of VENDOR_MARKERS) {
    const at = path.lastIndexOf(`/${marker}`);
    if (at >= 0 && at + 1 > cut) cut = at + 1;
    else if (at < 0 && path.startsWith(marker)) cut = Math.max(cut, 0);
  }
  return cut >= 0 ? path.slice(cut) : path;
}

function isBuildDir(segment: string): boolean {
  return RELEASE_DIR.test(segment) || HASH_HEX.test(segment) || UUID.test(segment);
}

/** `rails-7.1.2`, `express@4.18.2`, `requests-2.31.0.dist-info` → the package name alone. */
function stripVersionSuffix(segment: string): string {
  return segment.replace(/[-@]v?\d+(?:\.\d+)+(?:[-+.][\w.]+)?$/, '') || segment;
}

/** `main.8f3a2c1d.js` → `main.js`, `index-BfE3x9aQ.js` → `index.js`; `app.min.js` stays `app.min.js`. */
function stripBasenameHashes(base: string): string {
  const parts = base.split('.');
  if (parts.length < 2) return stripDashHash(base);
  const [stem = '', ...rest] = parts;
  const ext = rest.pop() ?? '';
  const middle = rest.filter((part) => !HASH_HEX.test(part) && !(part.length === 8 && HASH_B64.test(part)));
  return [stripDashHash(stem), ...middle, ext].join('.');
}

/** `_app-1a2b3c4d5e6f.js` (a hex hash after `-`, `_` or `.`) or Vite's `index-B_x9a-Qz` (8 base64url). */
function stripDashHash(stem: string): string {
  const vite = /^(.+)-([\w-]{8})$/.exec(stem);
  if (vite?.[1] && vite[2] && HASH_B64.test(vite[2])) return vite[1];
  const hex = /^(.+)[-_.]([0-9a-f]{7,})$/i.exec(stem);
  if (hex?.[1] && hex[2] && HASH_HEX.test(hex[2])) return hex[1];
  return stem;
}

const ANONYMOUS = new Set([
  '',
  '?',
  '<anonymous>',
  'anonymous',
  '<unknown>',
  'Anonymous function',
  '{anonymous}',
  '<lambda>',
  '{closure}',
]);

/**
 * The function's name without what engines decorate it with, or null when it has no name.
 * @example normalizeFunctionName('async Object.chargeCard [as charge]') // 'chargeCard'
 */
export function normalizeFunctionName(name: string | null): string | null {
  if (name === null) return null;
  let fn = name.trim();
  fn = fn.replace(/\s*\[as [^\]]*\]$/, '');
  while (/^(?:async|new)\s+/.test(fn)) fn = fn.replace(/^(?:async|new)\s+/, '');
  fn = fn.replace(/^Object\./, '');
  // Rails compiles each ERB template into a method named after the file plus per-boot numbers.
  fn = fn.replace(/__-?\d{4,}_\d{4,}$/, '');
  if (ANONYMOUS.has(fn)) return null;
  // `Router.<anonymous>` and `Object.?` are anonymous functions with a receiver.
  if (/\.(?:<anonymous>|\?)$/.test(fn)) return null;
  return fn;
}

export interface FrameKey {
  location: string | null;
  function: string | null;
  contextLine: string | null;
  /** Why each part is what it is, for the user asking why two events were grouped together. */
  hint: string;
}

export function frameKey(frame: StackFrame): FrameKey | null {
  const file = frame.filename ?? frame.absPath;
  const location = frame.module ?? (file !== null ? normalizeFilename(file) || null : null);
  const fn = normalizeFunctionName(frame.function);
  const context = fn === null ? usableContextLine(frame.contextLine) : null;
  if (location === null && fn === null && context === null) return null;
  const notes = [frame.module !== null ? 'module' : location !== null ? 'normalized file name' : 'no file'];
  if (fn !== null) notes.push(fn === frame.function ? 'function' : `function (from "${frame.function}")`);
  else notes.push(context !== null ? 'source line (anonymous function)' : 'anonymous function');
  return { location, function: fn, contextLine: context, hint: notes.join(' + ') };
}

function usableContextLine(line: string | null): string | null {
  if (line === null) return null;
  const collapsed = line.trim().replace(/\s+/g, ' ');
  return collapsed !== '' && collapsed.length <= MAX_CONTEXT_LINE_CHARS ? collapsed : null;
}

/** One readable string per frame: `checkout in chargeCard`, or the source line when anonymous. */
export function describeFrameKey(key: FrameKey): string {
  const where = key.location ?? '?';
  if (key.function !== null) return `${where} in ${key.function}`;
  return key.contextLine !== null ? `${where}: ${key.contextLine}` : `${where} in <anonymous>`;
}
