// Ownership: a project's rules (hand-written and imported from CODEOWNERS, kept apart), its mapping of
// GitHub handles to members and teams, and each issue's suggested owners with the rule that chose them.
// The ownership job reads new and regressed issues from the outbox after a cursor kept in
// instance_settings, which starts at the outbox's end: issues older than this migration get their owners
// when a project's rules are saved.

import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped Kysely on purpose
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ownership_settings')
    .addColumn('project_id', 'bigint', (c) => c.primaryKey().references('projects.id').onDelete('cascade'))
    .addColumn('mode', 'text', (c) => c.notNull().defaultTo('suggest'))
    .addColumn('rules', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('codeowners', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('codeowners_origin', 'text')
    .addColumn('codeowners_synced_at', 'bigint')
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('applied_revision', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('recompute_after_id', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('ownership_handles')
    .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('handle', 'text', (c) => c.notNull())
    .addColumn('user_id', 'bigint', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('team_id', 'bigint', (c) => c.references('teams.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('ownership_handles_pk', ['project_id', 'handle'])
    .execute();

  await db.schema
    .createTable('issue_owners')
    .addColumn('issue_id', 'bigint', (c) => c.primaryKey().references('issues.id').onDelete('cascade'))
    .addColumn('project_id', 'bigint', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('line', 'integer', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('owners', 'text', (c) => c.notNull())
    .addColumn('owner_sort', 'text')
    .addColumn('computed_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('issue_owner_targets')
    .addColumn('issue_id', 'bigint', (c) => c.notNull().references('issues.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'bigint')
    .addColumn('team_id', 'bigint')
    .addPrimaryKeyConstraint('issue_owner_targets_pk', ['issue_id', 'position'])
    .execute();
  await db.schema
    .createIndex('issue_owner_targets_team')
    .on('issue_owner_targets')
    .columns(['team_id', 'issue_id'])
    .execute();
  await db.schema
    .createIndex('issue_owner_targets_user')
    .on('issue_owner_targets')
    .columns(['user_id', 'issue_id'])
    .execute();

  const end = await sql<{ id: number | string | null }>`select max(id) as id from outbox`.execute(db);
  await db
    .insertInto('instance_settings')
    .values({
      name: 'ownership_outbox_cursor',
      value: JSON.stringify(Number(end.rows[0]?.id ?? 0)),
      updated_at: Date.now(),
    })
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('instance_settings').where('name', '=', 'ownership_outbox_cursor').execute();
  for (const table of ['issue_owner_targets', 'issue_owners', 'ownership_handles', 'ownership_settings']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
