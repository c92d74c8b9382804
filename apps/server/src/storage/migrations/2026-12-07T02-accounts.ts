// Hardening of accounts and keys: the projects a token is limited to, the addresses each user has
// logged in from (the login limit lets them through when an account is under attack), and the
// per-minute event counts of rate-limited DSN keys, shared by every instance.

import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped Kysely on purpose
export async function up(db: Kysely<any>): Promise<void> {
  // 1: the token acts on the projects listed in api_token_projects only. 0 (every token made before):
  // on every project its owner may see, or every project for a service token. A flag rather than "no
  // rows", so that deleting a token's last project never widens it to every project.
  await db.schema
    .alterTable('api_tokens')
    .addColumn('projects_listed', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('api_token_projects')
    .addColumn('token_id', 'bigint', (c) => c.notNull().references('api_tokens.id').onDelete('cascade'))
    .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('api_token_projects_pk', ['token_id', 'project_id'])
    .execute();

  await db.schema
    .createTable('login_known_addresses')
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // The client address, or its /64 network for IPv6 (see auth/login-limiter.ts).
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('last_login_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('login_known_addresses_pk', ['user_id', 'address'])
    .execute();

  await db.schema
    .createTable('key_rate_windows')
    .addColumn('key_id', 'bigint', (c) => c.notNull().references('project_keys.id').onDelete('cascade'))
    // Epoch minute (ms / 60000).
    .addColumn('minute', 'bigint', (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('key_rate_windows_pk', ['key_id', 'minute'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('key_rate_windows').ifExists().execute();
  await db.schema.dropTable('login_known_addresses').ifExists().execute();
  await db.schema.dropTable('api_token_projects').ifExists().execute();
  await db.schema.alterTable('api_tokens').dropColumn('projects_listed').execute();
}
