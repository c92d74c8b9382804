// The customer lookup's response shapes.

import { Type } from 'typebox';
import { EventSummary } from '../api/schemas.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });

export const CustomerIssue = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  culprit: Nullable(Type.String()),
  level: Type.String(),
  status: Type.String(),
  substatus: Nullable(Type.String()),
  mergedIntoId: Nullable(Type.Integer()),
  events: Type.Integer({ description: "How many of the issue's events were this customer's." }),
  firstSeen: DateTime,
  lastSeen: DateTime,
});

export const Customer = Type.Object({
  key: Type.String({
    description: 'id:<user id> or email:<address>: the key of GET /api/v1/customers/{key}/events',
  }),
  userId: Nullable(Type.String()),
  email: Nullable(Type.String()),
  events: Type.Integer({ description: 'Events of the listed issues that were this customer’s.' }),
  firstSeen: DateTime,
  lastSeen: DateTime,
  projects: Type.Array(
    Type.Object({
      id: Type.Integer(),
      slug: Type.String(),
      name: Type.String(),
      issues: Type.Array(CustomerIssue, { description: 'Newest first, by the customer’s latest event.' }),
    }),
  ),
  moreIssues: Type.Boolean({
    description: 'True when the customer hit more issues than listed (the 200 latest).',
  }),
});

export const CustomerEvent = Type.Intersect([
  EventSummary,
  Type.Object({ userId: Nullable(Type.String()), userEmail: Nullable(Type.String()) }),
]);
