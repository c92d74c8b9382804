// Storage of CSP violations: groups with their counts per minute and browsers, the distinct reports of
// each group per day (the builder's evidence, replayed against drafts), and noise counted by reason.
// Counts are SQL increments (upserts), so instances sharing PostgreSQL never lose one.

import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { notifyNewViolationGroup } from '../alerts/csp-hook.ts';
import type { DialectName } from '../storage/dialect.ts';
import { greatest } from '../storage/dialect.ts';
import type { Schema } from '../storage/schema.ts';
import type { GroupKey } from './group-key.ts';
import type { NoiseReason } from './noise.ts';
import type { CspReport } from './report-body.ts';

type Db = Kysely<Schema>;

export const DAY_MS = 86_400_000;
const dayOf = (ms: number) => Math.floor(ms / DAY_MS);
const minuteOf = (ms: number) => Math.floor(ms / 60_000);

export interface AcceptedReport {
  report: CspReport;
  group: GroupKey;
  browser: string | null;
  policyVersion: number | null;
}

export interface NoiseCount {
  reason: NoiseReason;
  count: number;
  example: string;
}

function detailKey(r: CspReport): string {
  return createHash('sha1')
    .update(
      [
        r.documentUrl,
        r.blockedUrl,
        r.effectiveDirective,
        r.sourceFile ?? '',
        r.sample ?? '',
        r.disposition,
      ].join('\u0000'),
    )
    .digest('hex');
}

/** Records one request's violations and noise in one transaction. */
export async function recordReports(
  db: Db,
  dialect: DialectName,
  projectId: number,
  accepted: readonly AcceptedReport[],
  noise: readonly NoiseCount[],
  nowMs: number,
): Promise<void> {
  if (accepted.length === 0 && noise.length === 0) return;
  await db.transaction().execute(async (trx) => {
    for (const item of accepted) await recordOne(trx, dialect, projectId, item, nowMs);
    for (const n of noise) {
      await trx
        .insertInto('csp_noise')
        .values({
          project_id: projectId,
          day: dayOf(nowMs),
          reason: n.reason,
          count: n.count,
          example: n.example.slice(0, 300),
        })
        .onConflict((oc) =>
          oc.columns(['project_id', 'day', 'reason']).doUpdateSet((eb) => ({
            count: eb(eb.ref('csp_noise.count'), '+', eb.ref('excluded.count')),
            example: eb.ref('excluded.example'),
          })),
        )
        .execute();
    }
  });
}

async function recordOne(
  trx: Transaction<Schema>,
  dialect: DialectName,
  projectId: number,
  { report, group, browser, policyVersion }: AcceptedReport,
  nowMs: number,
): Promise<void> {
  const enforced = report.disposition === 'enforce' ? 1 : 0;
  const row = await trx
    .insertInto('csp_groups')
    .values({
      project_id: projectId,
      group_key: group.key,
      directive: group.directive,
      blocked: group.blocked,
      page_pattern: group.pagePattern,
      count: 1,
      enforced_count: enforced,
      first_seen: nowMs,
      last_seen: nowMs,
      policy_version: policyVersion,
    })
    .onConflict((oc) =>
      oc.columns(['project_id', 'group_key']).doUpdateSet((eb) => ({
        count: eb(eb.ref('csp_groups.count'), '+', 1),
        enforced_count: eb(eb.ref('csp_groups.enforced_count'), '+', enforced),
        last_seen: greatest(dialect, eb.ref('csp_groups.last_seen'), eb.ref('excluded.last_seen')),
        policy_version: eb.ref('excluded.policy_version'),
      })),
    )
    .returning(['id', 'enforced_count'])
    .executeTakeFirstOrThrow();
  const groupId = row.id;
  // The group's first report of a blocked resource: new under an enforced policy (or, seen report-only
  // before, now blocked): either the policy broke something or someone is attacking. Alerting hears it.
  if (enforced === 1 && Number(row.enforced_count) === 1) {
    await notifyNewViolationGroup(
      trx,
      projectId,
      {
        groupId,
        directive: group.directive,
        blocked: group.blocked,
        pagePattern: group.pagePattern,
        policyVersion,
        enforced: true,
      },
      nowMs,
    );
  }
  await trx
    .insertInto('csp_group_minutes')
    .values({ group_id: groupId, minute: minuteOf(nowMs), count: 1 })
    .onConflict((oc) =>
      oc
        .columns(['group_id', 'minute'])
        .doUpdateSet((eb) => ({ count: eb(eb.ref('csp_group_minutes.count'), '+', 1) })),
    )
    .execute();
  await trx
    .insertInto('csp_group_browsers')
    .values({ group_id: groupId, browser: browser ?? 'Other', count: 1 })
    .onConflict((oc) =>
      oc
        .columns(['group_id', 'browser'])
        .doUpdateSet((eb) => ({ count: eb(eb.ref('csp_group_browsers.count'), '+', 1) })),
    )
    .execute();
  await trx
    .insertInto('csp_reports')
    .values({
      group_id: groupId,
      project_id: projectId,
      day: dayOf(nowMs),
      detail_key: detailKey(report),
      document_url: report.documentUrl.slice(0, 2048),
      blocked_url: report.blockedUrl.slice(0, 2048),
      effective_directive: report.effectiveDirective,
      source_file: report.sourceFile?.slice(0, 2048) ?? null,
      line_number: report.lineNumber,
      column_number: report.columnNumber,
      sample: report.sample?.slice(0, 300) ?? null,
      disposition: report.disposition,
      browser,
      count: 1,
      first_seen: nowMs,
      last_seen: nowMs,
    })
    .onConflict((oc) =>
      oc.columns(['group_id', 'day', 'detail_key']).doUpdateSet((eb) => ({
        count: eb(eb.ref('csp_reports.count'), '+', 1),
        last_seen: greatest(dialect, eb.ref('csp_reports.last_seen'), eb.ref('excluded.last_seen')),
        browser: eb.ref('excluded.browser'),
      })),
    )
    .execute();
}

export interface StoredGroup {
  id: number;
  directive: string;
  blocked: string;
  pagePattern: string;
  count: number;
  enforcedCount: number;
  firstSeen: number;
  lastSeen: number;
  policyVersion: number | null;
  browsers: { browser: string; count: number }[];
}

/** Groups seen since `sinceMs`, most reported first, with their browsers. */
export async function groupsSince(
  db: Db,
  projectId: number,
  sinceMs: number,
  limit = 500,
): Promise<StoredGroup[]> {
  const rows = await db
    .selectFrom('csp_groups')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('last_seen', '>=', sinceMs)
    .orderBy('count', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
  if (rows.length === 0) return [];
  const browsers = await db
    .selectFrom('csp_group_browsers')
    .selectAll()
    .where(
      'group_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('count', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    directive: r.directive,
    blocked: r.blocked,
    pagePattern: r.page_pattern,
    count: Number(r.count),
    enforcedCount: Number(r.enforced_count),
    firstSeen: Number(r.first_seen),
    lastSeen: Number(r.last_seen),
    policyVersion: r.policy_version,
    browsers: browsers
      .filter((b) => b.group_id === r.id)
      .map((b) => ({ browser: b.browser, count: Number(b.count) })),
  }));
}

export interface StoredReport {
  groupId: number;
  day: number;
  documentUrl: string;
  blockedUrl: string;
  effectiveDirective: string;
  sourceFile: string | null;
  lineNumber: number | null;
  columnNumber: number | null;
  sample: string | null;
  disposition: string;
  browser: string | null;
  count: number;
  firstSeen: number;
  lastSeen: number;
}

/** The distinct reports seen since `sinceMs` (most recent first, at most `limit`). */
export async function reportsSince(
  db: Db,
  projectId: number,
  sinceMs: number,
  limit = 20_000,
): Promise<StoredReport[]> {
  const rows = await db
    .selectFrom('csp_reports')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('last_seen', '>=', sinceMs)
    .orderBy('last_seen', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    groupId: r.group_id,
    day: Number(r.day),
    documentUrl: r.document_url,
    blockedUrl: r.blocked_url,
    effectiveDirective: r.effective_directive,
    sourceFile: r.source_file,
    lineNumber: r.line_number,
    columnNumber: r.column_number,
    sample: r.sample,
    disposition: r.disposition,
    browser: r.browser,
    count: Number(r.count),
    firstSeen: Number(r.first_seen),
    lastSeen: Number(r.last_seen),
  }));
}

/** Noise counts by reason since `sinceMs`, with the latest example of each. */
export async function noiseSince(
  db: Db,
  projectId: number,
  sinceMs: number,
): Promise<{ reason: string; count: number; example: string }[]> {
  const rows = await db
    .selectFrom('csp_noise')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('day', '>=', dayOf(sinceMs))
    .orderBy('day', 'desc')
    .execute();
  const byReason = new Map<string, { reason: string; count: number; example: string }>();
  for (const row of rows) {
    const entry = byReason.get(row.reason) ?? { reason: row.reason, count: 0, example: row.example };
    entry.count += Number(row.count);
    byReason.set(row.reason, entry);
  }
  return [...byReason.values()].sort((a, b) => b.count - a.count);
}

/** Reports per hour of each group since `sinceMs`: the builder's sparklines. */
export async function hourlyCounts(
  db: Db,
  groupIds: readonly number[],
  sinceMs: number,
): Promise<Map<number, Map<number, number>>> {
  const result = new Map<number, Map<number, number>>();
  if (groupIds.length === 0) return result;
  const rows = await db
    .selectFrom('csp_group_minutes')
    .select(['group_id', 'minute', 'count'])
    .where('group_id', 'in', groupIds)
    .where('minute', '>=', minuteOf(sinceMs))
    .execute();
  for (const row of rows) {
    const hour = Math.floor(Number(row.minute) / 60);
    const hours = result.get(row.group_id) ?? new Map<number, number>();
    hours.set(hour, (hours.get(hour) ?? 0) + Number(row.count));
    result.set(row.group_id, hours);
  }
  return result;
}

/** Forgets per-report detail and minute counts past the builder's window, and old noise counts. */
export async function expireCspData(db: Db, nowMs: number): Promise<void> {
  const detailBefore = nowMs - 8 * DAY_MS;
  await db.deleteFrom('csp_reports').where('last_seen', '<', detailBefore).execute();
  await db
    .deleteFrom('csp_group_minutes')
    .where('minute', '<', minuteOf(nowMs - 31 * DAY_MS))
    .execute();
  await db
    .deleteFrom('csp_noise')
    .where('day', '<', dayOf(nowMs - 31 * DAY_MS))
    .execute();
}
