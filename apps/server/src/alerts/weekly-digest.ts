// The weekly triage digest: each Monday at the project's time, the developer on triage duty gets the inbox
// (new, regressed, back from snooze, escalating) and last week's report, through a Slack or e-mail channel
// (by e-mail, to the developer on duty). Claimed per project and week, so it goes out once.

import type { Kysely } from 'kysely';
import { onDutyIn } from '../rotation/rotation.presenter.ts';
import {
  findRotation,
  inboxLeftIssues,
  rotationUsers,
  weekActivity,
} from '../rotation/rotation.repository.ts';
import { OUTCOMES, summarizeWeek, type WeekSummary } from '../rotation/triage-report.ts';
import { formatIsoWeek, weekOf, weekStartMs } from '../rotation/weeks.ts';
import type { Schema } from '../storage/schema.ts';
import { issueUrl } from './alert-message.ts';
import type { AlertMessage } from './channels/channel.ts';
import { insertNotification } from './notifications.repository.ts';
import { projectName } from './outbox.repository.ts';
import { claimWeeklyDigest, inboxByReason, weeklyDigestProjects } from './rules.repository.ts';

const MINUTE = 60_000;
const LISTED = 10;
const REASONS: [string, string][] = [
  ['new', 'new'],
  ['regressed', 'regressed'],
  ['unsnoozed', 'back from snooze'],
  ['escalating', 'escalating'],
];

function hours(ms: number | null): string {
  if (ms === null) return '–';
  return ms < 3_600_000 ? `${Math.round(ms / MINUTE)} min` : `${(ms / 3_600_000).toFixed(1)} h`;
}

/** Last week in words: what was dispatched, and how long issues waited first. Pure. */
export function describeWeek(summary: WeekSummary, leftInInbox: number): string {
  const outcomes = OUTCOMES.filter((o) => summary.dispatched.byOutcome[o] > 0).map(
    (o) => `${o} ${summary.dispatched.byOutcome[o]}`,
  );
  return (
    `${summary.dispatched.issues} issues dispatched${outcomes.length ? ` (${outcomes.join(', ')})` : ''}; ` +
    `median wait ${hours(summary.waited.medianMs)}, 90th percentile ${hours(summary.waited.p90Ms)}; ` +
    `${leftInInbox} left in the inbox`
  );
}

/** Sends the digests due at `nowMs` (queued as notifications; the delivery job sends them). */
export async function queueWeeklyDigests(
  db: Kysely<Schema>,
  publicUrl: string,
  nowMs: number,
): Promise<number> {
  const week = weekOf(nowMs);
  let queued = 0;
  for (const project of await weeklyDigestProjects(db)) {
    if (project.weekly_channel_id === null || (project.weekly_last_week ?? -1) >= week) continue;
    if (nowMs < weekStartMs(week) + project.weekly_minute * MINUTE) continue;
    if (!(await claimWeeklyDigest(db, project.project_id, week))) continue;
    const message = await weeklyMessage(db, project.project_id, week, publicUrl, nowMs);
    await insertNotification(
      db,
      {
        projectId: project.project_id,
        ruleId: null,
        issueId: null,
        condition: 'weekly',
        message,
        atMs: nowMs,
      },
      [project.weekly_channel_id],
    );
    queued += 1;
  }
  return queued;
}

async function weeklyMessage(
  db: Kysely<Schema>,
  projectId: number,
  week: number,
  publicUrl: string,
  nowMs: number,
): Promise<AlertMessage> {
  const rotation = await findRotation(db, projectId);
  const onDuty = onDutyIn(rotation, await rotationUsers(db, rotation), week);
  const byReason = await inboxByReason(db, projectId);
  const inboxTotal = [...byReason.values()].reduce((a, b) => a + b, 0);
  const lastWeek = { startMs: weekStartMs(week - 1), endMs: weekStartMs(week) };
  const { activity, firstSeen } = await weekActivity(db, projectId, lastWeek.startMs, lastWeek.endMs);
  const left = await inboxLeftIssues(db, projectId, lastWeek.endMs, 1_000);
  const inboxNow = await inboxLeftIssues(db, projectId, Number.MAX_SAFE_INTEGER, LISTED);
  const name = (await projectName(db, projectId))?.name ?? '';
  const reasons = REASONS.map(([key, words]) => `${byReason.get(key) ?? 0} ${words}`).join(', ');
  return {
    kind: 'weekly',
    dedupKey: `vigie/project-${projectId}/weekly/${formatIsoWeek(week)}`,
    title: `Triage week ${formatIsoWeek(week)}: ${inboxTotal} issues in the inbox`,
    projectName: name,
    ruleName: null,
    why:
      `${onDuty ? `${onDuty.name} (${onDuty.email}) is on triage duty. ` : ''}` +
      `Inbox: ${reasons}. Last week (${formatIsoWeek(week - 1)}): ` +
      `${describeWeek(summarizeWeek(activity, firstSeen, lastWeek), left.length)}.`,
    level: null,
    culprit: null,
    environment: null,
    release: null,
    counts: null,
    url: `${publicUrl}/projects/${projectId}/triage`,
    details: {
      week: formatIsoWeek(week),
      inbox: Object.fromEntries(byReason),
      onDuty: onDuty?.email ?? null,
    },
    items: inboxNow.map((i) => ({
      title: i.title,
      url: issueUrl(publicUrl, i.id),
      why: i.substatus ?? i.status,
    })),
    ...(onDuty ? { recipients: [onDuty.email] } : {}),
    occurredAt: new Date(nowMs).toISOString(),
  };
}
