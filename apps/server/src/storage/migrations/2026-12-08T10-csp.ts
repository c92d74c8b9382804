// CSP reports and policies: violation groups (directive + blocked origin or inline/eval + page path
// pattern) with counts per minute, browsers and samples; the distinct reports of each group by day, which
// the policy builder replays against a draft; noise counted by reason; published policy versions; and
// the team's decisions on proposed sources.

import type { Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped Kysely on purpose
export async function up(db: Kysely<any>): Promise<void> {
  const id = dialectOf(db) === 'postgres' ? 'bigserial' : 'integer';
  await db.schema
    .createTable('csp_groups')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('group_key', 'text', (c) => c.notNull())
    .addColumn('directive', 'text', (c) => c.notNull())
    .addColumn('blocked', 'text', (c) => c.notNull())
    .addColumn('page_pattern', 'text', (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('enforced_count', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('first_seen', 'bigint', (c) => c.notNull())
    .addColumn('last_seen', 'bigint', (c) => c.notNull())
    .addColumn('policy_version', 'integer')
    .addUniqueConstraint('csp_groups_key', ['project_id', 'group_key'])
    .execute();
  await db.schema
    .createIndex('csp_groups_recent')
    .on('csp_groups')
    .columns(['project_id', 'last_seen'])
    .execute();

  await db.schema
    .createTable('csp_group_minutes')
    .addColumn('group_id', 'bigint', (c) => c.notNull().references('csp_groups.id').onDelete('cascade'))
    .addColumn('minute', 'bigint', (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('csp_group_minutes_pk', ['group_id', 'minute'])
    .execute();

  await db.schema
    .createTable('csp_group_browsers')
    .addColumn('group_id', 'bigint', (c) => c.notNull().references('csp_groups.id').onDelete('cascade'))
    .addColumn('browser', 'text', (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('csp_group_browsers_pk', ['group_id', 'browser'])
    .execute();

  await db.schema
    .createTable('csp_reports')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('group_id', 'bigint', (c) => c.notNull().references('csp_groups.id').onDelete('cascade'))
    .addColumn('project_id', 'bigint', (c) => c.notNull())
    .addColumn('day', 'bigint', (c) => c.notNull())
    .addColumn('detail_key', 'text', (c) => c.notNull())
    .addColumn('document_url', 'text', (c) => c.notNull())
    .addColumn('blocked_url', 'text', (c) => c.notNull())
    .addColumn('effective_directive', 'text', (c) => c.notNull())
    .addColumn('source_file', 'text')
    .addColumn('line_number', 'integer')
    .addColumn('column_number', 'integer')
    .addColumn('sample', 'text')
    .addColumn('disposition', 'text', (c) => c.notNull())
    .addColumn('browser', 'text')
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addColumn('first_seen', 'bigint', (c) => c.notNull())
    .addColumn('last_seen', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('csp_reports_detail', ['group_id', 'day', 'detail_key'])
    .execute();
  await db.schema
    .createIndex('csp_reports_recent')
    .on('csp_reports')
    .columns(['project_id', 'last_seen'])
    .execute();

  await db.schema
    .createTable('csp_noise')
    .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('day', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addColumn('example', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('csp_noise_pk', ['project_id', 'day', 'reason'])
    .execute();

  await db.schema
    .createTable('csp_policies')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('enforce', 'text')
    .addColumn('report_only', 'text')
    .addColumn('reporting_endpoints', 'text')
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('published_at', 'bigint', (c) => c.notNull())
    .addColumn('published_by', 'text', (c) => c.notNull())
    .addUniqueConstraint('csp_policies_version', ['project_id', 'version'])
    .execute();

  await db.schema
    .createTable('csp_decisions')
    .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('directive', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'bigint', (c) => c.notNull())
    .addColumn('decided_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('csp_decisions_pk', ['project_id', 'directive', 'source'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped Kysely on purpose
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'csp_decisions',
    'csp_policies',
    'csp_noise',
    'csp_reports',
    'csp_group_browsers',
    'csp_group_minutes',
    'csp_groups',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
