// Delivers pending notifications: each due delivery is claimed (compare-and-set) and attempted by one
// instance; failures worth retrying come back with exponential backoff and jitter for 24 hours, then the
// delivery is dead and shown for a person to retry. Many first attempts to one chat, e-mail or webhook
// channel at once become one digest (PagerDuty keeps one alert per dedup key, so it is never digested).

import type { KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema } from '../storage/schema.ts';
import { buildDigest, projectIssuesUrl } from './alert-message.ts';
import { openTarget } from './channel-target.ts';
import type { AlertMessage, DeliveryResult } from './channels/channel.ts';
import type { Channels } from './channels/channels.ts';
import {
  claimDelivery,
  type DueDelivery,
  dueDeliveries,
  foldIntoDigest,
  insertNotification,
  recordAttempt,
} from './notifications.repository.ts';
import { projectName } from './outbox.repository.ts';
import type { ChannelKind } from './rule.ts';

export const RETRY_WINDOW_MS = 24 * 3_600_000;
const FIRST_RETRY_MS = 10_000;
const LONGEST_WAIT_MS = 3_600_000;
/** How long a claim holds a delivery: past the request timeout, so a slow attempt is not made twice. */
const CLAIM_MS = 60_000;
/** This many first attempts to one channel at once are sent as one digest. */
export const DIGEST_AT = 4;
const BATCH = 100;

export interface DeliveryDeps {
  readonly db: Kysely<Schema>;
  readonly channels: Channels;
  readonly secretKey: () => KeyObject;
  readonly allowPrivate: boolean;
  readonly publicUrl: string;
  /** Jitter's source; tests pass a fixed one. */
  readonly random?: () => number;
}

/** The wait before attempt `attempts + 1`: doubling from 10 s up to an hour, with jitter of up to half. */
export function backoffMs(attempts: number, random: number): number {
  const base = Math.min(LONGEST_WAIT_MS, FIRST_RETRY_MS * 2 ** attempts);
  return Math.round(base * (0.5 + random / 2));
}

/** Attempt every due delivery (or only these ids); returns the outcomes by delivery id. */
export async function deliverDue(
  deps: DeliveryDeps,
  nowMs: number,
  signal: AbortSignal,
  onlyIds?: readonly number[],
): Promise<Map<number, DeliveryResult>> {
  const due = (await dueDeliveries(deps.db, nowMs, BATCH)).filter((d) => !onlyIds || onlyIds.includes(d.id));
  const claimed: DueDelivery[] = [];
  for (const d of due) if (await claimDelivery(deps.db, d.id, nowMs, nowMs + CLAIM_MS)) claimed.push(d);
  const toSend = onlyIds ? claimed : await digestCrowds(deps, claimed, nowMs);
  const outcomes = new Map<number, DeliveryResult>();
  await Promise.all(
    toSend.map(async (d) => {
      const result = await attempt(deps, d, nowMs, signal);
      outcomes.set(d.id, result);
      await recordAttempt(deps.db, {
        deliveryId: d.id,
        atMs: nowMs,
        outcome: result.outcome,
        statusCode: result.status ?? null,
        error: result.outcome === 'delivered' ? null : result.error,
        ...nextState(d, result, nowMs, deps.random ?? Math.random),
      });
    }),
  );
  return outcomes;
}

function nextState(d: DueDelivery, result: DeliveryResult, nowMs: number, random: () => number) {
  if (result.outcome === 'delivered') return { status: 'delivered' as const, nextAttemptAt: nowMs };
  if (result.outcome === 'permanent') return { status: 'dead' as const, nextAttemptAt: nowMs };
  const wait = Math.max(backoffMs(d.attempts, random()), result.retryAfterMs ?? 0);
  const at = nowMs + wait;
  return at - d.created_at > RETRY_WINDOW_MS
    ? { status: 'dead' as const, nextAttemptAt: nowMs }
    : { status: 'pending' as const, nextAttemptAt: at };
}

async function attempt(
  deps: DeliveryDeps,
  d: DueDelivery,
  nowMs: number,
  signal: AbortSignal,
): Promise<DeliveryResult> {
  const channel = deps.channels.get(d.channel_kind as ChannelKind);
  if (!channel) return { outcome: 'permanent', error: `no channel of kind ${d.channel_kind}` };
  try {
    const target = openTarget(deps.secretKey(), d.channel_id, d.target_ciphertext);
    const message = JSON.parse(d.message) as AlertMessage;
    return await channel.send(message, target, {
      messageId: d.message_id,
      nowMs,
      signal,
      allowPrivate: deps.allowPrivate,
    });
  } catch (error) {
    return { outcome: 'retry', error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * First attempts of triggers crowding one channel become one digest: a new notification with its own
 * delivery (sent now), and the crowd's deliveries marked delivered through it.
 */
async function digestCrowds(
  deps: DeliveryDeps,
  claimed: DueDelivery[],
  nowMs: number,
): Promise<DueDelivery[]> {
  const crowds = new Map<number, DueDelivery[]>();
  for (const d of claimed) {
    if (d.attempts !== 0 || d.kind !== 'trigger' || d.channel_kind === 'pagerduty') continue;
    crowds.set(d.channel_id, [...(crowds.get(d.channel_id) ?? []), d]);
  }
  let toSend = claimed;
  for (const [channelId, crowd] of crowds) {
    if (crowd.length < DIGEST_AT) continue;
    const first = crowd[0]!;
    const project = await projectName(deps.db, first.project_id);
    const digest = await deps.db.transaction().execute(async (trx) => {
      const message = buildDigest(
        crowd.map((d) => JSON.parse(d.message) as AlertMessage),
        {
          projectName: project?.name ?? '',
          projectUrl: projectIssuesUrl(deps.publicUrl, first.project_id),
          atMs: nowMs,
          dedupKey: `vigie/project-${first.project_id}/digest/${first.id}`,
        },
      );
      const created = await insertNotification(
        trx,
        {
          projectId: first.project_id,
          ruleId: null,
          issueId: null,
          condition: 'digest',
          message,
          atMs: nowMs,
        },
        [channelId],
      );
      await foldIntoDigest(
        trx,
        crowd.map((d) => d.id),
        created.notification.id,
        nowMs,
      );
      return created;
    });
    const delivery = digest.deliveries[0]!;
    if (!(await claimDelivery(deps.db, delivery.id, nowMs, nowMs + CLAIM_MS))) continue;
    const crowdIds = new Set(crowd.map((d) => d.id));
    toSend = toSend.filter((d) => !crowdIds.has(d.id));
    toSend.push({
      ...first,
      id: delivery.id,
      notification_id: digest.notification.id,
      message_id: delivery.message_id,
      attempts: 0,
      created_at: nowMs,
      kind: 'digest',
      message: digest.notification.message,
    });
  }
  return toSend;
}
