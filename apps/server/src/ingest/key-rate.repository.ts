// The per-minute event counts of rate-limited DSN keys that every instance shares (key-rate.ts).

import type { Kysely } from 'kysely';
import type { Schema } from '../storage/schema.ts';

type Db = Kysely<Schema>;

/**
 * Add `events` to the key's count for `minute`, by every instance together, and return the count
 * before them: one statement, so two instances claiming at once are serialized by the row.
 */
export async function claimEvents(db: Db, keyId: number, minute: number, events: number): Promise<number> {
  const row = await db
    .insertInto('key_rate_windows')
    .values({ key_id: keyId, minute, count: events })
    .onConflict((oc) =>
      oc
        .columns(['key_id', 'minute'])
        .doUpdateSet((eb) => ({ count: eb(eb.ref('key_rate_windows.count'), '+', events) })),
    )
    .returning('count')
    .executeTakeFirstOrThrow();
  return Number(row.count) - events;
}

/** The key's counts of minutes before `minute`, which no longer limit anything. */
export async function forgetMinutesBefore(db: Db, keyId: number, minute: number): Promise<void> {
  await db.deleteFrom('key_rate_windows').where('key_id', '=', keyId).where('minute', '<', minute).execute();
}
