// A project's alert rules, channels and settings; "send a test alert" for a rule or a channel.

import type { Kysely } from 'kysely';
import { type Static, Type } from 'typebox';
import { errorResponses, IdParam } from '../api/schemas.ts';
import { authorize, projectNotFound } from '../auth/access.ts';
import { VigieError } from '../errors.ts';
import type { App, RoutePlugin } from '../http.ts';
import { resolveSearchContext } from '../issues/search/compile-context.ts';
import { findProject } from '../projects/project.repository.ts';
import type { Schema } from '../storage/schema.ts';
import { deliveryDepsOf } from './alert-deps.ts';
import { buildMessage } from './alert-message.ts';
import { presentChannel, presentNotification, presentRule } from './alerts.presenter.ts';
import {
  Channel,
  ChannelIdParams,
  ChannelInput,
  ChannelUpdate,
  Notification,
  Rule,
  RuleIdParams,
  RuleInput,
  Settings,
  SettingsInput,
} from './alerts.schemas.ts';
import { buildTarget, openTarget, sealTarget } from './channel-target.ts';
import { type DeliveryDeps, deliverDue } from './delivery.ts';
import { channelsForActions } from './dispatch.ts';
import { filtersAsQuery, RULE_CALLER } from './issue-facts.repository.ts';
import { deliveriesOf, findNotifications, insertNotification } from './notifications.repository.ts';
import type { Action, ChannelKind, RuleDefinition } from './rule.ts';
import {
  type AlertSettings,
  alertSettingsOf,
  deleteChannel,
  deleteRule,
  ensureAlertDefaults,
  findChannel,
  findRule,
  insertChannel,
  insertRule,
  listChannels,
  listRules,
  saveAlertSettings,
  updateChannel,
  updateRule,
} from './rules.repository.ts';

type Db = Kysely<Schema>;

export async function projectFor(db: Db, id: string) {
  const project = await findProject(db, Number(id));
  if (!project) throw projectNotFound(id);
  return project;
}

const ruleNotFound = (id: string | number) => new VigieError('alert_rule_not_found', { id });
const channelNotFound = (id: string | number) => new VigieError('alert_channel_not_found', { id });

/** A rule as the API gave it, checked against the project: its query parses, its channels exist. */
async function checkedRule(
  db: Db,
  projectId: number,
  body: Static<typeof RuleInput>,
): Promise<RuleDefinition> {
  const filters = body.filters ?? {};
  const query = filtersAsQuery(filters, Date.now());
  if (query.terms.some((t) => t.kind === 'assigned' && t.targets.some((target) => target.kind === 'me'))) {
    throw new VigieError('invalid_alert_rule', {
      message: "filters.query: a rule has no 'me'; name the assignee (assigned:<email>).",
    });
  }
  await resolveSearchContext(db, query, RULE_CALLER);
  const channels = await listChannels(db, projectId);
  for (const action of body.actions) {
    if ('channelId' in action && !channels.some((c) => c.id === action.channelId)) {
      throw new VigieError('invalid_alert_rule', {
        message: `actions: channel ${action.channelId} does not exist in this project.`,
      });
    }
  }
  return {
    name: body.name.trim(),
    enabled: body.enabled,
    conditions: body.conditions,
    filters,
    actions: body.actions as Action[],
    cooldownMinutes: body.cooldownMinutes,
  };
}

/** A test notification to these channels, attempted at once; its history entry with the outcomes. */
export async function sendNow(
  delivery: DeliveryDeps,
  notification: Parameters<typeof insertNotification>[1],
  channelIds: readonly number[],
) {
  const { db } = delivery;
  const created = await insertNotification(db, notification, channelIds);
  await deliverDue(
    delivery,
    Date.now(),
    AbortSignal.timeout(15_000),
    created.deliveries.map((d) => d.id),
  );
  const [row] = await findNotifications(db, [created.notification.id]);
  return presentNotification(row!, await deliveriesOf(db, { notificationIds: [created.notification.id] }));
}

export const alertsRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps.database;
  const delivery = deliveryDepsOf(deps.database, deps.config);
  ruleRoutes(app, db, delivery);
  channelRoutes(
    app,
    db,
    delivery,
    deps.config.alerts.allowPrivateWebhooks,
    deps.config.alerts.smtp !== undefined,
  );

  app.get(
    '/api/v1/projects/:id/alert-settings',
    { schema: { params: IdParam, response: { 200: Settings, ...errorResponses } } },
    async (request) => {
      const project = await projectFor(db, request.params.id);
      await authorize(db, request.caller, project.id, 'read');
      await ensureAlertDefaults(db, project.id, Date.now());
      return presentSettings(await alertSettingsOf(db, project.id));
    },
  );

  app.put(
    '/api/v1/projects/:id/alert-settings',
    {
      schema: {
        description: 'The false-page budget, the escalation channel and the weekly digest (omitted: kept).',
        params: IdParam,
        body: SettingsInput,
        response: { 200: Settings, ...errorResponses },
      },
    },
    async (request) => {
      const project = await projectFor(db, request.params.id);
      await authorize(db, request.caller, project.id, 'manage');
      const { falsePagesPerDay, escalationChannelId, weeklyDigest } = request.body;
      await checkChannelKind(db, project.id, 'escalationChannelId', escalationChannelId, [
        'slack',
        'webhook',
      ]);
      await checkChannelKind(db, project.id, 'weeklyDigest.channelId', weeklyDigest?.channelId ?? null, [
        'slack',
        'email',
      ]);
      await ensureAlertDefaults(db, project.id, Date.now());
      const current = await alertSettingsOf(db, project.id);
      const weekly = weeklyDigest
        ? { channelId: weeklyDigest.channelId, minuteOfMonday: minutesOf(weeklyDigest.time) }
        : current.weeklyDigest;
      await saveAlertSettings(
        db,
        project.id,
        { falsePagesPerDay, escalationChannelId, weeklyDigest: weekly },
        Date.now(),
      );
      return presentSettings(await alertSettingsOf(db, project.id));
    },
  );
};

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
const timeOf = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

function presentSettings(settings: AlertSettings) {
  return {
    falsePagesPerDay: settings.falsePagesPerDay,
    escalationChannelId: settings.escalationChannelId,
    weeklyDigest: {
      channelId: settings.weeklyDigest.channelId,
      time: timeOf(settings.weeklyDigest.minuteOfMonday),
    },
  };
}

async function checkChannelKind(
  db: Db,
  projectId: number,
  field: string,
  id: number | null,
  kinds: ChannelKind[],
) {
  if (id === null) return;
  const channel = await findChannel(db, projectId, id);
  if (!channel || !kinds.includes(channel.kind as ChannelKind)) {
    throw new VigieError('invalid_alert_channel', {
      message: `${field}: ${id} is not a ${kinds.join(' or ')} channel of this project.`,
    });
  }
}

function ruleRoutes(app: App, db: Db, delivery: DeliveryDeps): void {
  app.get(
    '/api/v1/projects/:id/alert-rules',
    {
      schema: {
        description: "The project's alert rules; a project starts with the default ones.",
        params: IdParam,
        response: { 200: Type.Object({ rules: Type.Array(Rule) }), ...errorResponses },
      },
    },
    async (request) => {
      const project = await projectFor(db, request.params.id);
      await authorize(db, request.caller, project.id, 'read');
      await ensureAlertDefaults(db, project.id, Date.now());
      return { rules: (await listRules(db, project.id)).map(presentRule) };
    },
  );

  app.post(
    '/api/v1/projects/:id/alert-rules',
    { schema: { params: IdParam, body: RuleInput, response: { 201: Rule, ...errorResponses } } },
    async (request, reply) => {
      const project = await projectFor(db, request.params.id);
      await authorize(db, request.caller, project.id, 'manage');
      await ensureAlertDefaults(db, project.id, Date.now());
      const rule = await checkedRule(db, project.id, request.body);
      reply.code(201);
      return presentRule(await insertRule(db, project.id, rule, Date.now()));
    },
  );

  app.put(
    '/api/v1/projects/:id/alert-rules/:ruleId',
    { schema: { params: RuleIdParams, body: RuleInput, response: { 200: Rule, ...errorResponses } } },
    async (request) => {
      const project = await projectFor(db, request.params.id);
      await authorize(db, request.caller, project.id, 'manage');
      const rule = await checkedRule(db, project.id, request.body);
      const row = await updateRule(db, project.id, Number(request.params.ruleId), rule, Date.now());
      if (!row) throw ruleNotFound(request.params.ruleId);
      return presentRule(row);
    },
  );

  app.delete(
    '/api/v1/projects/:id/alert-rules/:ruleId',
    { schema: { params: RuleIdParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      const project = await projectFor(db, request.params.id);
      await authorize(db, request.caller, project.id, 'manage');
      if (!(await deleteRule(db, project.id, Number(request.params.ruleId))))
        throw ruleNotFound(request.params.ruleId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/projects/:id/alert-rules/:ruleId/test',
    {
      schema: {
        description:
          "Send a test alert through the rule's channels now; the answer holds each delivery's outcome.",
        params: RuleIdParams,
        response: { 200: Notification, ...errorResponses },
      },
    },
    async (request) => {
      const project = await projectFor(db, request.params.id);
      await authorize(db, request.caller, project.id, 'manage');
      const rule = await findRule(db, project.id, Number(request.params.ruleId));
      if (!rule) throw ruleNotFound(request.params.ruleId);
      const channelIds = channelsForActions(
        JSON.parse(rule.actions) as Action[],
        await listChannels(db, project.id),
      );
      if (channelIds.length === 0) {
        throw new VigieError('invalid_alert_rule', {
          message:
            'This rule names no channel the project has: add a channel of the kind it uses, or change its actions.',
        });
      }
      const message = testMessage(
        delivery.publicUrl,
        project,
        `vigie/project-${project.id}/rule-${rule.id}/test`,
        rule.name,
      );
      return sendNow(
        delivery,
        {
          projectId: project.id,
          ruleId: rule.id,
          issueId: null,
          condition: 'test',
          message,
          atMs: Date.now(),
        },
        channelIds,
      );
    },
  );
}

function testMessage(
  publicUrl: string,
  project: { id: number; name: string },
  dedupKey: string,
  ruleName: string | null,
) {
  return buildMessage({
    kind: 'test',
    condition: 'test',
    dedupKey,
    projectId: project.id,
    projectName: project.name,
    ruleName,
    issue: undefined,
    payload: {},
    publicUrl,
    atMs: Date.now(),
  });
}

function channelRoutes(
  app: App,
  db: Db,
  delivery: DeliveryDeps,
  allowHttp: boolean,
  emailConfigured: boolean,
): void {
  app.get(
    '/api/v1/projects/:id/alert-channels',
    {
      schema: {
        description: "The project's alert channels; their URLs, keys and secrets are never returned.",
        params: IdParam,
        response: { 200: Type.Object({ channels: Type.Array(Channel) }), ...errorResponses },
      },
    },
    async (request) => {
      const project = await projectFor(db, request.params.id);
      await authorize(db, request.caller, project.id, 'read');
      return { channels: (await listChannels(db, project.id)).map((c) => presentChannel(c)) };
    },
  );

  app.post(
    '/api/v1/projects/:id/alert-channels',
    {
      schema: {
        description: "Add a channel. A webhook channel's answer holds its signing secret, shown this once.",
        params: IdParam,
        body: ChannelInput,
        response: { 201: Channel, ...errorResponses },
      },
    },
    async (request, reply) => {
      const project = await projectFor(db, request.params.id);
      await authorize(db, request.caller, project.id, 'manage');
      const { kind, name } = request.body;
      const built = buildTarget(kind, request.body, { allowHttp, emailConfigured });
      const key = delivery.secretKey();
      const row = await insertChannel(
        db,
        project.id,
        {
          kind,
          name: name.trim(),
          details: built.details,
          sealTarget: (id) => sealTarget(key, id, built.target),
        },
        Date.now(),
      );
      reply.code(201);
      return presentChannel(row, built.target.secret);
    },
  );

  app.put(
    '/api/v1/projects/:id/alert-channels/:channelId',
    {
      schema: {
        description: 'Rename a channel, or change its target (a webhook keeps its signing secret).',
        params: ChannelIdParams,
        body: ChannelUpdate,
        response: { 200: Channel, ...errorResponses },
      },
    },
    async (request) => {
      const project = await projectFor(db, request.params.id);
      await authorize(db, request.caller, project.id, 'manage');
      const channel = await findChannel(db, project.id, Number(request.params.channelId));
      if (!channel) throw channelNotFound(request.params.channelId);
      const { name, url, routingKey, to } = request.body;
      const changesTarget = url !== undefined || routingKey !== undefined || to !== undefined;
      let target: { sealed: string; details: Record<string, unknown> } | undefined;
      if (changesTarget) {
        const key = delivery.secretKey();
        const previous = openTarget(key, channel.id, channel.target_ciphertext);
        const built = buildTarget(
          channel.kind as ChannelKind,
          { url: url ?? previous.url, routingKey: routingKey ?? previous.routingKey, to: to ?? previous.to },
          { allowHttp, emailConfigured, previous },
        );
        target = { sealed: sealTarget(key, channel.id, built.target), details: built.details };
      }
      const row = await updateChannel(
        db,
        project.id,
        channel.id,
        { name: name.trim(), ...(target ? { target } : {}) },
        Date.now(),
      );
      return presentChannel(row!);
    },
  );

  app.delete(
    '/api/v1/projects/:id/alert-channels/:channelId',
    { schema: { params: ChannelIdParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      const project = await projectFor(db, request.params.id);
      await authorize(db, request.caller, project.id, 'manage');
      const id = Number(request.params.channelId);
      const users = (await listRules(db, project.id)).filter((r) =>
        (JSON.parse(r.actions) as Action[]).some((a) => 'channelId' in a && a.channelId === id),
      );
      if (users.length > 0) {
        throw new VigieError('alert_channel_in_use', {
          message: `Channel ${id} is named by the rule${users.length > 1 ? 's' : ''} ${users.map((r) => `"${r.name}"`).join(', ')}: change ${users.length > 1 ? 'them' : 'it'} first.`,
        });
      }
      if ((await alertSettingsOf(db, project.id)).escalationChannelId === id) {
        throw new VigieError('alert_channel_in_use', {
          message: `Channel ${id} is the project's escalation channel: choose another one in the alert settings first.`,
        });
      }
      if (!(await deleteChannel(db, project.id, id))) throw channelNotFound(id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/projects/:id/alert-channels/:channelId/test',
    {
      schema: {
        description: "Send a test alert to this channel now; the answer holds the delivery's outcome.",
        params: ChannelIdParams,
        response: { 200: Notification, ...errorResponses },
      },
    },
    async (request) => {
      const project = await projectFor(db, request.params.id);
      await authorize(db, request.caller, project.id, 'manage');
      const channel = await findChannel(db, project.id, Number(request.params.channelId));
      if (!channel) throw channelNotFound(request.params.channelId);
      const message = testMessage(
        delivery.publicUrl,
        project,
        `vigie/project-${project.id}/channel-${channel.id}/test`,
        null,
      );
      return sendNow(
        delivery,
        { projectId: project.id, ruleId: null, issueId: null, condition: 'test', message, atMs: Date.now() },
        [channel.id],
      );
    },
  );
}
