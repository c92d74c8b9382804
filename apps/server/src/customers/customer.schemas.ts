// The customer lookup's response shapes: who the customer is, the issues they hit with each issue's state
// now (what support tells the customer: fixed in which release, being looked at, ignored), and their events.

import { Type } from 'typebox';
import { EventSummary } from '../api/schemas.ts';
import { IssueTriage } from '../issues/triage/triage.schemas.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });

const ProjectRef = Type.Object({ id: Type.Integer(), slug: Type.String(), name: Type.String() });

/** An issue as support sees it: what went wrong, and where the team is with it. */
export const CustomerIssueState = Type.Object({
  id: Type.Integer(),
  projectId: Type.Integer(),
  title: Type.String(),
  culprit: Nullable(Type.String()),
  level: Type.String(),
  status: Type.String(),
  substatus: Nullable(Type.String()),
  mergedIntoId: Nullable(Type.Integer()),
  resolution: IssueTriage.properties.resolution,
  snooze: IssueTriage.properties.snooze,
  assigned: Type.Boolean({ description: 'Someone (a person or a team) owns the issue.' }),
  reviewed: Type.Boolean({ description: 'Someone looked at it since it last entered the inbox.' }),
  externalIssue: IssueTriage.properties.externalIssue,
  lastRelease: Nullable(Type.String({ description: 'The release of its latest event, all customers.' })),
});

export const CustomerIssue = Type.Intersect([
  CustomerIssueState,
  Type.Object({
    events: Type.Integer({ description: "How many of the issue's events were this customer's." }),
    firstSeen: DateTime,
    lastSeen: DateTime,
  }),
]);

export const Customer = Type.Object({
  key: Type.String({
    description:
      'id:<user id>, email:<address>, username:<name> or ip:<address>: the key of GET /api/v1/customers/{key}',
  }),
  userId: Nullable(Type.String()),
  email: Nullable(Type.String()),
  username: Nullable(Type.String()),
  ipAddress: Nullable(Type.String()),
  events: Type.Integer({ description: 'Events of the listed issues that were this customer’s.' }),
  firstSeen: DateTime,
  lastSeen: DateTime,
  projects: Type.Array(
    Type.Intersect([
      ProjectRef,
      Type.Object({
        issues: Type.Array(CustomerIssue, { description: 'Newest first, by the customer’s latest event.' }),
      }),
    ]),
  ),
  moreIssues: Type.Boolean({
    description: 'True when the customer hit more issues than listed (the 200 latest).',
  }),
});

export const CustomerEvent = Type.Intersect([
  EventSummary,
  Type.Object({
    userId: Nullable(Type.String()),
    userEmail: Nullable(Type.String()),
    username: Nullable(Type.String()),
    ipAddress: Nullable(Type.String()),
    project: ProjectRef,
    issue: CustomerIssueState,
    browser: Nullable(
      Type.String({ description: 'Like "Chrome 131": the browser context, else the User-Agent.' }),
    ),
    os: Nullable(
      Type.String({ description: 'Like "Windows 10 or 11": the os context, else the User-Agent.' }),
    ),
    device: Nullable(Type.String()),
    url: Nullable(Type.String({ description: 'The page or endpoint: the request URL without its query.' })),
  }),
]);
