// Keeps the result of a late symbolication: the stored event's payload, mapped, and the culprit of
// its issue when that event is the one the issue's culprit was taken from.

import type { Kysely } from 'kysely';
import type { Schema } from '../storage/schema.ts';

export interface LateCulprit {
  issueId: number;
  /** The event whose frames the issue's culprit came from: the issue's latest. */
  eventId: string;
  /** The culprit the minified frames gave. */
  minified: string | null;
  mapped: string | null;
}

/**
 * Stores the mapped event and, when it is still its issue's latest and the issue still has the
 * culprit its minified frames gave, the mapped culprit: a compare-and-set, so that an event ingest
 * wrote meanwhile keeps its own. Returns whether the issue changed.
 */
export async function keepLateMapping(
  db: Kysely<Schema>,
  eventRowId: number,
  payload: Uint8Array,
  culprit: LateCulprit | null,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await trx.updateTable('events').set({ payload }).where('id', '=', eventRowId).execute();
    if (!culprit) return false;
    const result = await trx
      .updateTable('issues')
      .set({ culprit: culprit.mapped })
      .where('id', '=', culprit.issueId)
      .where('last_event_id', '=', culprit.eventId)
      .where((eb) =>
        culprit.minified === null ? eb('culprit', 'is', null) : eb('culprit', '=', culprit.minified),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  });
}
