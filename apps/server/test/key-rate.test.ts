// Per-key rate limits across instances: three Vigie instances on one database admit, together, no
// more events a minute than the key's limit (on SQLite the counter lives in the one process; the
// shared counter's SQL runs on both databases all the same).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import type { App } from '../src/http.ts';
import { SharedKeyRates } from '../src/ingest/key-rate.ts';
import { createKey, setKeyRateLimit } from '../src/projects/project.repository.ts';
import type { ProjectKey } from '../src/storage/schema.ts';
import { injectClient, type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';
import { envelopeOf, errorEvent } from './support/events.ts';

const MINUTE = 60_000;

describe.each(testDialects)('per-key rate limits shared by instances on %s', (dialect) => {
  let vigie: RunningVigie;
  beforeAll(async () => {
    vigie = await startVigie(dialect);
  });
  afterAll(async () => {
    await vigie.stop();
  });

  const limitedKey = async (perMinute: number): Promise<ProjectKey> => {
    const { db } = vigie.app.vigie.database;
    const key = await createKey(db, vigie.projectId, `limited ${perMinute}`);
    return (await setKeyRateLimit(db, vigie.projectId, key.id, perMinute))!;
  };

  /** Runs `consume` and says what the SDK would have seen. */
  const outcome = (rates: SharedKeyRates, key: ProjectKey, events: number, now: number) =>
    rates.consume(key, events, now).then(
      () => 'ok' as const,
      (error: { code: string; details: { retryAfterSeconds: number } }) =>
        `${error.code} ${error.details.retryAfterSeconds}`,
    );

  it('admits exactly the limit across three instances sending at once, then again the next minute', async () => {
    const key = await limitedKey(100);
    const instances = [0, 1, 2].map(() => new SharedKeyRates(vigie.app.vigie.database.db));
    const minuteStart = Math.floor(Date.now() / MINUTE) * MINUTE;
    const now = minuteStart + 15_000;
    const results = await Promise.all(
      Array.from({ length: 180 }, (_, i) => outcome(instances[i % 3]!, key, 1, now)),
    );
    expect(results.filter((r) => r === 'ok')).toHaveLength(100);
    expect(new Set(results.filter((r) => r !== 'ok'))).toEqual(new Set(['rate_limited 45']));

    const next = await Promise.all(
      Array.from({ length: 30 }, (_, i) => outcome(instances[i % 3]!, key, 1, now + MINUTE)),
    );
    expect(next.every((r) => r === 'ok')).toBe(true);
    // Past minutes are forgotten as instances claim in new ones.
    const minutes = await vigie.app.vigie.database.db
      .selectFrom('key_rate_windows')
      .select('minute')
      .where('key_id', '=', key.id)
      .execute();
    expect(minutes.map((m) => Number(m.minute)).sort()).toEqual([
      minuteStart / MINUTE,
      minuteStart / MINUTE + 1,
    ]);
  });

  it('refuses a request of more events than the limit has left, without spending what is left on it', async () => {
    const key = await limitedKey(10);
    const [a, b] = [
      new SharedKeyRates(vigie.app.vigie.database.db),
      new SharedKeyRates(vigie.app.vigie.database.db),
    ];
    const now = Math.floor(Date.now() / MINUTE) * MINUTE + 1_000;
    expect(await outcome(a, key, 25, now)).toBe('rate_limited 59');
    // a was granted the 10 its claim found left and keeps them for requests that fit.
    expect(await outcome(a, key, 4, now)).toBe('ok');
    expect(await outcome(b, key, 1, now)).toBe('rate_limited 59');
  });

  it.runIf(dialect === 'postgres')('holds one limit for a key over three running instances', async () => {
    const key = await limitedKey(5);
    const others: App[] = [await buildApp(vigie.config), await buildApp(vigie.config)];
    try {
      const apps = [vigie.app, ...others].map((app) => injectClient(app, vigie.baseUrl));
      const statuses: number[] = [];
      for (let i = 0; i < 9; i++) {
        const response = await apps[i % 3]!.fetch(
          `/api/${vigie.projectId}/envelope/?sentry_key=${key.public_key}`,
          { method: 'POST', body: envelopeOf(errorEvent()) },
        );
        statuses.push(response.status);
      }
      expect(statuses.filter((s) => s === 200)).toHaveLength(5);
      expect(statuses.filter((s) => s === 429)).toHaveLength(4);
    } finally {
      for (const app of others) await app.close();
    }
  });
});
