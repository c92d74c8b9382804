// The issue fields triage changes outside the lifecycle (assignee, external link), read and written for
// triage-actions.ts with the same compare-and-set on lifecycle_version as the lifecycle's own writes.

import type { Kysely, Transaction, Updateable } from 'kysely';
import type { Issue, IssueTable, Schema } from '../../storage/schema.ts';

const FIELD_COLUMNS = [
  'id',
  'project_id',
  'title',
  'lifecycle_version',
  'inbox_reason',
  'inbox_at',
  'merged_into_id',
  'assignee_user_id',
  'assignee_team_id',
  'external_url',
  'external_number',
] as const;
export type FieldRow = Pick<Issue, (typeof FIELD_COLUMNS)[number]>;

export function loadFieldRow(db: Kysely<Schema>, issueId: number): Promise<FieldRow | undefined> {
  return db.selectFrom('issues').select(FIELD_COLUMNS).where('id', '=', issueId).executeTakeFirst();
}

/** Writes `columns` if the row has not changed since `row` was read; false, with nothing written, if it has. */
export async function writeFieldChange(
  trx: Transaction<Schema>,
  row: FieldRow,
  columns: Updateable<IssueTable>,
): Promise<boolean> {
  const updated = await trx
    .updateTable('issues')
    .set({ ...columns, lifecycle_version: row.lifecycle_version + 1 })
    .where('id', '=', row.id)
    .where('lifecycle_version', '=', row.lifecycle_version)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) > 0;
}
