// The issue page's issue: the issue with its triage state (assignee, resolution, snooze, inbox, external
// link), who last changed its status, the issue it was merged into, its latest event and short series.

import { Type } from 'typebox';
import { CountPoint, EventDetail } from '../api/schemas.ts';
import { ActivityEntry, TriagedIssue } from './triage/triage.schemas.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

const { at, actor, from, to, reason } = ActivityEntry.properties;

export const LastStatusChange = Type.Object(
  { at, actor, from, to, reason },
  {
    description:
      "The issue's latest status change (the activity row): when, who (a user, a token, or Vigie itself for a " +
      'regression or a snooze that ended), from and to which status, and the action that made it.',
  },
);

export const IssueDetail = Type.Intersect([
  TriagedIssue,
  Type.Object({
    mergedIntoId: Nullable(Type.Integer({ description: 'The issue this one was merged into, if it was.' })),
    lastStatusChange: Nullable(LastStatusChange),
    latestEvent: Nullable(EventDetail),
    stats: Type.Object({ last24Hours: Type.Array(CountPoint), last30Days: Type.Array(CountPoint) }),
  }),
]);
