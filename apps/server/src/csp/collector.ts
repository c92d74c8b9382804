// The CSP collector: one request's reports through the noise filter and into their groups, with the
// published policy version each one quoted. Routes (collector.routes.ts, and /store/ for reports posted
// there by mistake) call `collectReports` once the key and the body are checked.

import { browserOf } from '../customers/user-agent.ts';
import type { Database } from '../storage/database.ts';
import { groupKeyOf } from './group-key.ts';
import { type NoiseReason, noiseReason, PolicyCache } from './noise.ts';
import { listVersions, type PolicyVersion } from './policies.repository.ts';
import type { ParsedReports } from './report-body.ts';
import { type AcceptedReport, type NoiseCount, recordReports } from './reports.repository.ts';

export interface CollectOutcome {
  accepted: number;
  noise: Partial<Record<NoiseReason, number>>;
}

const policies = new PolicyCache();

/** A policy's text with nonces and spacing made comparable: `'nonce-r4nd0m'` reads as `'nonce-{nonce}'`. */
export function comparablePolicy(policy: string): string {
  return policy
    .replace(/'nonce-[^']*'/gi, "'nonce-{nonce}'")
    .split(';')
    .map((d) => d.trim().replace(/\s+/g, ' '))
    .filter((d) => d !== '')
    .join('; ');
}

/** The published version whose enforced or report-only policy the report quotes, if any. */
export function versionQuoted(
  originalPolicy: string | null,
  versions: readonly PolicyVersion[],
): number | null {
  if (originalPolicy === null) return null;
  const quoted = comparablePolicy(originalPolicy);
  for (const v of versions) {
    for (const text of [v.enforce, v.reportOnly]) {
      if (text !== null && comparablePolicy(text) === quoted) return v.version;
    }
  }
  return null;
}

/**
 * Groups a project may have. The endpoints are public: without a bound, reports naming ever new pages or
 * hosts would grow the tables without end. Past it, reports of new groups are counted as noise
 * (`group-limit`); known groups keep counting. Real sites have tens to hundreds.
 */
export const MAX_GROUPS_PER_PROJECT = 10_000;

/** Projects of each database known to be at the group limit, rechecked after a minute. */
const atLimitByDatabase = new WeakMap<Database, Map<number, number>>();

async function overGroupLimit(
  database: Database,
  projectId: number,
  max: number,
  nowMs: number,
): Promise<boolean> {
  let atLimit = atLimitByDatabase.get(database);
  if (atLimit === undefined) {
    atLimit = new Map();
    atLimitByDatabase.set(database, atLimit);
  }
  const checkedAt = atLimit.get(projectId);
  if (checkedAt !== undefined && nowMs - checkedAt < 60_000) return true;
  const row = await database.db
    .selectFrom('csp_groups')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project_id', '=', projectId)
    .executeTakeFirstOrThrow();
  const over = Number(row.n) >= max;
  if (over) atLimit.set(projectId, nowMs);
  else atLimit.delete(projectId);
  return over;
}

async function groupExists(database: Database, projectId: number, key: string): Promise<boolean> {
  const row = await database.db
    .selectFrom('csp_groups')
    .select('id')
    .where('project_id', '=', projectId)
    .where('group_key', '=', key)
    .executeTakeFirst();
  return row !== undefined;
}

export async function collectReports(
  database: Database,
  projectId: number,
  parsed: ParsedReports,
  nowMs = Date.now(),
  maxGroups = MAX_GROUPS_PER_PROJECT,
): Promise<CollectOutcome> {
  const noise = new Map<NoiseReason, NoiseCount>();
  const countNoise = (reason: NoiseReason, example: string, count = 1) => {
    const entry = noise.get(reason) ?? { reason, count: 0, example };
    entry.count += count;
    entry.example = example;
    noise.set(reason, entry);
  };
  for (const [type, count] of parsed.skipped) countNoise('other-report-type', type, count);

  const accepted: AcceptedReport[] = [];
  const versions = parsed.violations.length > 0 ? await listVersions(database.db, projectId, 20) : [];
  for (const report of parsed.violations) {
    const reason = noiseReason(report, policies);
    if (reason !== null) {
      countNoise(reason, report.blockedUrl || report.documentUrl);
      continue;
    }
    const group = groupKeyOf(report);
    if (
      (await overGroupLimit(database, projectId, maxGroups, nowMs)) &&
      !(await groupExists(database, projectId, group.key))
    ) {
      countNoise('group-limit', report.blockedUrl || report.documentUrl);
      continue;
    }
    accepted.push({
      report,
      group,
      // Headless Chromium (tests, crawlers) names itself HeadlessChrome: the same engine and version.
      browser:
        report.userAgent === null ? null : browserOf(report.userAgent.replace('HeadlessChrome/', 'Chrome/')),
      policyVersion: versionQuoted(report.originalPolicy, versions),
    });
  }
  await recordReports(database.db, database.dialect, projectId, accepted, [...noise.values()], nowMs);
  return {
    accepted: accepted.length,
    noise: Object.fromEntries([...noise.values()].map((n) => [n.reason, n.count])),
  };
}
