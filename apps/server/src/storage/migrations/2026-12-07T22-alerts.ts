// Alerting: per-project settings, channels and rules; the spike detector's cursor, per-subject state,
// decisions and episodes; the notifications that fired, their deliveries and every attempt.

import type { Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped Kysely on purpose
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  const id = pg ? 'bigserial' : 'integer';
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's column builder type
  const idColumn = (col: any) => (pg ? col.primaryKey() : col.primaryKey().autoIncrement());
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's column builder type
  const project = (c: any) => c.notNull().references('projects.id').onDelete('cascade');

  await db.schema
    .createTable('alert_settings')
    .addColumn('project_id', 'bigint', (c) => c.primaryKey().references('projects.id').onDelete('cascade'))
    .addColumn('false_pages_per_day', 'double precision', (c) => c.notNull())
    .addColumn('escalation_channel_id', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('alert_channels')
    .addColumn('id', id, idColumn)
    .addColumn('project_id', 'bigint', project)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('target_ciphertext', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('alert_channels_project')
    .on('alert_channels')
    .columns(['project_id', 'id'])
    .execute();

  await db.schema
    .createTable('alert_rules')
    .addColumn('id', id, idColumn)
    .addColumn('project_id', 'bigint', project)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('conditions', 'text', (c) => c.notNull())
    .addColumn('filters', 'text', (c) => c.notNull())
    .addColumn('actions', 'text', (c) => c.notNull())
    .addColumn('cooldown_minutes', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('alert_rules_project')
    .on('alert_rules')
    .columns(['project_id', 'id'])
    .execute();

  // The cooldown: when a rule last notified about a subject ('issue:12', 'project').
  await db.schema
    .createTable('alert_rule_fires')
    .addColumn('rule_id', 'bigint', (c) => c.notNull().references('alert_rules.id').onDelete('cascade'))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('last_fired_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('alert_rule_fires_pk', ['rule_id', 'subject'])
    .execute();

  // The next minute to evaluate for each project: moved by compare-and-set, so each minute is evaluated once.
  await db.schema
    .createTable('spike_cursors')
    .addColumn('project_id', 'bigint', (c) => c.primaryKey().references('projects.id').onDelete('cascade'))
    .addColumn('next_minute', 'bigint', (c) => c.notNull())
    .execute();

  // Per subject (an issue, or issue_id 0 for the whole project): its baseline and its open spike, if any.
  await db.schema
    .createTable('spike_states')
    .addColumn('project_id', 'bigint', project)
    .addColumn('issue_id', 'bigint', (c) => c.notNull())
    .addColumn('baseline', 'double precision', (c) => c.notNull())
    .addColumn('baseline_minute', 'bigint', (c) => c.notNull())
    .addColumn('first_minute', 'bigint', (c) => c.notNull())
    .addColumn('spike_id', 'bigint')
    .addColumn('quiet_minutes', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('spike_states_pk', ['project_id', 'issue_id'])
    .execute();

  await db.schema
    .createTable('spikes')
    .addColumn('id', id, idColumn)
    .addColumn('project_id', 'bigint', project)
    .addColumn('issue_id', 'bigint', (c) => c.notNull())
    .addColumn('started_minute', 'bigint', (c) => c.notNull())
    .addColumn('resolved_minute', 'bigint')
    .addColumn('fired', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('spikes_project').on('spikes').columns(['project_id', 'id']).execute();

  await db.schema
    .createTable('spike_decisions')
    .addColumn('id', id, idColumn)
    .addColumn('project_id', 'bigint', project)
    .addColumn('issue_id', 'bigint', (c) => c.notNull())
    .addColumn('minute', 'bigint', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('spike_id', 'bigint')
    .addColumn('numbers', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('spike_decisions_subject')
    .on('spike_decisions')
    .columns(['project_id', 'issue_id', 'minute'])
    .execute();
  await db.schema.createIndex('spike_decisions_spike').on('spike_decisions').columns(['spike_id']).execute();

  await db.schema
    .createTable('alert_notifications')
    .addColumn('id', id, idColumn)
    .addColumn('project_id', 'bigint', project)
    .addColumn('rule_id', 'bigint')
    .addColumn('issue_id', 'bigint')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('condition', 'text', (c) => c.notNull())
    .addColumn('dedup_key', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('resolved_at', 'bigint')
    .addColumn('digest_id', 'bigint')
    .execute();
  await db.schema
    .createIndex('alert_notifications_project')
    .on('alert_notifications')
    .columns(['project_id', 'id'])
    .execute();
  await db.schema
    .createIndex('alert_notifications_dedup')
    .on('alert_notifications')
    .columns(['dedup_key', 'kind'])
    .execute();

  await db.schema
    .createTable('alert_deliveries')
    .addColumn('id', id, idColumn)
    .addColumn('notification_id', 'bigint', (c) =>
      c.notNull().references('alert_notifications.id').onDelete('cascade'),
    )
    .addColumn('channel_id', 'bigint', (c) => c.notNull().references('alert_channels.id').onDelete('cascade'))
    .addColumn('message_id', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('claimed_until', 'bigint', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('delivered_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('alert_deliveries_due')
    .on('alert_deliveries')
    .columns(['status', 'next_attempt_at'])
    .execute();
  await db.schema
    .createIndex('alert_deliveries_notification')
    .on('alert_deliveries')
    .columns(['notification_id'])
    .execute();

  await db.schema
    .createTable('alert_attempts')
    .addColumn('id', id, idColumn)
    .addColumn('delivery_id', 'bigint', (c) =>
      c.notNull().references('alert_deliveries.id').onDelete('cascade'),
    )
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('error', 'text')
    .execute();
  await db.schema
    .createIndex('alert_attempts_delivery')
    .on('alert_attempts')
    .columns(['delivery_id', 'id'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'alert_attempts',
    'alert_deliveries',
    'alert_notifications',
    'spike_decisions',
    'spikes',
    'spike_states',
    'spike_cursors',
    'alert_rule_fires',
    'alert_rules',
    'alert_channels',
    'alert_settings',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
