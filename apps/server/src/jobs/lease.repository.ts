// The job_leases row of each periodic job: which instance holds it, and until when. Every change is
// a compare-and-set on that one row, so with several instances on PostgreSQL one holds it at a time.

import type { Kysely, Selectable } from 'kysely';
import type { JobRunTable, Schema } from '../storage/schema.ts';

/**
 * Take a job's lease if nobody holds it: it was never taken, it was released, or it lapsed.
 * Even the instance that holds it cannot take it again before then, so one claim means one run.
 */
export async function claimLease(
  db: Kysely<Schema>,
  name: string,
  holder: string,
  nowMs: number,
  expiresAtMs: number,
): Promise<boolean> {
  await db
    .insertInto('job_leases')
    .values({ name, holder: '', expires_at: 0, last_run_at: null })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  // On PostgreSQL a second instance's UPDATE waits for the first one's row lock, then re-checks
  // expires_at against the row the first one wrote, and updates nothing.
  const result = await db
    .updateTable('job_leases')
    .set({ holder, expires_at: expiresAtMs, last_run_at: nowMs })
    .where('name', '=', name)
    .where('expires_at', '<=', nowMs)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Move the end of a lease this holder still has. False when another instance claimed it since
 * (it had lapsed): the holder has lost it.
 */
export async function holdLeaseUntil(
  db: Kysely<Schema>,
  name: string,
  holder: string,
  expiresAtMs: number,
): Promise<boolean> {
  const result = await db
    .updateTable('job_leases')
    .set({ expires_at: expiresAtMs })
    .where('name', '=', name)
    .where('holder', '=', holder)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Let go of the leases of the runs this holder stopped before their end, so another instance runs those
 * jobs at once. The lease of a run that finished stays until its interval is over: released, it would
 * let another instance run the job a second time in the same interval.
 */
export async function releaseLeases(
  db: Kysely<Schema>,
  holder: string,
  names: readonly string[],
): Promise<void> {
  if (names.length === 0) return;
  await db
    .updateTable('job_leases')
    .set({ expires_at: 0 })
    .where('holder', '=', holder)
    .where('name', 'in', names)
    .execute();
}

const RUN_RECORD_DAYS = 7;

/** Record a run, and forget this job's runs older than a week. */
export async function recordRun(db: Kysely<Schema>, run: Selectable<JobRunTable>): Promise<void> {
  await db.insertInto('job_runs').values(run).execute();
  await db
    .deleteFrom('job_runs')
    .where('name', '=', run.name)
    .where('started_at', '<', run.started_at - RUN_RECORD_DAYS * 86_400_000)
    .execute();
}
