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
  projectFor,
  rotationUsers,
  weekActivity,
} from './rotation.repository.ts';
import { RotationUserSchema } from './rotation.schemas.ts';
import { OUTCOMES, summarizeWeek } from './triage-report.ts';
import { formatIsoWeek, parseIsoWeek, weekOf, weekStartMs } from './weeks.ts';

const Milliseconds = Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]);

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
  leftInInbox: Type.Integer({
    description: 'Issues in the inbox now that were already waiting when the week ended.',
  }),
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
      const [{ activity, firstSeen }, leftInInbox, rotation] = await Promise.all([
        weekActivity(db, projectId, startMs, endMs),
        inboxLeftCount(db, projectId, endMs),
        findRotation(db, projectId),
      ]);
      const summary = summarizeWeek(activity, firstSeen, { startMs, endMs });
      return {
        projectId,
        week: formatIsoWeek(week),
        startsAt: iso(startMs),
        endsAt: iso(endMs),
        onDuty: onDutyIn(rotation, await rotationUsers(db, rotation), week),
        ...summary,
        leftInInbox,
      };
    },
  );
};
