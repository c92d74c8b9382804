// Symbolication on ingest's path, before grouping: events are built synchronously, each asking the
// store for its maps. When every map is in memory (the usual case once a release is running) that
// is all; otherwise what was missed is loaded and the events built again (twice at most: the
// project's uploads, then its maps), so only the first events of a build wait for the database.

import type { NormalizedEvent } from '../grouping/event.ts';
import type { SourceMapStore } from './source-map-store.ts';
import { eventNeedsMaps, type MapKey, symbolicateEvent } from './symbolicate.ts';

const NO_UPLOADS = 'no source maps were uploaded to this project';

class IngestPass {
  readonly misses = new Map<number, MapKey[]>();
  readonly unknownProjects = new Set<number>();
  readonly bundleIds = new Set<number>();
  readonly #store: SourceMapStore;
  readonly #nowMs: number;
  /** On the second pass a miss (a map evicted meanwhile) leaves the event as sent, for a later read to map. */
  readonly #last: boolean;

  constructor(store: SourceMapStore, nowMs: number, last: boolean) {
    this.#store = store;
    this.#nowMs = nowMs;
    this.#last = last;
  }

  get complete(): boolean {
    return this.misses.size === 0 && this.unknownProjects.size === 0;
  }

  readonly apply = (projectId: number, event: NormalizedEvent): NormalizedEvent => {
    if (!eventNeedsMaps(event)) return event;
    const lastUpload = this.#store.lastUpload(projectId);
    if (lastUpload === undefined) {
      if (!this.#last) this.unknownProjects.add(projectId);
      return event;
    }
    if (lastUpload === null) {
      return {
        ...event,
        symbolication: { status: 'unmapped', attemptedAtMs: this.#nowMs, reason: NO_UPLOADS },
      };
    }
    const result = symbolicateEvent(event, (key) => this.#store.find(projectId, key), this.#nowMs);
    if (result.misses.length > 0) {
      if (!this.#last) this.misses.set(projectId, [...(this.misses.get(projectId) ?? []), ...result.misses]);
      return event;
    }
    for (const id of result.bundleIds) this.bundleIds.add(id);
    return result.event;
  };

  async load(): Promise<void> {
    for (const projectId of this.unknownProjects) await this.#store.loadLastUpload(projectId);
    for (const [projectId, keys] of this.misses) await this.#store.load(projectId, keys);
  }
}

/**
 * Runs `build` with a symbolication step, and once more after loading what it missed.
 * @example const outcome = await withSourceMaps(store, (symbolicate) => envelopeToBatch(id, envelope, { ...ctx, symbolicate }));
 */
export async function withSourceMaps<T>(
  store: SourceMapStore,
  build: (symbolicate: IngestPass['apply']) => T,
): Promise<T> {
  const nowMs = Date.now();
  let pass = new IngestPass(store, nowMs, false);
  let out = build(pass.apply);
  // At most three builds: the project's uploads unknown, then its maps, then with everything loaded.
  for (let round = 1; !pass.complete; round += 1) {
    await pass.load();
    pass = new IngestPass(store, nowMs, round === 2);
    out = build(pass.apply);
  }
  if (pass.bundleIds.size > 0) store.used([...pass.bundleIds]).catch(() => {});
  return out;
}

/** The same step for one stored event read later: maps uploaded since it arrived apply now. */
export async function symbolicateLate(
  store: SourceMapStore,
  projectId: number,
  event: NormalizedEvent,
): Promise<NormalizedEvent | null> {
  const tried = event.symbolication;
  if (tried?.status === 'mapped') return null;
  if (tried === undefined && !eventNeedsMaps(event)) return null;
  const lastUpload = store.lastUpload(projectId) ?? (await store.loadLastUpload(projectId));
  if (lastUpload === null || (tried !== undefined && lastUpload <= tried.attemptedAtMs)) return null;
  // Frames marked unmapped are tried again, from the frames as the SDK sent them.
  const fresh: NormalizedEvent = {
    ...event,
    exceptions: event.exceptions.map(({ rawFrames, ...e }) => ({
      ...e,
      frames: (rawFrames ?? e.frames).map(({ symbolication: _, ...f }) => f),
    })),
  };
  const nowMs = Date.now();
  let result = symbolicateEvent(fresh, (key) => store.find(projectId, key), nowMs);
  if (result.misses.length > 0) {
    await store.load(projectId, result.misses);
    result = symbolicateEvent(fresh, (key) => store.find(projectId, key), nowMs);
    if (result.misses.length > 0) return null;
  }
  store.used(result.bundleIds).catch(() => {});
  return result.event;
}
