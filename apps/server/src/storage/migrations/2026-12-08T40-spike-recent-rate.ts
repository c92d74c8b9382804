// The spike detector's recent rate (a 30-minute half-life beside the 3-hour baseline), so that the daily
// rise of traffic is not taken for a spike. Null in rows saved before it: the detector starts it from the
// baseline.

import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped Kysely on purpose
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('spike_states').addColumn('recent', 'double precision').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('spike_states').dropColumn('recent').execute();
}
