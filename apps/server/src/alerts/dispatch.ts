// From the outbox to notifications: each row is read once (claimed in the transaction that acts on it),
// heard by the rules whose conditions match, passed through their filters and cooldowns, and becomes a
// notification with a pending delivery per channel. Resolves close the triggers still open.

import type { Kysely, Transaction } from 'kysely';
import type { Schema } from '../storage/schema.ts';
import { buildMessage } from './alert-message.ts';
import type { MessageKind } from './channels/channel.ts';
import { issueFacts, issueMatchesFilters } from './issue-facts.repository.ts';
import { channelIdsOf, insertNotification, markResolved, openTriggers } from './notifications.repository.ts';
import { claimOutboxRow, type OutboxRow, pendingOutbox, projectName } from './outbox.repository.ts';
import {
  type Action,
  type ConditionKind,
  dedupKeyOf,
  type Filters,
  ruleHears,
  type Signal,
  signalOf,
  subjectOf,
} from './rule.ts';
import {
  type ChannelRow,
  ensureAlertDefaults,
  listChannels,
  listRules,
  type RuleRow,
  takeCooldown,
} from './rules.repository.ts';

type Trx = Transaction<Schema>;
const BATCH = 200;

/** The channels an action list names, among the project's. */
export function channelsForActions(actions: readonly Action[], channels: readonly ChannelRow[]): number[] {
  const ids = new Set<number>();
  for (const action of actions) {
    for (const channel of channels) {
      if ('channelId' in action ? channel.id === action.channelId : channel.kind === action.channelKind)
        ids.add(channel.id);
    }
  }
  return [...ids];
}

/** Reads what the outbox holds; returns how many rows this instance processed. */
export async function dispatchOutbox(db: Kysely<Schema>, publicUrl: string, nowMs: number): Promise<number> {
  const rows = await pendingOutbox(db, BATCH);
  for (const projectId of new Set(rows.map((r) => r.project_id)))
    await ensureAlertDefaults(db, projectId, nowMs);
  let processed = 0;
  for (const row of rows) {
    const done = await db.transaction().execute(async (trx) => {
      if (!(await claimOutboxRow(trx, row.id, nowMs))) return false;
      await dispatchRow(trx, row, publicUrl, nowMs);
      return true;
    });
    if (done) processed += 1;
  }
  return processed;
}

async function dispatchRow(trx: Trx, row: OutboxRow, publicUrl: string, nowMs: number): Promise<void> {
  const payload = JSON.parse(row.payload) as Record<string, unknown>;
  const signal = signalOf(row.topic, row.issue_id, payload);
  if (!signal) return;
  const project = await projectName(trx, row.project_id);
  if (!project) return;
  const context: Context = {
    trx,
    projectId: row.project_id,
    projectName: project.name,
    payload,
    publicUrl,
    nowMs,
    issue: signal.issueId === null ? undefined : await issueFacts(trx, signal.issueId),
  };
  if (signal.kind === 'trigger') await trigger(context, signal);
  else await resolve(context, signal);
}

interface Context {
  trx: Trx;
  projectId: number;
  projectName: string;
  payload: Record<string, unknown>;
  publicUrl: string;
  nowMs: number;
  issue: Awaited<ReturnType<typeof issueFacts>>;
}

function message(
  context: Context,
  kind: MessageKind,
  condition: ConditionKind,
  dedupKey: string,
  ruleName: string,
) {
  return buildMessage({
    kind,
    condition,
    dedupKey,
    projectId: context.projectId,
    projectName: context.projectName,
    ruleName,
    issue: context.issue,
    payload: context.payload,
    publicUrl: context.publicUrl,
    atMs: context.nowMs,
  });
}

async function hears(context: Context, rule: RuleRow, condition: ConditionKind, issueId: number | null) {
  if (rule.enabled !== 1 || !ruleHears({ conditions: JSON.parse(rule.conditions) }, condition)) return false;
  // A threshold crossing is meant for the rule that watches it.
  if (condition === 'event_count' && context.payload.ruleId !== rule.id) return false;
  // Filters describe issues; project-wide conditions have none to pass.
  if (issueId === null) return true;
  return issueMatchesFilters(context.trx, issueId, JSON.parse(rule.filters) as Filters, context.nowMs);
}

async function trigger(context: Context, signal: Extract<Signal, { kind: 'trigger' }>): Promise<void> {
  const { trx, projectId, nowMs } = context;
  const { condition, issueId } = signal;
  const channels = await listChannels(trx, projectId);
  for (const rule of await listRules(trx, projectId)) {
    if (!(await hears(context, rule, condition, issueId))) continue;
    if (!(await takeCooldown(trx, rule.id, subjectOf(issueId), nowMs, rule.cooldown_minutes * 60_000)))
      continue;
    const dedupKey = dedupKeyOf(projectId, rule.id, condition, issueId);
    // Still open from before the cooldown: the channels already know; a new trigger updates the same alert.
    await insertNotification(
      trx,
      {
        projectId,
        ruleId: rule.id,
        issueId,
        condition,
        message: message(context, 'trigger', condition, dedupKey, rule.name),
        atMs: nowMs,
      },
      channelsForActions(JSON.parse(rule.actions) as Action[], channels),
    );
  }
}

async function resolve(context: Context, signal: Extract<Signal, { kind: 'resolve' }>): Promise<void> {
  const { trx, projectId, nowMs } = context;
  const rules = new Map((await listRules(trx, projectId)).map((r) => [r.id, r]));
  for (const open of await openTriggers(trx, projectId, signal.issueId, signal.condition)) {
    if (!(await markResolved(trx, open.id, nowMs))) continue;
    const condition = open.condition as ConditionKind;
    const ruleName = (open.rule_id !== null ? rules.get(open.rule_id)?.name : undefined) ?? 'deleted rule';
    await insertNotification(
      trx,
      {
        projectId,
        ruleId: open.rule_id,
        issueId: open.issue_id,
        condition,
        message: message(context, 'resolve', condition, open.dedup_key, ruleName),
        atMs: nowMs,
      },
      await channelIdsOf(trx, open.id),
    );
  }
}
