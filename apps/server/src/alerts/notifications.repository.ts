// Alerts that fired (notifications), their deliveries to channels and every attempt: written by dispatch,
// claimed and updated by delivery, read by the history API. Claims are compare-and-sets, so with several
// instances each delivery is attempted by one at a time.

import type { Kysely, Selectable, Transaction } from 'kysely';
import type { AlertDeliveryTable, AlertNotificationTable, Schema } from '../storage/schema.ts';
import type { AlertMessage } from './channels/channel.ts';
import type { ConditionKind } from './rule.ts';

type Db = Kysely<Schema> | Transaction<Schema>;
export type NotificationRow = Selectable<AlertNotificationTable>;
export type DeliveryRow = Selectable<AlertDeliveryTable>;

export interface NewNotification {
  projectId: number;
  ruleId: number | null;
  issueId: number | null;
  condition: ConditionKind | 'test' | 'digest' | 'escalation' | 'weekly';
  message: AlertMessage;
  atMs: number;
}

/** A notification and one pending delivery per channel; the delivery ids are the idempotency keys' source. */
export async function insertNotification(db: Db, n: NewNotification, channelIds: readonly number[]) {
  const row = await db
    .insertInto('alert_notifications')
    .values({
      project_id: n.projectId,
      rule_id: n.ruleId,
      issue_id: n.issueId,
      kind: n.message.kind,
      condition: n.condition,
      dedup_key: n.message.dedupKey,
      message: JSON.stringify(n.message),
      created_at: n.atMs,
      resolved_at: null,
      digest_id: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const deliveries: DeliveryRow[] = [];
  for (const channelId of new Set(channelIds)) {
    deliveries.push(
      await db
        .insertInto('alert_deliveries')
        .values({
          notification_id: row.id,
          channel_id: channelId,
          message_id: `msg_${row.id}_${channelId}`,
          status: 'pending',
          attempts: 0,
          next_attempt_at: n.atMs,
          claimed_until: 0,
          last_error: null,
          created_at: n.atMs,
          delivered_at: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow(),
    );
  }
  return { notification: row, deliveries };
}

/** Triggers still open about an issue (or the project), of one condition or all: what a resolve closes. */
export function openTriggers(
  db: Db,
  projectId: number,
  issueId: number | null,
  condition: ConditionKind | null,
) {
  let query = db
    .selectFrom('alert_notifications')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('kind', '=', 'trigger')
    .where('resolved_at', 'is', null);
  query = issueId === null ? query.where('issue_id', 'is', null) : query.where('issue_id', '=', issueId);
  if (condition !== null) query = query.where('condition', '=', condition);
  return query.orderBy('id').execute();
}

/** Close a trigger; false when another instance closed it first. */
export async function markResolved(db: Db, notificationId: number, atMs: number): Promise<boolean> {
  const result = await db
    .updateTable('alert_notifications')
    .set({ resolved_at: atMs })
    .where('id', '=', notificationId)
    .where('resolved_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function channelIdsOf(db: Db, notificationId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('alert_deliveries')
    .select('channel_id')
    .where('notification_id', '=', notificationId)
    .execute();
  return rows.map((r) => r.channel_id);
}

/** Pending deliveries due now and not claimed, oldest first. */
export function dueDeliveries(db: Db, nowMs: number, limit: number) {
  return db
    .selectFrom('alert_deliveries as d')
    .innerJoin('alert_notifications as n', 'n.id', 'd.notification_id')
    .innerJoin('alert_channels as c', 'c.id', 'd.channel_id')
    .select([
      'd.id',
      'd.notification_id',
      'd.channel_id',
      'd.message_id',
      'd.attempts',
      'd.created_at',
      'n.kind',
      'n.project_id',
      'n.message',
      'c.kind as channel_kind',
      'c.target_ciphertext',
    ])
    .where('d.status', '=', 'pending')
    .where('d.next_attempt_at', '<=', nowMs)
    .where('d.claimed_until', '<=', nowMs)
    .orderBy('d.id')
    .limit(limit)
    .execute();
}
export type DueDelivery = Awaited<ReturnType<typeof dueDeliveries>>[number];

/** Claim a delivery for one attempt; false when another instance has it. */
export async function claimDelivery(db: Db, id: number, nowMs: number, untilMs: number): Promise<boolean> {
  const result = await db
    .updateTable('alert_deliveries')
    .set({ claimed_until: untilMs })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('claimed_until', '<=', nowMs)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export interface AttemptRecord {
  deliveryId: number;
  atMs: number;
  outcome: 'delivered' | 'retry' | 'permanent';
  statusCode: number | null;
  error: string | null;
  /** What becomes of the delivery: delivered, pending again at nextAttemptAt, or dead. */
  status: 'delivered' | 'pending' | 'dead';
  nextAttemptAt: number;
}

export async function recordAttempt(db: Db, a: AttemptRecord): Promise<void> {
  await db
    .insertInto('alert_attempts')
    .values({
      delivery_id: a.deliveryId,
      at: a.atMs,
      outcome: a.outcome,
      status_code: a.statusCode,
      error: a.error === null ? null : a.error.slice(0, 1000),
    })
    .execute();
  await db
    .updateTable('alert_deliveries')
    .set((eb) => ({
      status: a.status,
      attempts: eb('attempts', '+', 1),
      next_attempt_at: a.nextAttemptAt,
      claimed_until: 0,
      last_error: a.error === null ? null : a.error.slice(0, 1000),
      delivered_at: a.status === 'delivered' ? a.atMs : null,
    }))
    .where('id', '=', a.deliveryId)
    .execute();
}

/** Deliveries folded into a digest: delivered through it, with the digest's id on their notifications. */
export async function foldIntoDigest(db: Db, deliveryIds: readonly number[], digestId: number, atMs: number) {
  if (deliveryIds.length === 0) return;
  await db
    .updateTable('alert_deliveries')
    .set({ status: 'delivered', delivered_at: atMs, claimed_until: 0, last_error: null })
    .where('id', 'in', [...deliveryIds])
    .execute();
  const notifications = await db
    .selectFrom('alert_deliveries')
    .select('notification_id')
    .where('id', 'in', [...deliveryIds])
    .execute();
  await db
    .updateTable('alert_notifications')
    .set({ digest_id: digestId })
    .where(
      'id',
      'in',
      notifications.map((n) => n.notification_id),
    )
    .execute();
}

/** A dead delivery back to pending, due now, with a new 24-hour window of retries. */
export async function retryDelivery(db: Db, projectId: number, id: number, nowMs: number): Promise<boolean> {
  const inProject = db.selectFrom('alert_notifications').select('id').where('project_id', '=', projectId);
  const result = await db
    .updateTable('alert_deliveries')
    .set({ status: 'pending', next_attempt_at: nowMs, claimed_until: 0, created_at: nowMs })
    .where('id', '=', id)
    .where('status', '=', 'dead')
    .where('notification_id', 'in', inProject)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export function findDeliveryInProject(db: Db, projectId: number, id: number) {
  return db
    .selectFrom('alert_deliveries as d')
    .innerJoin('alert_notifications as n', 'n.id', 'd.notification_id')
    .select(['d.id', 'd.status', 'd.notification_id'])
    .where('d.id', '=', id)
    .where('n.project_id', '=', projectId)
    .executeTakeFirst();
}

/** A page of a project's notifications, newest first; `limit + 1` rows so the caller knows if more follow. */
export function listNotifications(
  db: Db,
  projectId: number,
  options: {
    beforeId: number | null;
    limit: number;
    issueId?: number | undefined;
    kind?: string | undefined;
    dedupKey?: string | undefined;
  },
) {
  let query = db
    .selectFrom('alert_notifications as n')
    .leftJoin('alert_rules as r', 'r.id', 'n.rule_id')
    .selectAll('n')
    .select('r.name as rule_name')
    .where('n.project_id', '=', projectId);
  if (options.beforeId !== null) query = query.where('n.id', '<', options.beforeId);
  if (options.issueId !== undefined) query = query.where('n.issue_id', '=', options.issueId);
  if (options.kind !== undefined) query = query.where('n.kind', '=', options.kind);
  if (options.dedupKey !== undefined) query = query.where('n.dedup_key', '=', options.dedupKey);
  return query
    .orderBy('n.id', 'desc')
    .limit(options.limit + 1)
    .execute();
}
export type ListedNotification = Awaited<ReturnType<typeof listNotifications>>[number];

/** The deliveries of some notifications (or the dead ones of a project), with their channel and attempts. */
export async function deliveriesOf(
  db: Db,
  filter: { notificationIds: readonly number[] } | { deadIn: number },
) {
  let query = db
    .selectFrom('alert_deliveries as d')
    .innerJoin('alert_channels as c', 'c.id', 'd.channel_id')
    .select([
      'd.id',
      'd.notification_id',
      'd.channel_id',
      'd.status',
      'd.last_error',
      'd.next_attempt_at',
      'c.name as channel_name',
      'c.kind as channel_kind',
    ]);
  if ('notificationIds' in filter) {
    if (filter.notificationIds.length === 0) return [];
    query = query.where('d.notification_id', 'in', [...filter.notificationIds]);
  } else {
    query = query.where('d.status', '=', 'dead').where('c.project_id', '=', filter.deadIn);
  }
  const deliveries = await query.orderBy('d.id').limit(500).execute();
  const ids = deliveries.map((d) => d.id);
  const attempts =
    ids.length === 0
      ? []
      : await db
          .selectFrom('alert_attempts')
          .selectAll()
          .where('delivery_id', 'in', ids)
          .orderBy('id')
          .execute();
  return deliveries.map((d) => ({ ...d, attempts: attempts.filter((a) => a.delivery_id === d.id) }));
}
export type DeliveryWithAttempts = Awaited<ReturnType<typeof deliveriesOf>>[number];

export function findNotifications(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('alert_notifications as n')
    .leftJoin('alert_rules as r', 'r.id', 'n.rule_id')
    .selectAll('n')
    .select('r.name as rule_name')
    .where('n.id', 'in', [...ids])
    .orderBy('n.id', 'desc')
    .execute();
}
