// Claim a job's lease: insert it, or take it over once it expired or if we already hold it.

import type { Kysely } from 'kysely';
import type { Schema } from '../storage/schema.ts';

export async function claimLease(
  db: Kysely<Schema>,
  name: string,
  holder: string,
  ttlMs: number,
  nowMs = Date.now(),
): Promise<boolean> {
  await db
    .insertInto('job_leases')
    .values({ name, holder: '', expires_at: 0, last_run_at: null })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const result = await db
    .updateTable('job_leases')
    .set({ holder, expires_at: nowMs + ttlMs, last_run_at: nowMs })
    .where('name', '=', name)
    .where((eb) => eb.or([eb('expires_at', '<=', nowMs), eb('holder', '=', holder)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function releaseLease(db: Kysely<Schema>, name: string, holder: string): Promise<void> {
  await db
    .updateTable('job_leases')
    .set({ expires_at: 0 })
    .where('name', '=', name)
    .where('holder', '=', holder)
    .execute();
}
