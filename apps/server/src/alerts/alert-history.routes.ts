// The alert history: every notification that fired (when, which rule, why, every delivery attempt, when it
// resolved), the dead-letter list with "retry", and the spike detector's decisions with their numbers.

import { Type } from 'typebox';
import { errorResponses, IdParam, iso } from '../api/schemas.ts';
import { authorize } from '../auth/access.ts';
import { formatCustomerKey, parseCustomerKey } from '../customers/customer-key.ts';
import { VigieError } from '../errors.ts';
import type { RoutePlugin } from '../http.ts';
import { deliveryDepsOf } from './alert-deps.ts';
import { presentDelivery, presentNotification } from './alerts.presenter.ts';
import { projectFor } from './alerts.routes.ts';
import { Delivery, Notification } from './alerts.schemas.ts';
import { deliverDue } from './delivery.ts';
import { escalationKeyOf } from './escalation.routes.ts';
import {
  deliveriesOf,
  findDeliveryInProject,
  listNotifications,
  retryDelivery,
} from './notifications.repository.ts';
import { listDecisions } from './spike.repository.ts';
import type { Decision } from './spike-detector.ts';

const Limit = Type.Integer({ minimum: 1, maximum: 100, default: 25 });
const Before = Type.Optional(
  Type.String({ pattern: '^[0-9]+$', description: '`next` of the previous page.' }),
);

const WindowTest = Type.Object({
  window: Type.Integer({ description: 'Minutes.' }),
  observed: Type.Integer(),
  expected: Type.Number(),
  threshold: Type.Integer(),
  pValue: Type.Number(),
  above: Type.Boolean(),
});

const SpikeDecision = Type.Object({
  id: Type.Integer(),
  issueId: Type.Union([Type.Integer(), Type.Null()], { description: 'null: the whole project.' }),
  minute: Type.String({ format: 'date-time' }),
  outcome: Type.Enum(['fired', 'above', 'quiet', 'resolved', 'below']),
  spikeId: Type.Union([Type.Integer(), Type.Null()]),
  baseline: Type.Number({ description: 'Events a minute expected.' }),
  alpha: Type.Number({ description: 'The per-test false-positive rate from the false-page budget.' }),
  falsePagesPerDay: Type.Number(),
  subjectsTested: Type.Integer(),
  conservative: Type.Boolean({ description: 'New subject, judged by the conservative rule.' }),
  minCount: Type.Integer(),
  quietMinutes: Type.Integer(),
  windows: Type.Array(WindowTest),
});

export const alertHistoryRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps.database;
  const delivery = deliveryDepsOf(deps.database, deps.config);

  app.get(
    '/api/v1/projects/:id/alerts',
    {
      schema: {
        description:
          'Every alert that fired, newest first: rule, why (the numbers), each delivery attempt and its outcome.',
        params: IdParam,
        querystring: Type.Object({
          cursor: Before,
          limit: Limit,
          issue: Type.Optional(Type.String({ pattern: '^[0-9]+$' })),
          kind: Type.Optional(Type.Enum(['trigger', 'resolve', 'test', 'digest', 'escalation', 'weekly'])),
          customer: Type.Optional(
            Type.String({
              maxLength: 500,
              description: 'Only the escalations about this customer (`id:…` or `email:…`).',
            }),
          ),
        }),
        response: {
          200: Type.Object({
            alerts: Type.Array(Notification),
            next: Type.Union([Type.String(), Type.Null()]),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const project = await projectFor(db, request.params.id);
      await authorize(db, request.caller, project.id, 'read');
      const { cursor, limit, issue, kind, customer } = request.query;
      const rows = await listNotifications(db, project.id, {
        beforeId: cursor === undefined ? null : Number(cursor),
        limit,
        issueId: issue === undefined ? undefined : Number(issue),
        kind: customer === undefined ? kind : 'escalation',
        dedupKey:
          customer === undefined
            ? undefined
            : escalationKeyOf(formatCustomerKey(parseCustomerKey(customer)), undefined),
      });
      const page = rows.slice(0, limit);
      const deliveries = await deliveriesOf(db, { notificationIds: page.map((r) => r.id) });
      return {
        alerts: page.map((r) => presentNotification(r, deliveries)),
        next: rows.length > limit ? String(page.at(-1)!.id) : null,
      };
    },
  );

  app.get(
    '/api/v1/projects/:id/alert-deliveries',
    {
      schema: {
        description:
          'The dead-letter list: deliveries that failed for good or gave up after 24 hours of retries.',
        params: IdParam,
        response: { 200: Type.Object({ deliveries: Type.Array(Delivery) }), ...errorResponses },
      },
    },
    async (request) => {
      const project = await projectFor(db, request.params.id);
      await authorize(db, request.caller, project.id, 'read');
      return { deliveries: (await deliveriesOf(db, { deadIn: project.id })).map(presentDelivery) };
    },
  );

  app.post(
    '/api/v1/projects/:id/alert-deliveries/:deliveryId/retry',
    {
      schema: {
        description: 'Attempt a dead delivery again now (and, failing, retry it for another 24 hours).',
        params: Type.Object({
          id: Type.String({ pattern: '^[0-9]+$' }),
          deliveryId: Type.String({ pattern: '^[0-9]+$' }),
        }),
        response: { 200: Delivery, ...errorResponses },
      },
    },
    async (request) => {
      const project = await projectFor(db, request.params.id);
      await authorize(db, request.caller, project.id, 'manage');
      const id = Number(request.params.deliveryId);
      const found = await findDeliveryInProject(db, project.id, id);
      if (!found) throw new VigieError('alert_delivery_not_found', { id });
      if (found.status !== 'dead') {
        throw new VigieError('invalid_alert_channel', {
          message: `Delivery ${id} is ${found.status}, not dead: nothing to retry.`,
        });
      }
      const now = Date.now();
      await retryDelivery(db, project.id, id, now);
      await deliverDue(delivery, now, AbortSignal.timeout(15_000), [id]);
      const [row] = (await deliveriesOf(db, { notificationIds: [found.notification_id] })).filter(
        (d) => d.id === id,
      );
      return presentDelivery(row!);
    },
  );

  app.get(
    '/api/v1/projects/:id/spike-decisions',
    {
      schema: {
        description:
          "The spike detector's decisions, newest first, with the numbers behind each: observed count, expected " +
          'count, threshold, p-value and α per window. Minutes where nothing reached the minimum count are not kept.',
        params: IdParam,
        querystring: Type.Object({
          issue: Type.Optional(
            Type.String({ pattern: '^[0-9]+$', description: 'An issue id; 0 for the project as a whole.' }),
          ),
          spike: Type.Optional(Type.String({ pattern: '^[0-9]+$' })),
          cursor: Before,
          limit: Limit,
        }),
        response: {
          200: Type.Object({
            decisions: Type.Array(SpikeDecision),
            next: Type.Union([Type.String(), Type.Null()]),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const project = await projectFor(db, request.params.id);
      await authorize(db, request.caller, project.id, 'read');
      const { issue, spike, cursor, limit } = request.query;
      const rows = await listDecisions(db, project.id, {
        issueId: issue === undefined ? undefined : Number(issue),
        spikeId: spike === undefined ? undefined : Number(spike),
        beforeId: cursor === undefined ? null : Number(cursor),
        limit,
      });
      const page = rows.slice(0, limit);
      return {
        decisions: page.map((r) => {
          const d = JSON.parse(r.numbers) as Decision;
          return {
            ...d,
            windows: [...d.windows],
            id: r.id,
            issueId: r.issue_id === 0 ? null : r.issue_id,
            minute: iso(r.minute * 60_000),
            spikeId: r.spike_id,
          };
        }),
        next: rows.length > limit ? String(page.at(-1)!.id) : null,
      };
    },
  );
};
