// Occurrence counts per hour and per day for issues (issue_rollups), and per minute, hour and day for
// projects (project_counts), so that long series read a few rows; both filled from what is stored. And
// an index for counting a project's open issues by substatus (the projects page).

import { type Kysely, sql } from 'kysely';

// Literal here rather than imported: a landed migration must not change when the code does.
const ISSUE_SPANS = [60, 1440];
const PROJECT_SPANS = [1, 60, 1440];

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped Kysely on purpose
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('issue_rollups')
    .addColumn('issue_id', 'bigint', (c) => c.notNull().references('issues.id').onDelete('cascade'))
    .addColumn('span', 'integer', (c) => c.notNull())
    .addColumn('minute', 'bigint', (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('issue_rollups_pk', ['issue_id', 'span', 'minute'])
    .execute();
  await db.schema
    .createTable('project_counts')
    .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('span', 'integer', (c) => c.notNull())
    .addColumn('minute', 'bigint', (c) => c.notNull())
    .addColumn('environment', 'text', (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('project_counts_pk', ['project_id', 'span', 'minute', 'environment'])
    .execute();

  for (const span of ISSUE_SPANS) {
    const bucket = sql`minute / ${sql.lit(span)}`;
    await sql`
      insert into issue_rollups (issue_id, span, minute, count)
      select issue_id, ${sql.lit(span)}, ${bucket} * ${sql.lit(span)}, sum(count)
      from issue_counts group by issue_id, ${bucket}`.execute(db);
  }
  for (const span of PROJECT_SPANS) {
    const bucket = sql`timestamp / 60000 / ${sql.lit(span)}`;
    await sql`
      insert into project_counts (project_id, span, minute, environment, count)
      select project_id, ${sql.lit(span)}, ${bucket} * ${sql.lit(span)}, coalesce(environment, ''), count(*)
      from events group by project_id, ${bucket}, coalesce(environment, '')`.execute(db);
  }

  // Merged issues keep their status but are no longer counted anywhere.
  await db.schema
    .createIndex('issues_project_open')
    .on('issues')
    .columns(['project_id', 'status', 'substatus'])
    .where(sql.ref('merged_into_id'), 'is', null)
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('issues_project_open').ifExists().execute();
  await db.schema.dropTable('project_counts').ifExists().execute();
  await db.schema.dropTable('issue_rollups').ifExists().execute();
}
