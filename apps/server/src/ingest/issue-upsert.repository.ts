// The issue rows of a batch: one upsert per issue the batch touches, whose counters grow by the
// batch's events and whose latest fields (title, culprit, level, last event) follow its newest one.

import type { Transaction } from 'kysely';
import { CURRENT_GROUPING } from '../grouping/fingerprint.ts';
import { type RowsStatement, runRows } from '../storage/compiled-rows.ts';
import { type DialectName, greatest, least } from '../storage/dialect.ts';
import { groupBy } from '../storage/rows.ts';
import type { RowOf, Schema } from '../storage/schema.ts';
import type { EventRecord } from './batch.ts';

type Trx = Transaction<Schema>;

type IssueRow = Pick<
  RowOf<'issues'>,
  | 'project_id'
  | 'fingerprint'
  | 'fingerprint_strategy'
  | 'fingerprint_components'
  | 'title'
  | 'culprit'
  | 'level'
  | 'platform'
  | 'first_seen'
  | 'last_seen'
  | 'times_seen'
  | 'first_release'
  | 'last_release'
  | 'last_event_id'
  | 'grouping_version'
>;

const issueKey = (projectId: number, fingerprint: string) => `${projectId}\u0000${fingerprint}`;

export interface WrittenIssues {
  /** Each event's issue id. */
  ids: Map<EventRecord, number>;
  /** The issues this batch created. */
  created: Set<number>;
}

/** Writes the batch's issues; returns each event's issue id and which issues are new. */
export async function upsertIssues(
  trx: Trx,
  dialect: DialectName,
  events: EventRecord[],
): Promise<WrittenIssues> {
  const groups = [...groupBy(events, (r) => issueKey(r.projectId, r.fingerprint.hash)).values()];
  const issues = groups.map(issueRow);
  const written = new Map<string, { id: number; times_seen: number }>();
  const returned = await runRows(trx, dialect, upsertIssue, issues);
  for (const row of returned) written.set(issueKey(row.project_id, row.fingerprint), row);

  const ids = new Map<EventRecord, number>();
  const created = new Set<number>();
  groups.forEach((group, i) => {
    const issue = issues[i]!;
    const row = written.get(issueKey(issue.project_id, issue.fingerprint))!;
    // Only an insert leaves the issue with exactly this batch's events.
    if (row.times_seen === issue.times_seen) created.add(row.id);
    for (const r of group) ids.set(r, row.id);
  });
  return { ids, created };
}

/** The issue as this group of events sees it: first and last by timestamp, last wins ties. */
function issueRow(group: EventRecord[]): IssueRow {
  let first = group[0]!;
  let last = first;
  for (const r of group) {
    if (r.timestampMs < first.timestampMs) first = r;
    if (r.timestampMs >= last.timestampMs) last = r;
  }
  return {
    project_id: last.projectId,
    fingerprint: last.fingerprint.hash,
    fingerprint_strategy: last.fingerprint.strategy,
    fingerprint_components: JSON.stringify(last.fingerprint.components),
    title: last.title,
    culprit: last.culprit,
    level: last.level,
    platform: last.platform,
    first_seen: first.timestampMs,
    last_seen: last.timestampMs,
    times_seen: group.length,
    first_release: first.release,
    last_release: last.release,
    last_event_id: last.eventId,
    // Only an insert takes it: an issue keeps the grouping it was made by.
    grouping_version: CURRENT_GROUPING,
  };
}

const upsertIssue: RowsStatement<
  IssueRow,
  { id: number; project_id: number; fingerprint: string; times_seen: number }
> = (db, rows, dialect) =>
  db
    .insertInto('issues')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['project_id', 'fingerprint']).doUpdateSet((eb) => {
        const newer = eb(eb.ref('excluded.last_seen'), '>=', eb.ref('issues.last_seen'));
        const latest = <
          C extends 'title' | 'culprit' | 'level' | 'platform' | 'last_event_id' | 'last_release',
        >(
          column: C,
        ) =>
          eb
            .case()
            .when(newer)
            .then(eb.ref(`excluded.${column}`))
            .else(eb.ref(`issues.${column}`))
            .end();
        return {
          title: latest('title'),
          culprit: latest('culprit'),
          level: latest('level'),
          platform: latest('platform'),
          last_event_id: latest('last_event_id'),
          last_release: latest('last_release'),
          first_seen: least(dialect, eb.ref('issues.first_seen'), eb.ref('excluded.first_seen')),
          last_seen: greatest(dialect, eb.ref('issues.last_seen'), eb.ref('excluded.last_seen')),
          times_seen: eb(eb.ref('issues.times_seen'), '+', eb.ref('excluded.times_seen')),
        };
      }),
    )
    .returning(['id', 'project_id', 'fingerprint', 'times_seen']);
