// The aggregates of the API benchmark's seeded events, as ingest would have kept them: per-minute counts,
// rollups and project counts, release, environment and user tags and the issues' users, computed from the
// events in SQL; and the tags the events' columns do not hold (browser, os, server, url), split in the usual
// proportions.

import { type Kysely, sql } from 'kysely';
import type { Schema } from '../src/storage/schema.ts';

/** What ingest keeps per issue and project, computed from the events. */
export async function aggregate(db: Kysely<Schema>, projectId: number): Promise<void> {
  await sql`insert into issue_counts (issue_id, minute, count)
    select issue_id, timestamp / 60000, count(*) from events group by issue_id, timestamp / 60000`.execute(
    db,
  );
  for (const span of [60, 1440]) {
    await sql`insert into issue_rollups (issue_id, span, minute, count)
      select issue_id, ${sql.lit(span)}, minute / ${sql.lit(span)} * ${sql.lit(span)}, sum(count)
      from issue_counts group by issue_id, minute / ${sql.lit(span)}`.execute(db);
  }
  for (const span of [1, 60, 1440]) {
    const bucket = sql`timestamp / 60000 / ${sql.lit(span)}`;
    await sql`insert into project_counts (project_id, span, minute, environment, count)
      select project_id, ${sql.lit(span)}, ${bucket} * ${sql.lit(span)}, environment, count(*)
      from events group by project_id, ${bucket}, environment`.execute(db);
  }
  for (const [key, column] of [
    ['release', 'release'],
    ['environment', 'environment'],
    ['user', 'user_key'],
  ] as const) {
    await sql`insert into issue_tags (issue_id, key, value, times_seen, first_seen, last_seen)
      select issue_id, ${key}, ${sql.ref(column)}, count(*), min(timestamp), max(timestamp)
      from events where ${sql.ref(column)} is not null group by issue_id, ${sql.ref(column)}`.execute(db);
  }
  await sql`insert into issue_users (issue_id, user_key)
    select distinct issue_id, user_key from events where user_key is not null`.execute(db);
  await sql`update issues set users_seen = (select count(*) from issue_users u where u.issue_id = issues.id)
    where project_id = ${projectId}`.execute(db);
  await sql`update issues set
      last_event_id = (select e.event_id from events e where e.issue_id = issues.id order by e.timestamp desc limit 1),
      first_release = (select e.release from events e where e.issue_id = issues.id order by e.timestamp limit 1),
      last_release = (select e.release from events e where e.issue_id = issues.id order by e.timestamp desc limit 1)
    where project_id = ${projectId}`.execute(db);
}

const BROWSERS: Array<[string, number]> = [
  ['Chrome 120.0', 0.55],
  ['Safari 17.2', 0.2],
  ['Firefox 121.0', 0.12],
  ['Edge 120.0', 0.08],
  ['Mobile Safari 17.1', 0.05],
];
const SYSTEMS: Array<[string, number]> = [
  ['Windows 10', 0.45],
  ['Mac OS X 14.2', 0.3],
  ['iOS 17.2', 0.15],
  ['Android 14', 0.1],
];

/** Tags the events' columns do not hold (browser, os, server, url), split in the usual proportions. */
export async function synthesizedTags(
  db: Kysely<Schema>,
  ids: number[],
  p: { issueOf: Int32Array; birth: Float64Array },
): Promise<void> {
  const counts = new Map<number, number>();
  for (const k of p.issueOf) counts.set(k, (counts.get(k) ?? 0) + 1);
  const rows: Array<Schema['issue_tags']> = [];
  for (const [k, n] of counts) {
    const seen = { first_seen: Math.floor(p.birth[k]!), last_seen: Math.floor(p.birth[k]!) };
    const split = (key: string, shares: Array<[string, number]>) => {
      for (const [value, share] of shares) {
        const times = Math.round(n * share);
        if (times > 0) rows.push({ issue_id: ids[k]!, key, value, times_seen: times, ...seen });
      }
    };
    split('browser', BROWSERS);
    split('os', SYSTEMS);
    split(
      'server_name',
      Array.from({ length: 8 }, (_, i): [string, number] => [`web-${i + 1}`, 1 / 8]),
    );
    split('url', [
      [`https://shop.example/module${k % 300}/checkout`, 0.7],
      [`https://shop.example/module${k % 300}/cart`, 0.3],
    ]);
  }
  for (let i = 0; i < rows.length; i += 1_000)
    await db
      .insertInto('issue_tags')
      .values(rows.slice(i, i + 1_000))
      .execute();
}
