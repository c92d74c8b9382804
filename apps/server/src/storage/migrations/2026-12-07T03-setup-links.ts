// One-time setup links: the first start prints one, and whoever opens it creates the owner account.
// Only the link's sha256 is stored, as for API tokens and sessions.

import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped Kysely on purpose
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('setup_links')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('setup_links').ifExists().execute();
}
