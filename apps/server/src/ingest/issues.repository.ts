// How a batch's events reach their issues: one row per issue, its counters and latest event.
// PostgreSQL upserts many issues per statement (round trips cost); SQLite, inside the writer's
// BEGIN IMMEDIATE, looks each issue up and runs the one write it needs: measured 2x cheaper than
// its upsert, which also rewrites first_seen's index entry on every event.

import { greatest, least } from '../storage/dialect.ts';
import type { RowRunner, RowStatement } from '../storage/row-statements.ts';
import { groupBy } from '../storage/rows.ts';
import type { RowOf } from '../storage/schema.ts';
import type { EventRecord } from './batch.ts';

const ISSUE_COLUMNS = [
  'project_id',
  'fingerprint',
  'fingerprint_strategy',
  'fingerprint_components',
  'title',
  'culprit',
  'level',
  'platform',
  'first_seen',
  'last_seen',
  'times_seen',
  'first_release',
  'last_release',
  'last_event_id',
] as const;

type IssueRow = Pick<RowOf<'issues'>, (typeof ISSUE_COLUMNS)[number]>;

const issueKey = (r: EventRecord) => `${r.projectId}\u0000${r.fingerprint.hash}`;

export interface WrittenIssues {
  /** Each event's issue id. */
  ids: Map<EventRecord, number>;
  /** The issues this batch created. */
  created: Set<number>;
}

/** Writes the batch's issues; returns each event's issue id and which issues are new. */
export async function writeIssues(rows: RowRunner, events: EventRecord[]): Promise<WrittenIssues> {
  const groups = [...groupBy(events, issueKey).values()];
  const issues = groups.map(issueRow);
  const created = new Set<number>();
  const issueIds =
    rows.dialect === 'sqlite' ? await oneByOne(rows, issues, created) : await upserted(rows, issues, created);
  const ids = new Map<EventRecord, number>();
  groups.forEach((group, i) => {
    for (const r of group) ids.set(r, issueIds[i]!);
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
  };
}

const upsertIssue: RowStatement<
  IssueRow,
  { id: number; project_id: number; fingerprint: string; times_seen: number }
> = {
  columns: ISSUE_COLUMNS,
  build: (db, rows, dialect) =>
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
      .returning(['id', 'project_id', 'fingerprint', 'times_seen']),
};

async function upserted(rows: RowRunner, issues: IssueRow[], created: Set<number>): Promise<number[]> {
  const written = new Map<string, { id: number; times_seen: number }>();
  for (const row of await rows.run(upsertIssue, issues)) {
    written.set(`${row.project_id}\u0000${row.fingerprint}`, row);
  }
  return issues.map((issue) => {
    const row = written.get(`${issue.project_id}\u0000${issue.fingerprint}`)!;
    // Only an insert leaves the issue with exactly this batch's events.
    if (row.times_seen === issue.times_seen) created.add(row.id);
    return row.id;
  });
}

type IssueRef = { project_id: number; fingerprint: string };
type Stored = { id: number; first_seen: number; last_seen: number };

const findIssue: RowStatement<IssueRef, Stored> = {
  columns: ['project_id', 'fingerprint'],
  perRow: true,
  build: (db, [row]) =>
    db
      .selectFrom('issues')
      .select(['id', 'first_seen', 'last_seen'])
      .where('project_id', '=', row!.project_id)
      .where('fingerprint', '=', row!.fingerprint),
};

const insertIssue: RowStatement<IssueRow, { id: number }> = {
  columns: ISSUE_COLUMNS,
  build: (db, rows) => db.insertInto('issues').values(rows).returning('id'),
};

type Latest = Pick<
  IssueRow,
  'title' | 'culprit' | 'level' | 'platform' | 'last_event_id' | 'last_release' | 'last_seen' | 'times_seen'
> & { id: number };

/** The group has the issue's latest event: it takes over the issue's latest fields. */
const updateLatest: RowStatement<Latest, unknown> = {
  columns: [
    'id',
    'title',
    'culprit',
    'level',
    'platform',
    'last_event_id',
    'last_release',
    'last_seen',
    'times_seen',
  ],
  perRow: true,
  build: (db, [row]) =>
    db
      .updateTable('issues')
      .set((eb) => ({
        title: row!.title,
        culprit: row!.culprit,
        level: row!.level,
        platform: row!.platform,
        last_event_id: row!.last_event_id,
        last_release: row!.last_release,
        last_seen: row!.last_seen,
        times_seen: eb('times_seen', '+', row!.times_seen),
      }))
      .where('id', '=', row!.id),
};

/** Late events only count. */
const addTimesSeen: RowStatement<{ id: number; times_seen: number }, unknown> = {
  columns: ['id', 'times_seen'],
  perRow: true,
  build: (db, [row]) =>
    db
      .updateTable('issues')
      .set((eb) => ({ times_seen: eb('times_seen', '+', row!.times_seen) }))
      .where('id', '=', row!.id),
};

/** An event older than the issue's first one (clock skew, SDK backlog). */
const lowerFirstSeen: RowStatement<{ id: number; first_seen: number }, unknown> = {
  columns: ['id', 'first_seen'],
  perRow: true,
  build: (db, [row]) =>
    db.updateTable('issues').set({ first_seen: row!.first_seen }).where('id', '=', row!.id),
};

/** SQLite: same outcome as the upsert, with only the columns that change written. */
async function oneByOne(rows: RowRunner, issues: IssueRow[], created: Set<number>): Promise<number[]> {
  const ids: number[] = [];
  for (const issue of issues) {
    const [stored] = await rows.run(findIssue, [
      { project_id: issue.project_id, fingerprint: issue.fingerprint },
    ]);
    if (!stored) {
      const [inserted] = await rows.run(insertIssue, [issue]);
      ids.push(inserted!.id);
      created.add(inserted!.id);
      continue;
    }
    const { id } = stored;
    if (issue.last_seen >= stored.last_seen) {
      const { title, culprit, level, platform, last_event_id, last_release, last_seen, times_seen } = issue;
      await rows.run(updateLatest, [
        { id, title, culprit, level, platform, last_event_id, last_release, last_seen, times_seen },
      ]);
    } else {
      await rows.run(addTimesSeen, [{ id, times_seen: issue.times_seen }]);
    }
    if (issue.first_seen < stored.first_seen)
      await rows.run(lowerFirstSeen, [{ id, first_seen: issue.first_seen }]);
    ids.push(id);
  }
  return ids;
}
