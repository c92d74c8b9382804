// Events remember the fingerprint they were grouped by, so unmerge can split a merged issue's events
// back out by fingerprint. Nullable: events stored before this migration get it computed from their
// payload the first time an unmerge needs it.

import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped Kysely on purpose
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('events').addColumn('fingerprint', 'text').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('events').dropColumn('fingerprint').execute();
}
