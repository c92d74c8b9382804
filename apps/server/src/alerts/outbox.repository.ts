// The outbox that lifecycle changes (and the spike detector) write: read here, oldest first, each row
// claimed by a compare-and-set on processed_at inside the transaction that acts on it.

import type { Kysely, Transaction } from 'kysely';
import type { Schema } from '../storage/schema.ts';

export function pendingOutbox(db: Kysely<Schema>, limit: number) {
  return db
    .selectFrom('outbox')
    .selectAll()
    .where('processed_at', 'is', null)
    .orderBy('id')
    .limit(limit)
    .execute();
}
export type OutboxRow = Awaited<ReturnType<typeof pendingOutbox>>[number];

/** Mark the row processed; false when another instance did first (then this transaction does nothing). */
export async function claimOutboxRow(trx: Transaction<Schema>, id: number, nowMs: number): Promise<boolean> {
  const result = await trx
    .updateTable('outbox')
    .set((eb) => ({ processed_at: nowMs, attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .where('processed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function projectName(db: Kysely<Schema> | Transaction<Schema>, projectId: number) {
  return db.selectFrom('projects').select('name').where('id', '=', projectId).executeTakeFirst();
}
