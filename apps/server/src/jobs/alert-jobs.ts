// The alerting's periodic jobs: spike detection (each project-minute evaluated once, missed minutes caught
// up) and alert delivery (the outbox read into notifications, the weekly digests queued when due, then
// due deliveries attempted).

import type { FastifyBaseLogger } from 'fastify';
import type { DeliveryDeps } from '../alerts/delivery.ts';
import { deliverDue } from '../alerts/delivery.ts';
import { dispatchOutbox } from '../alerts/dispatch.ts';
import { evaluateSpikes } from '../alerts/spike-evaluation.ts';
import { queueWeeklyDigests } from '../alerts/weekly-digest.ts';
import type { PeriodicJob } from './scheduler.ts';

/** Often enough that a minute is evaluated a few seconds after it ends; the cursor keeps it to once. */
export const SPIKE_DETECTION_INTERVAL_MS = 15_000;
export const ALERT_DELIVERY_INTERVAL_MS = 10_000;

export function spikeDetectionJob(deps: DeliveryDeps): PeriodicJob {
  return {
    name: 'spike-detection',
    intervalMs: SPIKE_DETECTION_INTERVAL_MS,
    run: ({ nowMs, signal }) => evaluateSpikes(deps.db, nowMs, signal).then(() => {}),
  };
}

export function alertDeliveryJob(deps: DeliveryDeps, log: FastifyBaseLogger): PeriodicJob {
  return {
    name: 'alert-delivery',
    intervalMs: ALERT_DELIVERY_INTERVAL_MS,
    run: async ({ nowMs, signal }) => {
      await dispatchOutbox(deps.db, deps.publicUrl, nowMs);
      await queueWeeklyDigests(deps.db, deps.publicUrl, nowMs);
      const outcomes = await deliverDue(deps, nowMs, signal);
      for (const [id, result] of outcomes) {
        if (result.outcome !== 'delivered') log.warn({ delivery: id, ...result }, 'alert delivery failed');
      }
    },
  };
}
