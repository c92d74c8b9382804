// "Ask the team": support posts a note to the project's escalation channel (Slack or webhook) with the
// customer, their latest errors and links. Recorded in the issue's activity and, by the customer's key, in
// the alert history, where the customer's page lists it.

import { Type } from 'typebox';
import { errorResponses, IdParam, iso } from '../api/schemas.ts';
import { authorize } from '../auth/access.ts';
import { formatCustomerKey, parseCustomerKey } from '../customers/customer-key.ts';
import { findCustomer } from '../customers/customers.repository.ts';
import { VigieError } from '../errors.ts';
import type { RoutePlugin } from '../http.ts';
import { actorOf, recordActivity } from '../issues/activity.repository.ts';
import { deliveryDepsOf } from './alert-deps.ts';
import { issueUrl, projectIssuesUrl } from './alert-message.ts';
import { projectFor, sendNow } from './alerts.routes.ts';
import { Notification } from './alerts.schemas.ts';
import type { AlertMessage } from './channels/channel.ts';
import { issueFacts } from './issue-facts.repository.ts';
import { alertSettingsOf } from './rules.repository.ts';

const EscalationInput = Type.Object({
  note: Type.String({
    minLength: 1,
    maxLength: 2000,
    description: "What the customer asked, in support's words.",
  }),
  customer: Type.Optional(
    Type.String({
      minLength: 4,
      maxLength: 500,
      description: 'The customer: `id:<user id>` or `email:<address>`.',
    }),
  ),
  issueId: Type.Optional(Type.Integer({ minimum: 1, description: 'The issue it is about, if any.' })),
});

/** The dedup key of a customer's escalations: the alert history finds them by it. */
export const escalationKeyOf = (customer: string | undefined, issueId: number | undefined) =>
  customer !== undefined ? `escalation:${customer}` : `escalation:issue-${issueId}`;

export const escalationRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps.database;
  const delivery = deliveryDepsOf(deps.database, deps.config);
  const { publicUrl } = deps.config;

  app.post(
    '/api/v1/projects/:id/escalations',
    {
      schema: {
        description:
          "Ask the team: post a note about a customer or an issue to the project's escalation channel, with the " +
          "customer's latest errors and links. Recorded in the issue's activity and in the alert history.",
        params: IdParam,
        body: EscalationInput,
        response: { 200: Notification, ...errorResponses },
      },
    },
    async (request) => {
      const project = await projectFor(db, request.params.id);
      await authorize(db, request.caller, project.id, 'lookup');
      const { note, issueId } = request.body;
      if (request.body.customer === undefined && issueId === undefined) {
        throw new VigieError('invalid_request', {
          message: 'body must name a customer or an issueId (or both).',
        });
      }
      const { escalationChannelId } = await alertSettingsOf(db, project.id);
      if (escalationChannelId === null) throw new VigieError('no_escalation_channel');
      const issue = issueId === undefined ? undefined : await issueFacts(db, issueId);
      if (issueId !== undefined && issue?.projectId !== project.id) {
        throw new VigieError('not_found', { thing: 'Issue', id: issueId });
      }
      const key = request.body.customer === undefined ? undefined : parseCustomerKey(request.body.customer);
      const customer = key === undefined ? undefined : formatCustomerKey(key);
      const record = key === undefined ? undefined : await findCustomer(db, key, [project.id], 5);
      const items = (record?.hits ?? []).map((hit) => {
        const row = record?.issues.find((i) => i.id === hit.issueId);
        return {
          title: row?.title ?? `Issue ${hit.issueId}`,
          url: issueUrl(publicUrl, hit.issueId),
          why: `${hit.events} events, last ${iso(hit.lastSeen)}`,
        };
      });
      const who = request.caller.email ?? 'an API token';
      const now = Date.now();
      const message: AlertMessage = {
        kind: 'escalation',
        dedupKey: escalationKeyOf(customer, issueId),
        title: customer ? `${customer}${issue ? ` · ${issue.title}` : ''}` : (issue?.title ?? project.name),
        projectName: project.name,
        ruleName: null,
        why: `${who}: ${note}`,
        level: issue?.level ?? null,
        culprit: issue?.culprit ?? null,
        environment: issue?.environment ?? null,
        release: issue?.release ?? null,
        counts: issue ? { events: issue.events, users: issue.users } : null,
        url: issue ? issueUrl(publicUrl, issue.id) : projectIssuesUrl(publicUrl, project.id),
        details: { note, askedBy: who, ...(customer ? { customer } : {}) },
        ...(items.length > 0 ? { items } : {}),
        occurredAt: new Date(now).toISOString(),
      };
      const sent = await sendNow(
        delivery,
        {
          projectId: project.id,
          ruleId: null,
          issueId: issueId ?? null,
          condition: 'escalation',
          message,
          atMs: now,
        },
        [escalationChannelId],
      );
      if (issueId !== undefined) {
        await recordActivity(db, {
          issueId,
          projectId: project.id,
          actor: actorOf(request.caller),
          kind: 'escalation',
          data: { note, ...(customer ? { customer } : {}), alertId: sent.id },
          atMs: now,
        });
      }
      return sent;
    },
  );
};
