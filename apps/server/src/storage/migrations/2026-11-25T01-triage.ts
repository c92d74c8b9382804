// Triage: users and sessions, teams and project membership, issue lifecycle state, activity
// and outbox, merges and discarded fingerprints, GitHub settings, triage rotations.

import type { Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped Kysely on purpose
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  const id = pg ? 'bigserial' : 'integer';
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's column builder type
  const idColumn = (col: any) => (pg ? col.primaryKey() : col.primaryKey().autoIncrement());

  await db.schema
    .createTable('users')
    .addColumn('id', id, idColumn)
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('is_admin', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('disabled_at', 'bigint')
    .execute();

  await db.schema
    .createTable('user_sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('user_sessions_user').on('user_sessions').column('user_id').execute();

  await db.schema
    .alterTable('api_tokens')
    .addColumn('user_id', 'bigint', (c) => c.references('users.id').onDelete('cascade'))
    .execute();

  await db.schema
    .createTable('teams')
    .addColumn('id', id, idColumn)
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('team_members')
    .addColumn('team_id', 'bigint', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('team_members_pk', ['team_id', 'user_id'])
    .execute();

  // A member is a user or a whole team; a user's role on a project is the highest of the two.
  await db.schema
    .createTable('project_members')
    .addColumn('id', id, idColumn)
    .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('user_id', 'bigint', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('team_id', 'bigint', (c) => c.references('teams.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('project_members_user', ['project_id', 'user_id'])
    .addUniqueConstraint('project_members_team', ['project_id', 'team_id'])
    .execute();

  await db.schema
    .alterTable('issues')
    .addColumn('assignee_user_id', 'bigint', (c) => c.references('users.id').onDelete('set null'))
    .execute();
  await db.schema
    .alterTable('issues')
    .addColumn('assignee_team_id', 'bigint', (c) => c.references('teams.id').onDelete('set null'))
    .execute();
  for (const [column, type] of [
    ['resolution', 'text'],
    ['snooze', 'text'],
    ['status_changed_at', 'bigint'],
    ['inbox_reason', 'text'],
    ['inbox_at', 'bigint'],
    ['reviewed_at', 'bigint'],
    ['external_url', 'text'],
    ['external_number', 'integer'],
    ['merged_into_id', 'bigint'],
  ] as const) {
    await db.schema.alterTable('issues').addColumn(column, type).execute();
  }
  for (const [name, columns] of [
    ['issues_project_first_seen', ['project_id', 'first_seen desc', 'id desc']],
    ['issues_project_times_seen', ['project_id', 'times_seen desc', 'id desc']],
    ['issues_project_users_seen', ['project_id', 'users_seen desc', 'id desc']],
    ['issues_project_inbox', ['project_id', 'inbox_at']],
    ['issues_assignee_user', ['assignee_user_id']],
    ['issues_assignee_team', ['assignee_team_id']],
  ] as const) {
    await db.schema
      .createIndex(name)
      .on('issues')
      .columns([...columns])
      .execute();
  }

  // Support lookups find a customer by id or email, whichever the SDK sent.
  await db.schema.alterTable('events').addColumn('user_id', 'text').execute();
  await db.schema.alterTable('events').addColumn('user_email', 'text').execute();
  await db.schema.createIndex('events_user_id').on('events').columns(['user_id', 'timestamp desc']).execute();
  await db.schema
    .createIndex('events_user_email')
    .on('events')
    .columns(['user_email', 'timestamp desc'])
    .execute();

  await db.schema
    .createTable('issue_activity')
    .addColumn('id', id, idColumn)
    .addColumn('issue_id', 'bigint', (c) => c.notNull().references('issues.id').onDelete('cascade'))
    .addColumn('project_id', 'bigint', (c) => c.notNull())
    .addColumn('actor_user_id', 'bigint')
    .addColumn('actor_token_id', 'bigint')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text')
    .addColumn('reason', 'text')
    .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('issue_activity_issue')
    .on('issue_activity')
    .columns(['issue_id', 'id'])
    .execute();
  await db.schema
    .createIndex('issue_activity_project_time')
    .on('issue_activity')
    .columns(['project_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', id, idColumn)
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('project_id', 'bigint', (c) => c.notNull())
    .addColumn('issue_id', 'bigint')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('processed_at', 'bigint')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('outbox_pending').on('outbox').columns(['processed_at', 'id']).execute();

  // Fingerprints merged into another issue: their future events land in the target.
  await db.schema
    .createTable('issue_fingerprints')
    .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('issue_id', 'bigint', (c) => c.notNull().references('issues.id').onDelete('cascade'))
    .addColumn('source_issue_id', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('issue_fingerprints_pk', ['project_id', 'fingerprint'])
    .execute();

  // Deleted-and-discarded issues: their future events are dropped at ingest, and counted.
  await db.schema
    .createTable('discarded_fingerprints')
    .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('dropped', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('discarded_fingerprints_pk', ['project_id', 'fingerprint'])
    .execute();

  await db.schema
    .createTable('github_settings')
    .addColumn('project_id', 'bigint', (c) => c.primaryKey().references('projects.id').onDelete('cascade'))
    .addColumn('api_base_url', 'text', (c) => c.notNull())
    .addColumn('repository', 'text', (c) => c.notNull())
    .addColumn('token_ciphertext', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('triage_rotations')
    .addColumn('project_id', 'bigint', (c) => c.primaryKey().references('projects.id').onDelete('cascade'))
    .addColumn('user_ids', 'text', (c) => c.notNull())
    .addColumn('anchor_week', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'triage_rotations',
    'github_settings',
    'discarded_fingerprints',
    'issue_fingerprints',
    'outbox',
    'issue_activity',
    'project_members',
    'team_members',
    'teams',
    'user_sessions',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
