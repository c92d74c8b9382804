// TypeBox schemas of the triage API: the action bodies (one union shared by PATCH, the verb routes and bulk
// actions) and the shapes it answers with. They validate requests, type handlers and feed the OpenAPI document.

import { type Static, Type } from 'typebox';
import { ErrorResponse, errorResponses, Issue } from '../../api/schemas.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });

export const ResolutionInput = Type.Union(
  [
    Type.Object({ kind: Type.Literal('now') }),
    Type.Object({ kind: Type.Literal('inRelease'), release: Type.String({ minLength: 1, maxLength: 250 }) }),
    Type.Object({ kind: Type.Literal('inNextRelease') }),
  ],
  { description: 'How the issue is resolved; `inNextRelease` means after the newest release seen so far.' },
);

const Count = Type.Integer({ minimum: 1, maximum: 1_000_000_000 });
export const SnoozeInput = Type.Union(
  [
    Type.Object({ kind: Type.Literal('until'), until: DateTime }),
    Type.Object({ kind: Type.Literal('events'), count: Count }),
    Type.Object({ kind: Type.Literal('users'), count: Count }),
    Type.Object({ kind: Type.Literal('escalating') }),
  ],
  {
    description:
      'Until a date, N more events, N more distinct users, or until it escalates (an hour with more than 10× ' +
      'its highest hourly count in the week before snoozing).',
  },
);

export const AssigneeInput = Type.String({
  pattern: '^(me|user:.+|team:.+)$',
  description: '`user:<id or email>`, `team:<id or slug>`, or `me`.',
  examples: ['user:12', 'user:ana@example.com', 'team:backend', 'me'],
});

export const ExternalUrl = Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 });

/** One triage action: the body of bulk actions, and (without `type`) of the verb routes. */
export const TriageCommand = Type.Union([
  Type.Object({ type: Type.Literal('resolve'), resolution: Type.Optional(ResolutionInput) }),
  Type.Object({ type: Type.Literal('unresolve') }),
  Type.Object({ type: Type.Literal('ignore') }),
  Type.Object({ type: Type.Literal('snooze'), snooze: SnoozeInput }),
  Type.Object({ type: Type.Literal('review') }),
  Type.Object({ type: Type.Literal('assign'), assignee: AssigneeInput }),
  Type.Object({ type: Type.Literal('unassign') }),
  Type.Object({ type: Type.Literal('link'), url: ExternalUrl }),
]);
export type TriageCommand = Static<typeof TriageCommand>;
export type TriageCommandType = TriageCommand['type'];

export const ISSUE_STATUSES = ['resolved', 'unresolved', 'ignored', 'snoozed'] as const;

/** PATCH /api/v1/issues/{id}: Sentry's shape. Each field present is one action; all of them are validated first. */
export const IssuePatch = Type.Object(
  {
    status: Type.Optional(Type.Enum(ISSUE_STATUSES)),
    resolution: Type.Optional(ResolutionInput),
    snooze: Type.Optional(SnoozeInput),
    assignee: Type.Optional(Nullable(AssigneeInput)),
    reviewed: Type.Optional(Type.Literal(true)),
  },
  { minProperties: 1 },
);
export type IssuePatch = Static<typeof IssuePatch>;

export const Position = Type.Object({ status: Type.String(), substatus: Nullable(Type.String()) });

export const IssueTriage = Type.Object({
  assignee: Nullable(
    Type.Object({
      type: Type.Enum(['user', 'team']),
      id: Type.Integer(),
      name: Type.String(),
      /** Users only. */
      email: Nullable(Type.String()),
      /** Teams only. */
      slug: Nullable(Type.String()),
    }),
  ),
  resolution: Nullable(
    Type.Object({
      kind: Type.String(),
      release: Type.Optional(Type.String()),
      afterRelease: Type.Optional(Nullable(Type.String())),
    }),
  ),
  snooze: Nullable(
    Type.Object({
      kind: Type.String(),
      until: Type.Optional(DateTime),
      count: Type.Optional(Type.Integer()),
      baseline: Type.Object({
        eventCount: Type.Integer(),
        userCount: Type.Integer(),
        highestHourlyCount: Type.Integer(),
      }),
    }),
  ),
  statusChangedAt: Nullable(DateTime),
  /** Null once reviewed. */
  inbox: Nullable(Type.Object({ reason: Type.String(), since: DateTime })),
  reviewedAt: Nullable(DateTime),
  externalIssue: Nullable(Type.Object({ url: Type.String(), number: Nullable(Type.Integer()) })),
});

export const TriagedIssue = Type.Intersect([Issue, IssueTriage]);
export type TriagedIssue = Static<typeof TriagedIssue>;

/** One page of issues (the issue list, the inbox): `next` is the cursor to the following page. */
export const TriagedIssuePage = Type.Object({
  issues: Type.Array(TriagedIssue),
  next: Type.Union([Type.String(), Type.Null()]),
});

export const BulkBody = Type.Object({
  ids: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 100, uniqueItems: true }),
  action: TriageCommand,
});

const ErrorBody = ErrorResponse.properties.error;

export const BulkResults = Type.Object({
  results: Type.Array(
    Type.Object({
      id: Type.Integer(),
      /** The HTTP status this issue's action would have had on its own: 200, 400, 404 or 409. */
      status: Type.Integer(),
      issue: Type.Optional(TriagedIssue),
      error: Type.Optional(ErrorBody),
    }),
  ),
});

export const CommentBody = Type.Object({ text: Type.String({ minLength: 1, maxLength: 10_000 }) });

export const ActivityEntry = Type.Object({
  id: Type.Integer(),
  /** status, review, assign, unassign, comment, link, unlink, created, and kinds other features add. */
  kind: Type.String(),
  at: DateTime,
  actor: Type.Object({
    /** `rule`: an ownership rule assigned the issue (auto-assignment); `data.rule` says which. */
    type: Type.Enum(['user', 'token', 'system', 'rule']),
    userId: Nullable(Type.Integer()),
    email: Nullable(Type.String()),
    tokenId: Nullable(Type.Integer()),
  }),
  from: Nullable(Position),
  to: Nullable(Position),
  reason: Nullable(Type.String()),
  data: Type.Object({}, { additionalProperties: true }),
});
export type ActivityEntry = Static<typeof ActivityEntry>;

export const triageErrorResponses = { ...errorResponses, 409: ErrorResponse };
