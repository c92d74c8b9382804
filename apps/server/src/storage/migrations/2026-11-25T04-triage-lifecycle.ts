// Issue lifecycle writes: a version per issue for compare-and-set (status alone cannot tell resolved-in-1.2
// from resolved-in-1.3, nor a snooze from its replacement), and an index the lifecycle tick scans by.

import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped Kysely on purpose
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('issues')
    .addColumn('lifecycle_version', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  // Issues from before the lifecycle was written have been in their status since they were first seen.
  await db
    .updateTable('issues')
    .set({ status_changed_at: sql`first_seen` })
    .where('status_changed_at', 'is', null)
    .execute();
  // The tick looks for snoozed issues and for new/regressed/escalating ones that have settled.
  await db.schema
    .createIndex('issues_lifecycle')
    .on('issues')
    .columns(['status', 'substatus', 'status_changed_at'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('issues_lifecycle').ifExists().execute();
  await db.schema.alterTable('issues').dropColumn('lifecycle_version').execute();
}
