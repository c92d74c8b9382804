// Ingest authentication. Keys are public by design (they ship in browser bundles), so they only ever
// ingest into their own project; their rate limits are key-rate.ts's. Lookups are cached briefly: a
// revoked key, or a changed limit, takes effect within the cache TTL.

import type { Kysely } from 'kysely';
import { VigieError } from '../errors.ts';
import { findKey } from '../projects/project.repository.ts';
import type { ProjectKey, Schema } from '../storage/schema.ts';

interface Cached {
  key: ProjectKey | undefined;
  expiresAt: number;
}

/**
 * What a DSN key can look like: printable ASCII, at most 128 characters (Vigie makes 32 hex digits).
 * Anything else is refused without a lookup, so it neither reaches the database (PostgreSQL refuses
 * a NUL in a query parameter) nor takes a place in the cache.
 */
const PLAUSIBLE_KEY = /^[\x21-\x7e]{1,128}$/;

export class IngestKeys {
  readonly #db: Kysely<Schema>;
  readonly #ttlMs: number;
  readonly #cache = new Map<string, Cached>();

  constructor(db: Kysely<Schema>, ttlMs: number) {
    this.#db = db;
    this.#ttlMs = ttlMs;
  }

  /** The key, if it exists, is active and belongs to the project in the URL; else 401/403. */
  async authenticate(publicKey: string, projectId: string, now = Date.now()): Promise<ProjectKey> {
    const key = PLAUSIBLE_KEY.test(publicKey) ? await this.#lookup(publicKey, now) : undefined;
    if (!key) {
      throw new VigieError('invalid_key', {
        publicKey: JSON.stringify(publicKey.slice(0, 128)).slice(1, -1),
      });
    }
    if (key.revoked_at !== null) {
      throw new VigieError('key_revoked');
    }
    if (String(key.project_id) !== projectId) {
      throw new VigieError('wrong_project', { keyProjectId: key.project_id, projectId });
    }
    return key;
  }

  async #lookup(publicKey: string, now: number): Promise<ProjectKey | undefined> {
    const cached = this.#cache.get(publicKey);
    if (cached && cached.expiresAt > now) return cached.key;
    const key = await findKey(this.#db, publicKey);
    if (this.#cache.size > 10_000) this.#cache.clear();
    this.#cache.set(publicKey, { key, expiresAt: now + this.#ttlMs });
    return key;
  }
}
