// Free-text search over issue titles and culprits through an index instead of a LIKE scan. SQLite: FTS5
// with the trigram tokenizer (substring matches of 3 characters or more). PostgreSQL: pg_trgm GIN indexes
// on the very expressions the search compares (lower(title), lower(coalesce(culprit, ''))), over a copy
// of the two columns in issue_texts: on issues themselves, every update ingest makes (counters, last seen)
// would add each title's trigrams to the GIN indexes again. Both are kept in step by triggers that fire
// only when a title or culprit changes. And PostgreSQL statistics on issue_tags' key and value together,
// without which the planner took environment:production for a rare value (one issue in 35) and hashed
// every issue's tag row (25 ms instead of 4 on the benchmark's database).

import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped Kysely on purpose
export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') await postgresUp(db);
  else await sqliteUp(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
async function sqliteUp(db: Kysely<any>): Promise<void> {
  // External content: the index reads title and culprit from issues and stores no copy of them.
  await sql`create virtual table issues_text using fts5(
    title, culprit, content = 'issues', content_rowid = 'id', tokenize = 'trigram'
  )`.execute(db);
  await sql`create trigger issues_text_insert after insert on issues begin
    insert into issues_text (rowid, title, culprit) values (new.id, new.title, new.culprit);
  end`.execute(db);
  await sql`create trigger issues_text_delete after delete on issues begin
    insert into issues_text (issues_text, rowid, title, culprit) values ('delete', old.id, old.title, old.culprit);
  end`.execute(db);
  // Ingest sets title and culprit on every batch an issue gets: only a change touches the index.
  await sql`create trigger issues_text_update after update of title, culprit on issues
    when old.title is not new.title or old.culprit is not new.culprit begin
    insert into issues_text (issues_text, rowid, title, culprit) values ('delete', old.id, old.title, old.culprit);
    insert into issues_text (rowid, title, culprit) values (new.id, new.title, new.culprit);
  end`.execute(db);
  await sql`insert into issues_text (issues_text) values ('rebuild')`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
async function postgresUp(db: Kysely<any>): Promise<void> {
  // An extension belongs to the whole database, and two instances (or test runs) may migrate at once.
  await sql`select pg_advisory_xact_lock(hashtext('vigie:pg_trgm'))`.execute(db);
  let schema = await trigramSchema(db);
  if (schema === undefined) {
    // In public when there is one, so that every schema of the database shares it.
    const hasPublic = await sql`select 1 from pg_namespace where nspname = 'public'`.execute(db);
    const where = hasPublic.rows.length > 0 ? sql`with schema public` : sql``;
    try {
      await sql`create extension if not exists pg_trgm ${where}`.execute(db);
    } catch (error) {
      throw new Error(
        'Vigie needs the pg_trgm extension (shipped with PostgreSQL) for free-text search, and this user may ' +
          `not create it: run "create extension pg_trgm;" in this database as its owner or a superuser. (${error instanceof Error ? error.message : String(error)})`,
        { cause: error },
      );
    }
    schema = (await trigramSchema(db))!;
  }
  await sql`create table issue_texts (
    issue_id bigint primary key references issues (id) on delete cascade,
    title text not null,
    culprit text
  )`.execute(db);
  // search_path from the migration's: the trigger finds issue_texts whatever the session's path.
  await sql`create function vigie_copy_issue_text() returns trigger language plpgsql
    set search_path from current as $$
    begin
      insert into issue_texts (issue_id, title, culprit) values (new.id, new.title, new.culprit)
      on conflict (issue_id) do update set title = excluded.title, culprit = excluded.culprit;
      return null;
    end $$`.execute(db);
  await sql`create trigger issue_texts_insert after insert on issues
    for each row execute function vigie_copy_issue_text()`.execute(db);
  await sql`create trigger issue_texts_update after update of title, culprit on issues for each row
    when (old.title is distinct from new.title or old.culprit is distinct from new.culprit)
    execute function vigie_copy_issue_text()`.execute(db);
  await sql`insert into issue_texts (issue_id, title, culprit) select id, title, culprit from issues`.execute(
    db,
  );
  const ops = sql`${sql.id(schema)}.gin_trgm_ops`;
  await sql`create index issue_texts_title_trigram on issue_texts using gin (lower(title) ${ops})`.execute(
    db,
  );
  await sql`create index issue_texts_culprit_trigram on issue_texts
    using gin (lower(coalesce(culprit, '')) ${ops})`.execute(db);
  await sql`create statistics issue_tags_key_value (mcv) on key, value from issue_tags`.execute(db);
}

/** The schema pg_trgm is installed in, if it is. */
// biome-ignore lint/suspicious/noExplicitAny: see up()
async function trigramSchema(db: Kysely<any>): Promise<string | undefined> {
  const result = await sql<{ schema: string }>`
    select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace
    where e.extname = 'pg_trgm'`.execute(db);
  return result.rows[0]?.schema;
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    // The extension stays: other schemas of the database may use it.
    await sql`drop statistics if exists issue_tags_key_value`.execute(db);
    await sql`drop trigger if exists issue_texts_update on issues`.execute(db);
    await sql`drop trigger if exists issue_texts_insert on issues`.execute(db);
    await sql`drop function if exists vigie_copy_issue_text()`.execute(db);
    await db.schema.dropTable('issue_texts').ifExists().execute();
    return;
  }
  for (const trigger of ['issues_text_insert', 'issues_text_delete', 'issues_text_update']) {
    await sql`drop trigger if exists ${sql.id(trigger)}`.execute(db);
  }
  await sql`drop table if exists issues_text`.execute(db);
}
