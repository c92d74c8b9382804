// A project's alert settings, rules and channels. The settings row doubles as the mark that the project's
// default rules were written: the first to insert it writes them, once, whichever instance gets there.

import type { Kysely, Selectable, Transaction } from 'kysely';
import { inbox } from '../issues/search/compile.ts';
import type { AlertChannelTable, AlertRuleTable, Schema } from '../storage/schema.ts';
import { type ChannelKind, DEFAULT_RULES, type RuleDefinition } from './rule.ts';
import { DEFAULT_FALSE_PAGES_PER_DAY } from './spike-detector.ts';

type Db = Kysely<Schema> | Transaction<Schema>;
export type RuleRow = Selectable<AlertRuleTable>;
export type ChannelRow = Selectable<AlertChannelTable>;

export interface AlertSettings {
  falsePagesPerDay: number;
  escalationChannelId: number | null;
  /** The weekly triage digest: its channel (null: none) and when on Monday it goes out, minutes after 00:00 UTC. */
  weeklyDigest: { channelId: number | null; minuteOfMonday: number };
}

/** Write the project's settings and default rules if it has none yet. */
export async function ensureAlertDefaults(
  db: Kysely<Schema>,
  projectId: number,
  nowMs: number,
): Promise<void> {
  const existing = await db
    .selectFrom('alert_settings')
    .select('project_id')
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  if (existing) return;
  await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('alert_settings')
      .values({
        project_id: projectId,
        false_pages_per_day: DEFAULT_FALSE_PAGES_PER_DAY,
        escalation_channel_id: null,
        weekly_channel_id: null,
        weekly_last_week: null,
        updated_at: nowMs,
      })
      .onConflict((oc) => oc.column('project_id').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return;
    for (const rule of DEFAULT_RULES) await insertRule(trx, projectId, rule, nowMs);
  });
}

export async function alertSettingsOf(db: Db, projectId: number): Promise<AlertSettings> {
  const row = await db
    .selectFrom('alert_settings')
    .select(['false_pages_per_day', 'escalation_channel_id', 'weekly_channel_id', 'weekly_minute'])
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return {
    falsePagesPerDay: row?.false_pages_per_day ?? DEFAULT_FALSE_PAGES_PER_DAY,
    escalationChannelId: row?.escalation_channel_id ?? null,
    weeklyDigest: { channelId: row?.weekly_channel_id ?? null, minuteOfMonday: row?.weekly_minute ?? 540 },
  };
}

/** Settings of many projects at once (the detection job's). */
export async function falsePageBudgets(db: Db, projectIds: readonly number[]): Promise<Map<number, number>> {
  if (projectIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('alert_settings')
    .select(['project_id', 'false_pages_per_day'])
    .where('project_id', 'in', [...projectIds])
    .execute();
  return new Map(rows.map((r) => [r.project_id, r.false_pages_per_day]));
}

export async function saveAlertSettings(db: Db, projectId: number, settings: AlertSettings, nowMs: number) {
  await db
    .updateTable('alert_settings')
    .set({
      false_pages_per_day: settings.falsePagesPerDay,
      escalation_channel_id: settings.escalationChannelId,
      weekly_channel_id: settings.weeklyDigest.channelId,
      weekly_minute: settings.weeklyDigest.minuteOfMonday,
      updated_at: nowMs,
    })
    .where('project_id', '=', projectId)
    .execute();
}

const ruleColumns = (rule: RuleDefinition, nowMs: number) => ({
  name: rule.name,
  enabled: rule.enabled ? 1 : 0,
  conditions: JSON.stringify(rule.conditions),
  filters: JSON.stringify(rule.filters),
  actions: JSON.stringify(rule.actions),
  cooldown_minutes: rule.cooldownMinutes,
  updated_at: nowMs,
});

export async function insertRule(db: Db, projectId: number, rule: RuleDefinition, nowMs: number) {
  return db
    .insertInto('alert_rules')
    .values({ project_id: projectId, created_at: nowMs, ...ruleColumns(rule, nowMs) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateRule(db: Db, projectId: number, id: number, rule: RuleDefinition, nowMs: number) {
  return db
    .updateTable('alert_rules')
    .set(ruleColumns(rule, nowMs))
    .where('id', '=', id)
    .where('project_id', '=', projectId)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteRule(db: Db, projectId: number, id: number): Promise<boolean> {
  const result = await db
    .deleteFrom('alert_rules')
    .where('id', '=', id)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export function listRules(db: Db, projectId: number): Promise<RuleRow[]> {
  return db.selectFrom('alert_rules').selectAll().where('project_id', '=', projectId).orderBy('id').execute();
}

export function findRule(db: Db, projectId: number, id: number): Promise<RuleRow | undefined> {
  return db
    .selectFrom('alert_rules')
    .selectAll()
    .where('id', '=', id)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
}

export function listChannels(db: Db, projectId: number): Promise<ChannelRow[]> {
  return db
    .selectFrom('alert_channels')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('id')
    .execute();
}

export function findChannel(db: Db, projectId: number, id: number): Promise<ChannelRow | undefined> {
  return db
    .selectFrom('alert_channels')
    .selectAll()
    .where('id', '=', id)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
}

export interface ChannelColumns {
  kind: ChannelKind;
  name: string;
  /** Sealed by the caller, bound to the channel's id: see channelSecretContext. */
  sealTarget: (id: number) => string;
  details: Record<string, unknown>;
}

export async function insertChannel(
  db: Kysely<Schema>,
  projectId: number,
  channel: ChannelColumns,
  nowMs: number,
) {
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('alert_channels')
      .values({
        project_id: projectId,
        kind: channel.kind,
        name: channel.name,
        target_ciphertext: '',
        details: JSON.stringify(channel.details),
        created_at: nowMs,
        updated_at: nowMs,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return trx
      .updateTable('alert_channels')
      .set({ target_ciphertext: channel.sealTarget(id) })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

export async function updateChannel(
  db: Db,
  projectId: number,
  id: number,
  change: { name: string; target?: { sealed: string; details: Record<string, unknown> } },
  nowMs: number,
) {
  return db
    .updateTable('alert_channels')
    .set({
      name: change.name,
      updated_at: nowMs,
      ...(change.target
        ? { target_ciphertext: change.target.sealed, details: JSON.stringify(change.target.details) }
        : {}),
    })
    .where('id', '=', id)
    .where('project_id', '=', projectId)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteChannel(db: Db, projectId: number, id: number): Promise<boolean> {
  const result = await db
    .deleteFrom('alert_channels')
    .where('id', '=', id)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * Take the cooldown of a rule on a subject: true when it may notify now (never did, or the cooldown has
 * passed), and then the cooldown starts. A compare-and-set, so two instances never both notify.
 */
export async function takeCooldown(
  db: Db,
  ruleId: number,
  subject: string,
  nowMs: number,
  cooldownMs: number,
): Promise<boolean> {
  const inserted = await db
    .insertInto('alert_rule_fires')
    .values({ rule_id: ruleId, subject, last_fired_at: nowMs })
    .onConflict((oc) => oc.columns(['rule_id', 'subject']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return true;
  const updated = await db
    .updateTable('alert_rule_fires')
    .set({ last_fired_at: nowMs })
    .where('rule_id', '=', ruleId)
    .where('subject', '=', subject)
    .where('last_fired_at', '<=', nowMs - cooldownMs)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) > 0;
}

/** Projects with a weekly digest, and when it last went out. */
export function weeklyDigestProjects(db: Db) {
  return db
    .selectFrom('alert_settings')
    .select(['project_id', 'weekly_channel_id', 'weekly_minute', 'weekly_last_week'])
    .where('weekly_channel_id', 'is not', null)
    .execute();
}

/** Take this week's digest of a project: true for the one instance that sends it. */
export async function claimWeeklyDigest(db: Db, projectId: number, week: number): Promise<boolean> {
  const result = await db
    .updateTable('alert_settings')
    .set({ weekly_last_week: week })
    .where('project_id', '=', projectId)
    .where((eb) => eb.or([eb('weekly_last_week', 'is', null), eb('weekly_last_week', '<', week)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Issues in the project's inbox now, by why they are there (new, regressed, unsnoozed, escalating). */
export async function inboxByReason(db: Db, projectId: number): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('issues')
    .select(['inbox_reason', (eb) => eb.fn.countAll<number>().as('count')])
    .where('project_id', '=', projectId)
    .where('merged_into_id', 'is', null)
    .where(inbox)
    .groupBy('inbox_reason')
    .execute();
  return new Map(rows.map((r) => [r.inbox_reason ?? 'new', Number(r.count)]));
}
