// GET /api/v1/projects/{id}/triage-report?week=2026-W48: how a week's triage went (what was dispatched, how
// long it had waited, what is left in the inbox) and who was on duty.

import { Type } from 'typebox';
import { errorResponses, IdParam, iso } from '../api/schemas.ts';
import { authorize } from '../auth/access.ts';
import { VigieError } from '../errors.ts';
import type { RoutePlugin } from '../http.ts';
import { onDutyIn } from './rotation.presenter.ts';
import {
  findRotation,
  inboxLeftCount,
  inboxLeftIssues,
  projectFor,
  type ReportIssueRow,
  reportIssues,
  rotationUsers,
  weekActivity,
} from './rotation.repository.ts';
import { RotationUserSchema } from './rotation.schemas.ts';
import { dispatchedIssues, OUTCOMES, summarizeWeek } from './triage-report.ts';
import { formatIsoWeek, parseIsoWeek, weekOf, weekStartMs } from './weeks.ts';

const Milliseconds = Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]);
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

/** Issues listed per report, at most: the counts hold them all. */
const DISPATCHED_LISTED = 200;
const LEFT_LISTED = 50;

const ReportIssue = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  culprit: Nullable(Type.String()),
  level: Type.String(),
  status: Type.String({ description: 'Its status now.' }),
  substatus: Nullable(Type.String()),
  externalIssue: Nullable(Type.Object({ url: Type.String(), number: Nullable(Type.Integer()) })),
});

const presentReportIssue = (row: ReportIssueRow) => ({
  id: row.id,
  title: row.title,
  culprit: row.culprit,
  level: row.level,
  status: row.status,
  substatus: row.substatus,
  externalIssue: row.external_url === null ? null : { url: row.external_url, number: row.external_number },
});

const TriageReport = Type.Object({
  projectId: Type.Integer(),
  week: Type.String({ examples: ['2026-W48'] }),
  startsAt: Type.String({ format: 'date-time' }),
  endsAt: Type.String({ format: 'date-time' }),
  onDuty: Type.Union([RotationUserSchema, Type.Null()], {
    description: "Who the project's current rotation puts on duty that week.",
  }),
  dispatched: Type.Object({
    issues: Type.Integer({ description: 'Distinct issues dispatched in any way.' }),
    byOutcome: Type.Object(
      Object.fromEntries(OUTCOMES.map((o) => [o, Type.Integer()])) as Record<
        (typeof OUTCOMES)[number],
        ReturnType<typeof Type.Integer>
      >,
      { description: 'Issues per outcome; an issue counts once per outcome, and in each outcome it got.' },
    ),
  }),
  dispatchedIssues: Type.Array(
    Type.Intersect([
      ReportIssue,
      Type.Object({
        outcomes: Type.Array(Type.Enum(OUTCOMES), {
          description: 'What people dispatched it to that week, in the order they did.',
        }),
      }),
    ]),
    {
      description: `The issues dispatched, the most recently dispatched first (the ${DISPATCHED_LISTED} latest).`,
    },
  ),
  leftInInbox: Type.Integer({
    description: 'Issues in the inbox now that were already waiting when the week ended.',
  }),
  leftInInboxIssues: Type.Array(
    Type.Intersect([ReportIssue, Type.Object({ inboxSince: Type.String({ format: 'date-time' }) })]),
    { description: `Those issues, the longest waiting first (the first ${LEFT_LISTED}).` },
  ),
  inboxNow: Type.Integer({ description: "Issues in the project's inbox now, whenever they entered it." }),
  waited: Type.Object(
    { issues: Type.Integer(), medianMs: Milliseconds, p90Ms: Milliseconds },
    { description: 'From entering the inbox to the first dispatch in the week, for the issues dispatched.' },
  ),
});

export const triageReportRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps.database;

  app.get(
    '/api/v1/projects/:id/triage-report',
    {
      schema: {
        params: IdParam,
        querystring: Type.Object({
          week: Type.Optional(
            Type.String({ description: 'ISO week, like 2026-W48; default: the last complete week.' }),
          ),
        }),
        response: { 200: TriageReport, ...errorResponses },
      },
    },
    async (request) => {
      const projectId = await projectFor(db, request.params.id);
      await authorize(db, request.caller, projectId, 'read');
      const currentWeek = weekOf(Date.now());
      const week = request.query.week === undefined ? currentWeek - 1 : parseIsoWeek(request.query.week);
      if (week > currentWeek) {
        throw new VigieError('week_in_future', { week: formatIsoWeek(week) });
      }
      const startMs = weekStartMs(week);
      const endMs = weekStartMs(week + 1);
      const [{ activity, firstSeen }, leftInInbox, leftIssues, inboxNow, rotation] = await Promise.all([
        weekActivity(db, projectId, startMs, endMs),
        inboxLeftCount(db, projectId, endMs),
        inboxLeftIssues(db, projectId, endMs, LEFT_LISTED),
        inboxLeftCount(db, projectId),
        findRotation(db, projectId),
      ]);
      const summary = summarizeWeek(activity, firstSeen, { startMs, endMs });
      const dispatched = dispatchedIssues(activity, { startMs, endMs }).slice(0, DISPATCHED_LISTED);
      const rows = new Map(
        (
          await reportIssues(
            db,
            projectId,
            dispatched.map((d) => d.issueId),
          )
        ).map((r) => [r.id, r]),
      );
      return {
        projectId,
        week: formatIsoWeek(week),
        startsAt: iso(startMs),
        endsAt: iso(endMs),
        onDuty: onDutyIn(rotation, await rotationUsers(db, rotation), week),
        ...summary,
        dispatchedIssues: dispatched.flatMap(({ issueId, outcomes }) => {
          const row = rows.get(issueId);
          return row ? [{ ...presentReportIssue(row), outcomes }] : [];
        }),
        leftInInbox,
        leftInInboxIssues: leftIssues.map((row) => ({
          ...presentReportIssue(row),
          inboxSince: iso(row.inbox_at ?? startMs),
        })),
        inboxNow,
      };
    },
  );
};
