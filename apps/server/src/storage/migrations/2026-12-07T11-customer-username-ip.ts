// Support looks customers up by username and IP address too, not only by id and email: two columns the
// ingest writer fills from the event's user, each indexed like events_user_id. Events stored before
// keep them empty, but for those whose only user field was the username or the address (their user_key
// says so), which are copied: an anonymous visitor known by IP is the commonest of those.

import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped Kysely on purpose
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('events').addColumn('user_username', 'text').execute();
  await db.schema.alterTable('events').addColumn('user_ip', 'text').execute();
  await sql`update events set user_username = substr(user_key, 10) where user_key like 'username:%'`.execute(
    db,
  );
  await sql`update events set user_ip = substr(user_key, 4) where user_key like 'ip:%'`.execute(db);
  await db.schema
    .createIndex('events_user_username')
    .on('events')
    .columns(['user_username', 'timestamp desc'])
    .execute();
  await db.schema.createIndex('events_user_ip').on('events').columns(['user_ip', 'timestamp desc']).execute();
}
