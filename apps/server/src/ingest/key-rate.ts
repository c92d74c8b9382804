// Per-key rate limits: how many events a DSN key may send a minute, counted in one process
// (LocalKeyRates: one instance, SQLite) or shared by every instance through the database
// (SharedKeyRates: several instances on PostgreSQL behind a load balancer, where a limit of 600 a
// minute must mean 600, not 600 per instance that the balancer happens to send to).
//
// Shared without a database round trip per request: an instance claims a share of the minute's
// budget (a 50th of the limit, at most 1,000 events) with one upsert, and admits events from that
// share until it is used. A claim is granted only what the limit has left, so all instances
// together never admit more than the limit; what an instance claimed and did not use is lost to
// the others for that minute (at most a 50th of the limit per instance).

import type { Kysely } from 'kysely';
import { VigieError } from '../errors.ts';
import type { ProjectKey, Schema } from '../storage/schema.ts';
import { claimEvents, forgetMinutesBefore } from './key-rate.repository.ts';

export interface KeyRates {
  /** Count `events` against the key's per-minute limit; 429 with Retry-After once it is used up. */
  consume(key: ProjectKey, events: number, now?: number): Promise<void>;
}

const minuteOf = (now: number) => Math.floor(now / 60_000);

function rateLimited(limit: number, minute: number, now: number): VigieError {
  const retryAfterSeconds = Math.max(1, Math.ceil(((minute + 1) * 60_000 - now) / 1000));
  return new VigieError(
    'rate_limited',
    { limit, retryAfterSeconds },
    { retryAfterSeconds, rateLimitScope: 'key' },
  );
}

/** One process's count: exact for the one instance SQLite runs. */
export class LocalKeyRates implements KeyRates {
  readonly #windows = new Map<number, { minute: number; count: number }>();

  async consume(key: ProjectKey, events: number, now = Date.now()): Promise<void> {
    const limit = key.rate_limit_per_minute;
    if (limit === null || events === 0) return;
    const minute = minuteOf(now);
    let window = this.#windows.get(key.id);
    if (!window || window.minute !== minute) {
      window = { minute, count: 0 };
      this.#windows.set(key.id, window);
    }
    if (window.count + events > limit) throw rateLimited(limit, minute, now);
    window.count += events;
  }
}

interface Share {
  minute: number;
  /** Events the database granted this instance this minute, and how many of them it admitted. */
  granted: number;
  used: number;
  /** The minute's budget is gone: a claim was granted less than it asked. */
  exhausted: boolean;
  claiming: Promise<void> | undefined;
}

/** Counts shared by every instance through the database (see the module comment). */
export class SharedKeyRates implements KeyRates {
  readonly #db: Kysely<Schema>;
  readonly #shares = new Map<number, Share>();

  constructor(db: Kysely<Schema>) {
    this.#db = db;
  }

  async consume(key: ProjectKey, events: number, now = Date.now()): Promise<void> {
    const limit = key.rate_limit_per_minute;
    if (limit === null || events === 0) return;
    const minute = minuteOf(now);
    let share = this.#shares.get(key.id);
    if (!share || share.minute !== minute) {
      share = { minute, granted: 0, used: 0, exhausted: false, claiming: undefined };
      this.#shares.set(key.id, share);
      if (this.#shares.size > 10_000) this.#shares.clear();
    }
    for (;;) {
      if (share.used + events <= share.granted) {
        share.used += events;
        return;
      }
      if (share.exhausted) throw rateLimited(limit, minute, now);
      // One claim at a time per key: requests that arrive meanwhile wait for it, then look again.
      share.claiming ??= this.#claim(key.id, share, limit, events).finally(() => {
        share.claiming = undefined;
      });
      await share.claiming;
    }
  }

  async #claim(keyId: number, share: Share, limit: number, events: number): Promise<void> {
    const wanted = Math.max(share.used + events - share.granted, Math.min(1000, Math.ceil(limit / 50)));
    const first = share.granted === 0;
    const before = await claimEvents(this.#db, keyId, share.minute, wanted);
    const granted = Math.max(0, Math.min(wanted, limit - before));
    share.granted += granted;
    if (granted < wanted) share.exhausted = true;
    // Once per key and minute per instance: the counts of past minutes go.
    if (first) await forgetMinutesBefore(this.#db, keyId, share.minute - 1);
  }
}
