// The gate's question as the routes ask it: read both sides' counts over their windows, judge, keep the verdict,
// and answer with the numbers. The API, Flagger's webhook and the dashboard all come through here.

import type { Kysely } from 'kysely';
import { iso } from '../api/schemas.ts';
import type { Caller } from '../auth/caller.ts';
import { VigieError } from '../errors.ts';
import type { Schema } from '../storage/schema.ts';
import { DEFAULT_THRESHOLDS, type GateThresholds, judge, type SideCounts } from './gate-judge.ts';
import { releaseIssues, sideCounts, type Window } from './release-health.repository.ts';
import { insertVerdict, loadThresholds } from './verdicts.repository.ts';

type Db = Kysely<Schema>;

export const ASKED_VIA = ['api', 'cli', 'argo', 'flagger', 'dashboard'] as const;
export type AskedVia = (typeof ASKED_VIA)[number];

export interface GateQuestion {
  release: string;
  /** The release to compare with; the one first seen before `release` when absent. */
  baseline?: string | undefined;
  /** The candidate's environment; every environment when absent. */
  environment?: string | undefined;
  /** The baseline's environment when it differs (blue/green: staging against production). */
  baselineEnvironment?: string | undefined;
  /** Like 30m, 2h, 1d: the window ending now (default 1h). */
  window?: string | undefined;
  /** ISO date: the baseline's window ends here instead of now (after a blue/green switch: the switch). */
  baselineEnd?: string | undefined;
}

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
export const MAX_WINDOW_MS = 7 * 86_400_000;

/** "30m" → 1,800,000; a 400 for anything else or outside 1 minute to 7 days. */
export function parseWindow(text: string): number {
  const match = /^(\d{1,6})(s|m|h|d)$/.exec(text.trim());
  const ms = match ? Number(match[1]) * UNITS[match[2]!]! : Number.NaN;
  if (!(ms >= 60_000 && ms <= MAX_WINDOW_MS)) {
    throw new VigieError('invalid_gate_query', {
      message: `window must be a duration from 1m to 7d, like 30m, 2h or 1d; got "${text}".`,
    });
  }
  return ms;
}

export const describeCaller = (caller: Caller) =>
  caller.email ?? (caller.tokenId === null ? 'Vigie' : `token #${caller.tokenId}`);

export async function thresholdsOf(db: Db, projectId: number): Promise<GateThresholds> {
  return { ...DEFAULT_THRESHOLDS, ...(await loadThresholds(db, projectId)) };
}

/** The release first seen just before this one: the default baseline. */
async function previousRelease(db: Db, projectId: number, release: string): Promise<string> {
  const candidate = await db
    .selectFrom('releases')
    .select('first_seen')
    .where('project_id', '=', projectId)
    .where('version', '=', release)
    .executeTakeFirst();
  if (!candidate) {
    throw new VigieError('invalid_gate_query', {
      message: `Release "${release}" has sent no events or sessions to this project yet; name a baseline too, or wait for its traffic.`,
    });
  }
  const previous = await db
    .selectFrom('releases')
    .select('version')
    .where('project_id', '=', projectId)
    .where('first_seen', '<', candidate.first_seen)
    .orderBy('first_seen', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!previous) {
    throw new VigieError('invalid_gate_query', {
      message: `Release "${release}" is the project's first: there is no baseline to compare it with; pass baseline=…`,
    });
  }
  return previous.version;
}

const side = (release: string, environment: string | null, w: Window, c: SideCounts) => ({
  release,
  environment,
  from: iso(w.fromMs),
  to: iso(w.toMs),
  ...c,
  crashFreeSessions: c.sessions > 0 ? 1 - c.crashedSessions / c.sessions : null,
  crashFreeUsers: c.users && c.crashedUsers !== null ? 1 - c.crashedUsers / c.users : null,
  errorsPerSession: c.sessions > 0 ? c.errorEvents / c.sessions : null,
  errorsPerRequest: c.requests > 0 ? c.errorEvents / c.requests : null,
  sampleRate: c.requests > 0 ? c.transactions / c.requests : null,
});

export type GateAnswer = Awaited<ReturnType<typeof askGate>>;

export async function askGate(
  db: Db,
  projectId: number,
  q: GateQuestion,
  asked: { by: string; via: AskedVia; nowMs: number },
) {
  const windowMs = parseWindow(q.window ?? '1h');
  const baselineEndMs = q.baselineEnd === undefined ? asked.nowMs : Date.parse(q.baselineEnd);
  if (!Number.isFinite(baselineEndMs) || baselineEndMs > asked.nowMs + 60_000) {
    throw new VigieError('invalid_gate_query', {
      message: `baselineEnd must be an ISO date that is not in the future; got "${q.baselineEnd}".`,
    });
  }
  const baseline = q.baseline ?? (await previousRelease(db, projectId, q.release));
  if (baseline === q.release && q.baselineEnvironment === undefined && q.baselineEnd === undefined) {
    throw new VigieError('invalid_gate_query', {
      message:
        'The baseline is the release itself: name another release, environment (baselineEnvironment) or window (baselineEnd).',
    });
  }
  const env = q.environment ?? null;
  const baselineEnv = q.baselineEnvironment ?? env;
  const candidateWindow = { fromMs: asked.nowMs - windowMs, toMs: asked.nowMs };
  const baselineWindow = { fromMs: baselineEndMs - windowMs, toMs: baselineEndMs };
  const [thresholds, candidate, base, issues] = await Promise.all([
    thresholdsOf(db, projectId),
    sideCounts(db, projectId, q.release, env, candidateWindow),
    sideCounts(db, projectId, baseline, baselineEnv, baselineWindow),
    releaseIssues(db, projectId, q.release, env, candidateWindow),
  ]);
  const judgement = judge({ candidate, baseline: base, ...issues }, thresholds);
  const metrics = {
    denominator: judgement.denominator,
    candidate: side(q.release, env, candidateWindow, candidate),
    baseline: side(baseline, baselineEnv, baselineWindow, base),
    comparisons: judgement.comparisons,
    newIssues: issues.newIssues,
    regressions: issues.regressions,
    thresholds,
  };
  const { id } = await insertVerdict(db, {
    projectId,
    release: q.release,
    baseline,
    environment: env ?? '',
    baselineEnvironment: baselineEnv ?? '',
    windowMs,
    verdict: judgement.verdict,
    reasons: judgement.reasons,
    metrics,
    askedBy: asked.by,
    askedVia: asked.via,
    createdAt: asked.nowMs,
  });
  return {
    id: Number(id),
    verdict: judgement.verdict,
    reasons: judgement.reasons,
    metrics,
    askedBy: asked.by,
    askedVia: asked.via,
    askedAt: iso(asked.nowMs),
  };
}
