// The deploy gate over HTTP: the verdict (Argo Rollouts' web metric provider, scripts, `vigie gate`), the kept
// verdicts, and the project's thresholds.

import { Type } from 'typebox';
import { decodeCursor, page } from '../api/cursor.ts';
import { errorResponses, IdParam, PageQuery } from '../api/schemas.ts';
import { authorize, projectNotFound } from '../auth/access.ts';
import type { Caller } from '../auth/caller.ts';
import type { RoutePlugin } from '../http.ts';
import { findProject } from '../projects/project.repository.ts';
import { presentVerdict } from './deploys.presenter.ts';
import { GateAnswerSchema, GateQuery, KeptVerdict, Thresholds } from './deploys.schemas.ts';
import { askGate, describeCaller, thresholdsOf } from './gate.ts';
import { DEFAULT_THRESHOLDS } from './gate-judge.ts';
import { listVerdicts, saveThresholds } from './verdicts.repository.ts';

export const gateRoutes: RoutePlugin = async (app, { database }) => {
  const { db } = database;
  const projectFor = async (caller: Caller, id: string, capability: 'read' | 'manage') => {
    const project = await findProject(db, Number(id));
    if (!project) throw projectNotFound(id);
    await authorize(db, caller, project.id, capability);
    return project;
  };

  app.get(
    '/api/v1/projects/:id/gate',
    {
      schema: {
        description:
          'Is the release healthy enough to take more traffic? Compares it with the baseline release over the same ' +
          'window (crash-free sessions, error events per session or, where sessions are absent, per request, new ' +
          'issues, regressions) and answers pass, fail, ' +
          'or inconclusive while the data is too thin to tell. Always 200 when the question could be asked: read ' +
          '`verdict`. Every verdict is kept (GET …/gate/verdicts).',
        params: IdParam,
        querystring: GateQuery,
        response: { 200: GateAnswerSchema, ...errorResponses },
      },
    },
    async (request) => {
      const project = await projectFor(request.caller, request.params.id, 'read');
      const { source, ...question } = request.query;
      return askGate(db, project.id, question, {
        by: describeCaller(request.caller),
        via: source ?? 'api',
        nowMs: Date.now(),
      });
    },
  );

  app.get(
    '/api/v1/projects/:id/gate/verdicts',
    {
      schema: {
        description:
          "The gate's verdicts, newest first: who asked, through what, the numbers and the answer.",
        params: IdParam,
        querystring: Type.Object({
          release: Type.Optional(
            Type.String({ minLength: 1, maxLength: 200, description: 'As candidate or as baseline.' }),
          ),
          start: Type.Optional(Type.String({ format: 'date-time' })),
          end: Type.Optional(Type.String({ format: 'date-time' })),
          ...PageQuery,
        }),
        response: {
          200: Type.Object({
            verdicts: Type.Array(KeptVerdict),
            next: Type.Union([Type.String(), Type.Null()]),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const project = await projectFor(request.caller, request.params.id, 'read');
      const { release, start, end, cursor, limit = 25 } = request.query;
      const rows = await listVerdicts(db, project.id, {
        release,
        fromMs: start === undefined ? undefined : Date.parse(start),
        toMs: end === undefined ? undefined : Date.parse(end),
        cursor: decodeCursor(cursor),
        limit,
      });
      const { items, next } = page(rows, limit, (v) => ({ at: v.created_at, id: Number(v.id) }));
      return { verdicts: items.map(presentVerdict), next };
    },
  );

  const SettingsAnswer = Type.Object({ thresholds: Thresholds, defaults: Thresholds });
  app.get(
    '/api/v1/projects/:id/gate/settings',
    {
      schema: {
        description: "The gate's thresholds for this project, and Vigie's defaults.",
        params: IdParam,
        response: { 200: SettingsAnswer, ...errorResponses },
      },
    },
    async (request) => {
      const project = await projectFor(request.caller, request.params.id, 'read');
      return { thresholds: await thresholdsOf(db, project.id), defaults: DEFAULT_THRESHOLDS };
    },
  );

  app.put(
    '/api/v1/projects/:id/gate/settings',
    {
      schema: {
        description:
          "Changes some of the gate's thresholds for this project (managers); the others keep their value.",
        params: IdParam,
        body: Type.Partial(Thresholds),
        response: { 200: SettingsAnswer, ...errorResponses },
      },
    },
    async (request) => {
      const project = await projectFor(request.caller, request.params.id, 'manage');
      const current = await thresholdsOf(db, project.id);
      const next = { ...current, ...request.body };
      const changed = Object.fromEntries(
        Object.entries(next).filter(
          ([k, v]) => DEFAULT_THRESHOLDS[k as keyof typeof DEFAULT_THRESHOLDS] !== v,
        ),
      );
      await saveThresholds(db, project.id, changed, Date.now());
      return { thresholds: next, defaults: DEFAULT_THRESHOLDS };
    },
  );
};
