// The batch's occurrences added to the hourly and daily rollups of each issue and to its project's counts
// per minute, hour and day and environment (storage/count-spans.ts), in the writer's transaction: one
// upsert per issue and bucket, per project, environment and bucket, whatever the number of events.

import type { Transaction } from 'kysely';
import { type RowsStatement, runRows } from '../storage/compiled-rows.ts';
import { bucketMinute, ISSUE_ROLLUP_SPANS, PROJECT_SPANS } from '../storage/count-spans.ts';
import type { DialectName } from '../storage/dialect.ts';
import { groupBy } from '../storage/rows.ts';
import type { RowOf, Schema } from '../storage/schema.ts';
import type { EventRecord } from './batch.ts';

type IssueRollupRow = RowOf<'issue_rollups'>;
type ProjectCountRow = RowOf<'project_counts'>;

const addIssueRollups: RowsStatement<IssueRollupRow> = (db, rows) =>
  db
    .insertInto('issue_rollups')
    .values(rows)
    .onConflict((oc) =>
      oc
        .columns(['issue_id', 'span', 'minute'])
        .doUpdateSet((eb) => ({ count: eb(eb.ref('issue_rollups.count'), '+', eb.ref('excluded.count')) })),
    );

const addProjectCounts: RowsStatement<ProjectCountRow> = (db, rows) =>
  db
    .insertInto('project_counts')
    .values(rows)
    .onConflict((oc) =>
      oc
        .columns(['project_id', 'span', 'minute', 'environment'])
        .doUpdateSet((eb) => ({ count: eb(eb.ref('project_counts.count'), '+', eb.ref('excluded.count')) })),
    );

export async function countRollups(
  trx: Transaction<Schema>,
  dialect: DialectName,
  events: EventRecord[],
  issueOf: (r: EventRecord) => number,
): Promise<void> {
  const issueRows: IssueRollupRow[] = [];
  for (const span of ISSUE_ROLLUP_SPANS) {
    const groups = groupBy(events, (r) => `${issueOf(r)}:${bucketMinute(r.timestampMs, span)}`);
    for (const group of groups.values()) {
      const first = group[0]!;
      issueRows.push({
        issue_id: issueOf(first),
        span,
        minute: bucketMinute(first.timestampMs, span),
        count: group.length,
      });
    }
  }
  await runRows(trx, dialect, addIssueRollups, issueRows);
  const projectRows: ProjectCountRow[] = [];
  for (const span of PROJECT_SPANS) {
    const groups = groupBy(
      events,
      (r) => `${r.projectId}:${bucketMinute(r.timestampMs, span)}\u0000${r.environment ?? ''}`,
    );
    for (const group of groups.values()) {
      const first = group[0]!;
      projectRows.push({
        project_id: first.projectId,
        span,
        minute: bucketMinute(first.timestampMs, span),
        environment: first.environment ?? '',
        count: group.length,
      });
    }
  }
  await runRows(trx, dialect, addProjectCounts, projectRows);
}
