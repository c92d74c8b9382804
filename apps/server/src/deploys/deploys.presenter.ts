// Rows to the API's shapes for deploys, kept verdicts and release health. Pure.

import type { Selectable } from 'kysely';
import type { Static } from 'typebox';
import { iso, isoOrNull } from '../api/schemas.ts';
import type { DeployTable, GateVerdictTable } from '../storage/schema.ts';
import type { Strategy } from './deploys.repository.ts';
import type { GateMetrics } from './deploys.schemas.ts';
import { DEFAULT_THRESHOLDS, type Verdict } from './gate-judge.ts';
import type { ReleaseCounts } from './release-health.repository.ts';

export function presentDeploy(d: Selectable<DeployTable>) {
  return {
    id: Number(d.id),
    projectId: Number(d.project_id),
    release: d.release,
    environment: d.environment,
    strategy: d.strategy as Strategy | null,
    name: d.name,
    url: d.url,
    startedAt: isoOrNull(d.started_at),
    finishedAt: iso(d.finished_at),
    createdBy: d.created_by,
  };
}

/** A window in the units people write it in: 90 minutes reads 90m, two hours 2h. */
export function windowText(ms: number): string {
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
  ] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${Math.round(ms / 1000)}s`;
}

export function presentVerdict(v: Selectable<GateVerdictTable>) {
  return {
    id: Number(v.id),
    release: v.release,
    baseline: v.baseline,
    environment: v.environment,
    baselineEnvironment: v.baseline_environment,
    window: windowText(v.window_ms),
    verdict: v.verdict as Verdict,
    reasons: JSON.parse(v.reasons) as string[],
    metrics: withPerRequestFields(JSON.parse(v.metrics)),
    askedBy: v.asked_by,
    askedVia: v.asked_via,
    askedAt: iso(v.created_at),
  };
}

const NO_REQUESTS = { transactions: 0, requests: 0, errorsPerRequest: null, sampleRate: null };

/**
 * Verdicts kept before requests were counted judged per session and saw no transaction: their metrics say so
 * in the fields they lack (the threshold they lack is the default that applied).
 */
function withPerRequestFields(m: Static<typeof GateMetrics>): Static<typeof GateMetrics> {
  return {
    ...m,
    denominator: m.denominator ?? 'sessions',
    candidate: { ...NO_REQUESTS, ...m.candidate },
    baseline: { ...NO_REQUESTS, ...m.baseline },
    thresholds: { ...m.thresholds, minRequests: m.thresholds.minRequests ?? DEFAULT_THRESHOLDS.minRequests },
  };
}

export interface ReleaseRow {
  version: string;
  first_seen: number;
  last_seen: number;
}

export function presentReleaseHealth(
  release: ReleaseRow,
  counts: ReleaseCounts | undefined,
  adoption: { sessions: number; total: number },
  issues: { newIssues: number; regressions: number },
  lastDeploy: ReturnType<typeof presentDeploy> | null,
) {
  const c = counts ?? {
    sessions: 0,
    crashedSessions: 0,
    errorEvents: 0,
    users: null,
    crashedUsers: null,
    transactions: 0,
    requests: 0,
  };
  return {
    version: release.version,
    firstSeen: iso(release.first_seen),
    lastSeen: iso(release.last_seen),
    adoption: adoption.total > 0 ? adoption.sessions / adoption.total : null,
    sessions: c.sessions,
    crashFreeSessions: c.sessions > 0 ? 1 - c.crashedSessions / c.sessions : null,
    users: c.users,
    crashFreeUsers: c.users && c.crashedUsers !== null ? 1 - c.crashedUsers / c.users : null,
    errorEvents: c.errorEvents,
    errorsPerSession: c.sessions > 0 ? c.errorEvents / c.sessions : null,
    transactions: c.transactions,
    requests: c.requests,
    errorsPerRequest: c.requests > 0 ? c.errorEvents / c.requests : null,
    newIssues: issues.newIssues,
    regressions: issues.regressions,
    lastDeploy,
  };
}
