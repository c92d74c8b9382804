// The maps symbolication needs, found in storage and kept parsed in memory: by debug id, or by
// release + URL (the minified file, then the map its `Sourcemap` header or sourceMappingURL names,
// or its URL + `.map`). Ingest asks synchronously and learns of misses; it loads them (one query
// each) and asks again, so an event whose maps are in memory costs no database round trip. What was
// not found is remembered briefly; an upload to the project forgets it at once on this instance.

import { FlattenMap, TraceMap } from '@jridgewell/trace-mapping';
import type { Kysely } from 'kysely';
import type { Schema } from '../storage/schema.ts';
import {
  blobContent,
  fileByDebugId,
  fileByUrl,
  lastUploadAt,
  type StoredFile,
  touchBundles,
} from './artifacts.repository.ts';
import { type LoadedMap, type MapKey, type MapLookup, mapKeyString } from './symbolicate.ts';

export interface SourceMapStoreOptions {
  /** Bytes of parsed maps kept (counted by their JSON's size). */
  maxCachedBytes?: number;
  /** How long a lookup that found nothing, or a project's upload time, is trusted. */
  missTtlMs?: number;
  /** How long a map found is kept without being read again from storage. */
  hitTtlMs?: number;
  now?: () => number;
}

interface Entry {
  lookup: MapLookup;
  bytes: number;
  expiresAt: number;
}

/** Bundles' last use is written at most this often each (retention counts from it). */
const TOUCH_INTERVAL_MS = 3600_000;

export class SourceMapStore {
  readonly #db: Kysely<Schema>;
  readonly #maxBytes: number;
  readonly #missTtl: number;
  readonly #hitTtl: number;
  readonly #now: () => number;
  /** Insertion order is recency: a hit moves its entry to the end, eviction takes from the start. */
  readonly #entries = new Map<string, Entry>();
  #bytes = 0;
  readonly #uploads = new Map<number, { at: number | null; expiresAt: number }>();
  readonly #touched = new Map<number, number>();

  constructor(db: Kysely<Schema>, options: SourceMapStoreOptions = {}) {
    this.#db = db;
    this.#maxBytes = options.maxCachedBytes ?? 256 * 1024 * 1024;
    this.#missTtl = options.missTtlMs ?? 30_000;
    this.#hitTtl = options.hitTtlMs ?? 600_000;
    this.#now = options.now ?? Date.now;
  }

  /** When the project last got an upload (null: never); undefined when that is not known here yet. */
  lastUpload(projectId: number): number | null | undefined {
    const known = this.#uploads.get(projectId);
    if (!known || known.expiresAt < this.#now()) return undefined;
    return known.at;
  }

  async loadLastUpload(projectId: number): Promise<number | null> {
    const at = await lastUploadAt(this.#db, projectId);
    this.#uploads.set(projectId, { at, expiresAt: this.#now() + this.#missTtl });
    return at;
  }

  find(projectId: number, key: MapKey): MapLookup | undefined {
    const id = `${projectId}\u0000${mapKeyString(key)}`;
    const entry = this.#entries.get(id);
    if (!entry) return undefined;
    if (entry.expiresAt < this.#now()) {
      this.#drop(id, entry);
      return undefined;
    }
    this.#entries.delete(id);
    this.#entries.set(id, entry);
    return entry.lookup;
  }

  async load(projectId: number, keys: readonly MapKey[]): Promise<void> {
    const seen = new Set<string>();
    for (const key of keys) {
      const id = `${projectId}\u0000${mapKeyString(key)}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const { lookup, bytes } = await this.#lookUp(projectId, key);
      const ttl = 'found' in lookup ? this.#hitTtl : this.#missTtl;
      const old = this.#entries.get(id);
      if (old) this.#drop(id, old);
      this.#entries.set(id, { lookup, bytes, expiresAt: this.#now() + ttl });
      this.#bytes += bytes;
    }
    this.#evict();
  }

  /** An upload or a deletion in this project: what was looked up there is looked up again. */
  uploaded(projectId: number): void {
    this.#uploads.delete(projectId);
    const prefix = `${projectId}\u0000`;
    for (const [id, entry] of this.#entries) if (id.startsWith(prefix)) this.#drop(id, entry);
  }

  /** Records that these bundles served an event (at most hourly each), so retention keeps them. */
  async used(bundleIds: readonly number[]): Promise<void> {
    const now = this.#now();
    const due = bundleIds.filter((id) => (this.#touched.get(id) ?? 0) + TOUCH_INTERVAL_MS < now);
    if (due.length === 0) return;
    for (const id of due) this.#touched.set(id, now);
    await touchBundles(this.#db, due, now);
  }

  #drop(id: string, entry: Entry): void {
    this.#entries.delete(id);
    this.#bytes -= entry.bytes;
  }

  #evict(): void {
    for (const [id, entry] of this.#entries) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#drop(id, entry);
    }
  }

  async #lookUp(projectId: number, key: MapKey): Promise<{ lookup: MapLookup; bytes: number }> {
    const file =
      key.kind === 'debug_id'
        ? ((await fileByDebugId(this.#db, projectId, key.debugId, 'source_map')) ?? {
            missing: `no source map with debug id ${key.debugId} was uploaded to this project`,
          })
        : await this.#mapByRelease(projectId, key);
    if ('missing' in file) return { lookup: file, bytes: 0 };
    const content = await blobContent(this.#db, projectId, file.checksum);
    if (content === null) return { lookup: { missing: `the content of ${file.url} is gone` }, bytes: 0 };
    const map = parseMap(content);
    if (typeof map === 'string') return { lookup: { missing: `${file.url} ${map}` }, bytes: 0 };
    const loaded: LoadedMap = { map, mapUrl: file.url, bundleId: file.bundleId };
    return { lookup: { found: loaded }, bytes: content.length };
  }

  async #mapByRelease(
    projectId: number,
    key: Extract<MapKey, { kind: 'release' }>,
  ): Promise<StoredFile | { missing: string }> {
    const urls = candidateUrls(key.url);
    const minified = await fileByUrl(this.#db, projectId, key.release, key.dist, urls);
    const mapUrls = minified ? await this.#mapUrlsOf(projectId, minified) : urls.map((u) => `${u}.map`);
    const map = await fileByUrl(this.#db, projectId, key.release, key.dist, mapUrls);
    if (map) return map;
    const where = urls[0] ?? key.url;
    return {
      missing: minified
        ? `release ${key.release} has ${minified.url} but not its source map (${mapUrls[0]})`
        : `release ${key.release} has no file at ${where} and no ${where}.map`,
    };
  }

  /** Where a minified file's map is: its Sourcemap header, its sourceMappingURL comment, or its URL + .map. */
  async #mapUrlsOf(projectId: number, minified: StoredFile): Promise<string[]> {
    let ref = minified.sourcemap;
    if (ref === null) {
      const content = await blobContent(this.#db, projectId, minified.checksum);
      const tail = content?.subarray(Math.max(0, content.length - 4096)).toString('utf8') ?? '';
      ref = /\/\/[#@]\s*sourceMappingURL=(\S+)\s*$/.exec(tail)?.[1] ?? null;
    }
    if (ref === null || ref.startsWith('data:')) return [`${minified.url}.map`];
    return [resolveTilde(ref, minified.url), `${minified.url}.map`];
  }
}

/** `~/assets/x.js` for `https://shop.test/assets/x.js?v=2`, then the full URL, as Sentry tries them. */
export function candidateUrls(url: string): string[] {
  try {
    const parsed = new URL(url);
    const path = `~${parsed.pathname}`;
    const out = parsed.search ? [`${path}${parsed.search}`, path] : [path];
    return [...out, url];
  } catch {
    return url.startsWith('/') ? [`~${url}`, url] : [url];
  }
}

function resolveTilde(ref: string, base: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(ref)) return candidateUrls(ref)[0]!;
  const root = 'http://tilde.invalid';
  const baseUrl = base.startsWith('~/') ? `${root}${base.slice(1)}` : base;
  try {
    const resolved = new URL(ref, baseUrl);
    return resolved.origin === root ? `~${resolved.pathname}` : resolved.href;
  } catch {
    return ref;
  }
}

function parseMap(content: Buffer): TraceMap | string {
  try {
    const json = JSON.parse(content.toString('utf8').replace(/^\)\]\}'[^\n]*\n/, ''));
    return json && typeof json === 'object' && 'sections' in json ? FlattenMap(json) : new TraceMap(json);
  } catch (error) {
    return `is not a source map (${(error as Error).message.slice(0, 100)})`;
  }
}
