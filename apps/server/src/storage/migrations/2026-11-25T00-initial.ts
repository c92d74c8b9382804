// Initial schema: projects and keys, API tokens, issues, events and the per-issue aggregates
// that keep the read API off the events table, releases, sessions and client outcomes.

import type { Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped Kysely on purpose
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  const id = pg ? 'bigserial' : 'integer';
  const blob = pg ? 'bytea' : 'blob';
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's column builder type
  const idColumn = (col: any) => (pg ? col.primaryKey() : col.primaryKey().autoIncrement());

  await db.schema
    .createTable('projects')
    .addColumn('id', id, idColumn)
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('project_keys')
    .addColumn('id', id, idColumn)
    .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('public_key', 'text', (c) => c.notNull().unique())
    .addColumn('secret_key', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('rate_limit_per_minute', 'integer')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('project_keys_project').on('project_keys').column('project_id').execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', id, idColumn)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('token_prefix', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .execute();

  await db.schema
    .createTable('issues')
    .addColumn('id', id, idColumn)
    .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('fingerprint_strategy', 'text', (c) => c.notNull())
    .addColumn('fingerprint_components', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('culprit', 'text')
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('unresolved'))
    .addColumn('substatus', 'text', (c) => c.defaultTo('new'))
    .addColumn('first_seen', 'bigint', (c) => c.notNull())
    .addColumn('last_seen', 'bigint', (c) => c.notNull())
    .addColumn('times_seen', 'bigint', (c) => c.notNull())
    .addColumn('users_seen', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('first_release', 'text')
    .addColumn('last_release', 'text')
    .addColumn('last_event_id', 'text', (c) => c.notNull())
    .addUniqueConstraint('issues_project_fingerprint', ['project_id', 'fingerprint'])
    .execute();
  await db.schema
    .createIndex('issues_project_last_seen')
    .on('issues')
    .columns(['project_id', 'last_seen desc', 'id desc'])
    .execute();
  await db.schema
    .createIndex('issues_project_status_last_seen')
    .on('issues')
    .columns(['project_id', 'status', 'last_seen desc', 'id desc'])
    .execute();

  await db.schema
    .createTable('events')
    .addColumn('id', id, idColumn)
    .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('issue_id', 'bigint', (c) => c.notNull().references('issues.id').onDelete('cascade'))
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('timestamp', 'bigint', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('release', 'text')
    .addColumn('environment', 'text')
    .addColumn('user_key', 'text')
    .addColumn('payload', blob, (c) => c.notNull())
    // event_id first: it also serves lookups by event_id alone. Event ids are random, so every
    // index on them costs a random page write per event: this is the only one.
    .addUniqueConstraint('events_event_id_project', ['event_id', 'project_id'])
    .execute();
  await db.schema
    .createIndex('events_issue_timestamp')
    .on('events')
    .columns(['issue_id', 'timestamp desc', 'id desc'])
    .execute();

  await db.schema
    .createTable('issue_users')
    .addColumn('issue_id', 'bigint', (c) => c.notNull().references('issues.id').onDelete('cascade'))
    .addColumn('user_key', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('issue_users_pk', ['issue_id', 'user_key'])
    .execute();

  await db.schema
    .createTable('issue_counts')
    .addColumn('issue_id', 'bigint', (c) => c.notNull().references('issues.id').onDelete('cascade'))
    .addColumn('minute', 'bigint', (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('issue_counts_pk', ['issue_id', 'minute'])
    .execute();

  await db.schema
    .createTable('issue_tags')
    .addColumn('issue_id', 'bigint', (c) => c.notNull().references('issues.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('times_seen', 'bigint', (c) => c.notNull())
    .addColumn('first_seen', 'bigint', (c) => c.notNull())
    .addColumn('last_seen', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('issue_tags_pk', ['issue_id', 'key', 'value'])
    .execute();
  await db.schema.createIndex('issue_tags_key_value').on('issue_tags').columns(['key', 'value']).execute();

  await db.schema
    .createTable('releases')
    .addColumn('id', id, idColumn)
    .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('first_seen', 'bigint', (c) => c.notNull())
    .addColumn('last_seen', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('releases_project_version', ['project_id', 'version'])
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('sid', 'text', (c) => c.notNull())
    .addColumn('did', 'text')
    .addColumn('release', 'text', (c) => c.notNull())
    .addColumn('environment', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('errors', 'integer', (c) => c.notNull())
    .addColumn('started', 'bigint', (c) => c.notNull())
    .addColumn('last_seen', 'bigint', (c) => c.notNull())
    .addColumn('duration_ms', 'bigint')
    .addPrimaryKeyConstraint('sessions_pk', ['project_id', 'sid'])
    .execute();
  await db.schema
    .createIndex('sessions_release')
    .on('sessions')
    .columns(['project_id', 'release', 'started'])
    .execute();

  await db.schema
    .createTable('session_aggregates')
    .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('release', 'text', (c) => c.notNull())
    .addColumn('environment', 'text', (c) => c.notNull())
    .addColumn('bucket', 'bigint', (c) => c.notNull())
    .addColumn('exited', 'bigint', (c) => c.notNull())
    .addColumn('errored', 'bigint', (c) => c.notNull())
    .addColumn('abnormal', 'bigint', (c) => c.notNull())
    .addColumn('crashed', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('session_aggregates_pk', ['project_id', 'release', 'environment', 'bucket'])
    .execute();

  await db.schema
    .createTable('client_outcomes')
    .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('minute', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('quantity', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('client_outcomes_pk', ['project_id', 'minute', 'reason', 'category'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'client_outcomes',
    'session_aggregates',
    'sessions',
    'releases',
    'issue_tags',
    'issue_counts',
    'issue_users',
    'events',
    'issues',
    'api_tokens',
    'project_keys',
    'projects',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
