// The weekly triage digest's settings on alert_settings: which channel, at what time on Monday (UTC), and
// the last week it went out (the compare-and-set that sends it once).

import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped Kysely on purpose
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('alert_settings').addColumn('weekly_channel_id', 'bigint').execute();
  await db.schema
    .alterTable('alert_settings')
    .addColumn('weekly_minute', 'integer', (c) => c.notNull().defaultTo(540))
    .execute();
  await db.schema.alterTable('alert_settings').addColumn('weekly_last_week', 'bigint').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const column of ['weekly_last_week', 'weekly_minute', 'weekly_channel_id']) {
    await db.schema.alterTable('alert_settings').dropColumn(column).execute();
  }
}
