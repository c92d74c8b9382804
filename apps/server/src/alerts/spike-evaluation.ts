// Evaluates each project's minutes in order, each exactly once across instances: a minute is claimed by
// moving the project's cursor (compare-and-set) in the transaction that writes its decisions, states,
// spikes and outbox rows, so a crash mid-minute leaves the minute to evaluate again, and a restart catches
// up on the minutes it missed (up to a day; older ones are skipped, as a page about them would come late).

import type { Kysely, Transaction } from 'kysely';
import { enqueueOutbox } from '../issues/activity.repository.ts';
import type { Schema } from '../storage/schema.ts';
import type { Condition } from './rule.ts';
import { falsePageBudgets, listRules } from './rules.repository.ts';
import {
  advanceCursor,
  closeSpike,
  cursorOf,
  issueHourlyTotals,
  issueMinuteCounts,
  openSpike,
  projectHourlyTotal,
  projectIds,
  projectMinuteCounts,
  recordDecision,
  saveState,
  subjectStates,
  windowTotals,
} from './spike.repository.ts';
import {
  COUNTED_MINUTES,
  DEFAULT_FALSE_PAGES_PER_DAY,
  evaluateMinute,
  NEW_SUBJECT_MINUTES,
  type SubjectCounts,
  seededState,
} from './spike-detector.ts';

const MINUTE_MS = 60_000;
/** A minute is evaluated this long after it ends: events committed late in it are counted. */
export const EVALUATION_GRACE_MS = 5_000;
/** The furthest back a catch-up goes. */
export const MAX_BACKLOG_MINUTES = 1_440;
/** Minutes one project evaluates per run, so that one far behind does not hold the others up. */
const MINUTES_PER_RUN = 120;
const SEED_HOURS = 24;

/** The last minute complete at `nowMs`. */
export const lastCompleteMinute = (nowMs: number) =>
  Math.floor((nowMs - EVALUATION_GRACE_MS) / MINUTE_MS) - 1;

export interface EvaluationReport {
  readonly evaluated: number;
}

export async function evaluateSpikes(
  db: Kysely<Schema>,
  nowMs: number,
  signal?: AbortSignal,
): Promise<EvaluationReport> {
  const last = lastCompleteMinute(nowMs);
  const projects = await projectIds(db);
  const budgets = await falsePageBudgets(
    db,
    projects.map((p) => p.id),
  );
  let evaluated = 0;
  for (const project of projects) {
    let next = await cursorOf(db, project.id, last);
    if (next < last - MAX_BACKLOG_MINUTES) {
      const skipTo = last - MAX_BACKLOG_MINUTES;
      if (!(await advanceCursor(db, project.id, next, skipTo))) continue;
      next = skipTo;
    }
    const budget = budgets.get(project.id) ?? DEFAULT_FALSE_PAGES_PER_DAY;
    for (let runs = 0; next <= last && runs < MINUTES_PER_RUN && !signal?.aborted; runs++) {
      const minute = next;
      const claimed = await db.transaction().execute(async (trx) => {
        if (!(await advanceCursor(trx, project.id, minute, minute + 1))) return false;
        await evaluateProjectMinute(trx, project.id, minute, budget);
        return true;
      });
      // Another instance is on this project: leave the rest to it.
      if (!claimed) break;
      evaluated += 1;
      next = minute + 1;
    }
  }
  return { evaluated };
}

/** The counts of the minutes the detector's windows cover, ending with `minute`, per subject (0: the whole project). */
async function windowCounts(trx: Transaction<Schema>, projectId: number, minute: number) {
  const counts = new Map<number, number[]>();
  const first = minute - COUNTED_MINUTES + 1;
  const add = (issueId: number, at: number, count: number) => {
    const row = counts.get(issueId) ?? new Array<number>(COUNTED_MINUTES).fill(0);
    row[at - first] = Number(count);
    counts.set(issueId, row);
  };
  for (const c of await issueMinuteCounts(trx, projectId, first, minute)) add(c.issue_id, c.minute, c.count);
  for (const c of await projectMinuteCounts(trx, projectId, first, minute)) add(0, c.minute, c.count);
  return counts;
}

async function evaluateProjectMinute(
  trx: Transaction<Schema>,
  projectId: number,
  minute: number,
  budget: number,
): Promise<void> {
  const counts = await windowCounts(trx, projectId, minute);
  const states = await subjectStates(trx, projectId, [...counts.keys()]);
  const seeds = await seedStates(
    trx,
    projectId,
    minute,
    [...counts.keys()].filter((id) => !states.has(id)),
  );
  const subjectIds = new Set([...counts.keys(), ...states.keys()]);
  const subjects: SubjectCounts[] = [...subjectIds].map((issueId) => ({
    issueId,
    counts: counts.get(issueId) ?? new Array<number>(COUNTED_MINUTES).fill(0),
    state: states.get(issueId) ?? seeds.get(issueId),
  }));
  const atMs = (minute + 1) * MINUTE_MS;
  for (const result of evaluateMinute(minute, subjects, budget)) {
    const { issueId, decision, next } = result;
    let spikeId = states.get(issueId)?.spikeId ?? null;
    const topic = issueId === 0 ? 'project.spike' : 'issue.spike';
    const base = { projectId, issueId: issueId === 0 ? null : issueId, atMs };
    if (decision?.outcome === 'fired') {
      spikeId = await openSpike(trx, projectId, decision);
      await enqueueOutbox(trx, { ...base, topic, payload: { spikeId, decision } });
    }
    if (decision) await recordDecision(trx, projectId, decision, spikeId);
    if (decision?.outcome === 'resolved' && spikeId !== null) {
      await closeSpike(trx, spikeId, minute);
      await enqueueOutbox(trx, { ...base, topic: `${topic}_resolved`, payload: { spikeId, decision } });
      spikeId = null;
    }
    if (next) await saveState(trx, projectId, issueId, next, next.spikeOpen ? spikeId : null);
  }
  await checkEventCounts(trx, projectId, minute, atMs);
}

/** Subjects the detector has not met yet, with history in the rollups: their last day as a baseline. */
async function seedStates(
  trx: Transaction<Schema>,
  projectId: number,
  minute: number,
  ids: readonly number[],
) {
  const seeds = new Map<number, ReturnType<typeof seededState>>();
  const hourStart = Math.floor(minute / 60) * 60;
  const from = hourStart - SEED_HOURS * 60;
  const seed = (id: number, events: number, firstSeenMinute: number) => {
    const since = Math.max(from, firstSeenMinute);
    const minutes = hourStart - since;
    if (minutes >= NEW_SUBJECT_MINUTES) seeds.set(id, seededState(events / minutes, since, minute - 1));
  };
  const issues = ids.filter((id) => id !== 0);
  for (const [id, total] of await issueHourlyTotals(trx, issues, from, hourStart))
    seed(id, total.events, total.firstSeenMinute);
  if (ids.includes(0)) seed(0, await projectHourlyTotal(trx, projectId, from, hourStart), from);
  return seeds;
}

type CountCondition = Extract<Condition, { kind: 'event_count' }>;

/** Rules watching event or user counts: an outbox row when a count crosses its threshold this minute. */
async function checkEventCounts(trx: Transaction<Schema>, projectId: number, minute: number, atMs: number) {
  const rules = (await listRules(trx, projectId)).filter((r) => r.enabled === 1);
  for (const rule of rules) {
    for (const condition of JSON.parse(rule.conditions) as Condition[]) {
      if (condition.kind !== 'event_count') continue;
      for (const crossing of await crossings(trx, projectId, minute, condition)) {
        await enqueueOutbox(trx, {
          topic: 'alert.threshold',
          projectId,
          issueId: crossing.issueId,
          atMs,
          payload: { ruleId: rule.id, ...condition, observed: crossing.observed },
        });
      }
    }
  }
}

async function crossings(trx: Transaction<Schema>, projectId: number, minute: number, c: CountCondition) {
  const window = (end: number) => windowTotals(trx, projectId, c.metric, end - c.windowMinutes + 1, end);
  const now = await window(minute);
  const before = await window(minute - 1);
  const total = (m: Map<number, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  if (c.scope === 'project') {
    // Users of a project: the sum over issues counts a user once per issue, an upper bound.
    return total(now) >= c.threshold && total(before) < c.threshold
      ? [{ issueId: null, observed: total(now) }]
      : [];
  }
  return [...now]
    .filter(([id, n]) => n >= c.threshold && (before.get(id) ?? 0) < c.threshold)
    .map(([issueId, observed]) => ({ issueId, observed }));
}
