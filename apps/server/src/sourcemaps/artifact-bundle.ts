// Reads an artifact bundle as sentry-cli and the bundler plugins build it: a zip holding the files
// and a `manifest.json` that says, for each, its URL (`~/assets/index-Bx9a.js`), its type
// (`minified_source`, `source_map`…) and its headers (`debug-id`, `sourcemap`). A release bundle
// (sentry-cli 2's release upload) is the same zip, without debug ids.

import { createHash } from 'node:crypto';
import { unzipSync } from 'fflate';
import { isObject } from '../grouping/coerce.ts';

export interface BundleFile {
  url: string;
  type: string;
  debugId: string | null;
  /** The minified file's source map reference (its `Sourcemap` header or sourceMappingURL). */
  sourcemap: string | null;
  content: Uint8Array;
  /** sha1 of the content, hex: files are stored once per project by it. */
  checksum: string;
}

export interface ArtifactBundle {
  bundleId: string | null;
  release: string | null;
  dist: string | null;
  files: BundleFile[];
}

export type BundleResult = { ok: true; bundle: ArtifactBundle } | { ok: false; reason: string };

export const sha1 = (data: Uint8Array) => createHash('sha1').update(data).digest('hex');

/** A debug id in canonical form (lowercase, hyphenated), or null when the value is not one. */
export function canonicalDebugId(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const hex = value.trim().toLowerCase().replace(/-/g, '');
  if (!/^[0-9a-f]{32}([0-9a-f]{8})?$/.test(hex)) return null;
  const h = hex.slice(0, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Headers are matched without regard to case, as HTTP's. */
function header(headers: unknown, name: string): string | null {
  if (!isObject(headers)) return null;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name && typeof value === 'string') return value;
  }
  return null;
}

/**
 * The bundle's files; refused when it is not a zip, has no readable manifest, or would unpack to more
 * than `maxBytes` (the sizes the zip declares are checked before anything is inflated).
 */
export function readArtifactBundle(zip: Uint8Array, maxBytes: number): BundleResult {
  let total = 0;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip, {
      filter: (file) => {
        total += file.originalSize;
        if (total > maxBytes) throw new RangeError(`it unpacks to more than ${maxBytes} bytes`);
        return true;
      },
    });
  } catch (error) {
    const why = error instanceof RangeError ? error.message : 'it is not a valid zip file';
    return { ok: false, reason: `The bundle cannot be read: ${why}.` };
  }
  const manifestBytes = entries['manifest.json'];
  if (!manifestBytes) return { ok: false, reason: 'The bundle has no manifest.json.' };
  let manifest: unknown;
  try {
    manifest = JSON.parse(new TextDecoder().decode(manifestBytes));
  } catch {
    return { ok: false, reason: "The bundle's manifest.json is not valid JSON." };
  }
  if (!isObject(manifest) || !isObject(manifest.files)) {
    return { ok: false, reason: "The bundle's manifest.json has no files." };
  }
  const files: BundleFile[] = [];
  for (const [path, info] of Object.entries(manifest.files)) {
    const content = entries[path];
    if (!content || !isObject(info) || typeof info.url !== 'string' || info.url === '') continue;
    files.push({
      url: info.url.slice(0, 2048),
      type: typeof info.type === 'string' ? info.type : 'source',
      debugId: canonicalDebugId(header(info.headers, 'debug-id')),
      sourcemap: header(info.headers, 'sourcemap')?.slice(0, 2048) ?? null,
      content,
      checksum: sha1(content),
    });
  }
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v.slice(0, 200) : null);
  return {
    ok: true,
    bundle: {
      bundleId: canonicalDebugId(manifest.debug_id),
      release: text(manifest.release),
      dist: text(manifest.dist),
      files,
    },
  };
}
