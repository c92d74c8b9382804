// Keeps the result of a late symbolication: the stored event's payload, mapped.

import type { Kysely } from 'kysely';
import type { Schema } from '../storage/schema.ts';

export async function updateEventPayload(db: Kysely<Schema>, id: number, payload: Uint8Array): Promise<void> {
  await db.updateTable('events').set({ payload }).where('id', '=', id).execute();
}
