// TypeBox schemas of the alerting API: rules, channels, settings, history.

import { Type } from 'typebox';
import { LEVELS } from '../issues/search/ast.ts';
import { CHANNEL_KINDS } from './rule.ts';

const Kind = <T extends string>(kind: T) => Type.Literal(kind);

export const Condition = Type.Union([
  Type.Object({ kind: Kind('new_issue') }, { description: 'A new issue.' }),
  Type.Object({ kind: Kind('regression') }, { description: 'A resolved issue seen again.' }),
  Type.Object(
    { kind: Kind('escalation') },
    {
      description: "The issue's rate well above its own baseline (the spike detector); resolves by itself.",
    },
  ),
  Type.Object(
    { kind: Kind('project_spike') },
    { description: "The whole project's rate well above its baseline; resolves by itself." },
  ),
  Type.Object(
    {
      kind: Kind('event_count'),
      scope: Type.Union([Type.Literal('issue'), Type.Literal('project')]),
      metric: Type.Union([Type.Literal('events'), Type.Literal('users')]),
      threshold: Type.Integer({ minimum: 1, maximum: 100_000_000 }),
      windowMinutes: Type.Integer({ minimum: 1, maximum: 1440 }),
    },
    { description: 'An issue (or the whole project) passing N events or N users within a window.' },
  ),
  Type.Object(
    { kind: Kind('csp_new_group') },
    {
      description:
        'A CSP violation group new under an enforced policy (the collector calls notifyNewViolationGroup, alerts/csp-hook.ts).',
    },
  ),
]);

export const Filters = Type.Object(
  {
    levels: Type.Optional(Type.Array(Type.Enum(LEVELS), { maxItems: 5, uniqueItems: true })),
    environments: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 20 })),
    releases: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 20 })),
    tags: Type.Optional(
      Type.Array(
        Type.Object({
          key: Type.String({ minLength: 1, maxLength: 200 }),
          value: Type.String({ minLength: 1, maxLength: 200 }),
        }),
        { maxItems: 20 },
      ),
    ),
    query: Type.Optional(
      Type.String({
        maxLength: 2000,
        description: 'Any issue search query: `level:error checkout !user.email:*@acme.test`.',
      }),
    ),
  },
  { description: 'All must hold for an issue; project-wide conditions ignore them.' },
);

export const Action = Type.Union([
  Type.Object({ channelId: Type.Integer({ minimum: 1 }) }),
  Type.Object(
    { channelKind: Type.Enum(CHANNEL_KINDS) },
    { description: 'Every channel of this kind in the project (what the default rules use).' },
  ),
]);

export const RuleInput = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  enabled: Type.Boolean({ default: true }),
  conditions: Type.Array(Condition, { minItems: 1, maxItems: 10 }),
  filters: Type.Optional(Filters),
  actions: Type.Array(Action, { minItems: 1, maxItems: 10 }),
  cooldownMinutes: Type.Integer({
    minimum: 0,
    maximum: 10_080,
    default: 60,
    description: 'At most one notification per issue (or the project) and rule in this many minutes.',
  }),
});

export const Rule = Type.Intersect([
  Type.Object({ id: Type.Integer() }),
  Type.Object({
    name: Type.String(),
    enabled: Type.Boolean(),
    conditions: Type.Array(Condition),
    filters: Filters,
    actions: Type.Array(Action),
    cooldownMinutes: Type.Integer(),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  }),
]);

export const ChannelKind = Type.Enum(CHANNEL_KINDS);

export const ChannelInput = Type.Object({
  kind: ChannelKind,
  name: Type.String({ minLength: 1, maxLength: 200 }),
  url: Type.Optional(
    Type.String({
      maxLength: 2000,
      writeOnly: true,
      description:
        "Slack: the incoming webhook's URL. Webhook: the receiver's URL. PagerDuty: the Events API v2 URL, https://events.pagerduty.com/v2/enqueue unless given (e.g. the EU service region's).",
    }),
  ),
  routingKey: Type.Optional(
    Type.String({
      pattern: '^[A-Za-z0-9]{32}$',
      writeOnly: true,
      description: "PagerDuty: the integration's 32-character routing key.",
    }),
  ),
  to: Type.Optional(
    Type.Array(Type.String({ format: 'email', maxLength: 320 }), {
      minItems: 1,
      maxItems: 20,
      description: 'E-mail: the recipients.',
    }),
  ),
});

export const ChannelUpdate = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  url: ChannelInput.properties.url,
  routingKey: ChannelInput.properties.routingKey,
  to: ChannelInput.properties.to,
});

export const Channel = Type.Object({
  id: Type.Integer(),
  kind: ChannelKind,
  name: Type.String(),
  target: Type.String({ description: 'Where it goes, without secrets: a host, or the recipients.' }),
  createdAt: Type.String({ format: 'date-time' }),
  signingSecret: Type.Optional(
    Type.String({
      description:
        'Webhook channels: the Standard Webhooks signing secret, in the answer that creates the channel only.',
    }),
  ),
});

const WeeklyDigest = Type.Object(
  {
    channelId: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], {
      description:
        'A Slack or e-mail channel (e-mail goes to the developer on triage duty); null: no digest.',
    }),
    time: Type.String({
      pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
      description: 'When on Monday it goes out, HH:MM in UTC.',
    }),
  },
  { description: "Each Monday, the inbox and last week's triage report to the developer on duty." },
);

export const SettingsInput = Type.Object({
  falsePagesPerDay: Type.Number({ minimum: 0.01, maximum: 100 }),
  escalationChannelId: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
  weeklyDigest: Type.Optional(WeeklyDigest),
});

export const Settings = Type.Object({
  weeklyDigest: WeeklyDigest,
  falsePagesPerDay: Type.Number({
    minimum: 0.01,
    maximum: 100,
    description: "The spike detector's budget of false pages a day for this project (default 0.5).",
  }),
  escalationChannelId: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], {
    description: 'The Slack or webhook channel that "Ask the team" posts to.',
  }),
});

export const RuleIdParams = Type.Object({
  id: Type.String({ pattern: '^[0-9]+$' }),
  ruleId: Type.String({ pattern: '^[0-9]+$' }),
});
export const ChannelIdParams = Type.Object({
  id: Type.String({ pattern: '^[0-9]+$' }),
  channelId: Type.String({ pattern: '^[0-9]+$' }),
});

export const Attempt = Type.Object({
  at: Type.String({ format: 'date-time' }),
  outcome: Type.Union([Type.Literal('delivered'), Type.Literal('retry'), Type.Literal('permanent')]),
  statusCode: Type.Union([Type.Integer(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
});

export const Delivery = Type.Object({
  id: Type.Integer(),
  channelId: Type.Integer(),
  channelName: Type.String(),
  channelKind: ChannelKind,
  status: Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('dead')], {
    description:
      'pending (retries until 24 hours), delivered, dead (gave up or refused for good: retry it by hand).',
  }),
  attempts: Type.Array(Attempt),
  lastError: Type.Union([Type.String(), Type.Null()]),
  nextAttemptAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const Notification = Type.Object({
  id: Type.Integer(),
  kind: Type.Enum(['trigger', 'resolve', 'test', 'digest', 'escalation', 'weekly']),
  condition: Type.String(),
  ruleId: Type.Union([Type.Integer(), Type.Null()]),
  ruleName: Type.Union([Type.String(), Type.Null()]),
  issueId: Type.Union([Type.Integer(), Type.Null()]),
  title: Type.String(),
  why: Type.String({ description: 'Why it fired, in words, with the numbers.' }),
  details: Type.Object(
    {},
    {
      additionalProperties: true,
      description:
        "The numbers behind the decision: the detector's per-window observed count, expected count, threshold, p-value and α.",
    },
  ),
  dedupKey: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  resolvedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  digestId: Type.Union([Type.Integer(), Type.Null()], { description: 'Sent as part of this digest.' }),
  deliveries: Type.Array(Delivery),
});
