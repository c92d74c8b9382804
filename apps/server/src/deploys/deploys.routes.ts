// Deploy markers and release health: record a deploy, list them (the charts' markers; one project's, or
// several projects' at once for the projects page), the releases page's table and a release's page compared
// with the release before it.

import { Type } from 'typebox';
import { decodeCursor, page } from '../api/cursor.ts';
import { errorResponses, IdParam, PageQuery } from '../api/schemas.ts';
import { authorize, projectIdsFor, projectNotFound } from '../auth/access.ts';
import type { Caller } from '../auth/caller.ts';
import { VigieError } from '../errors.ts';
import type { RoutePlugin } from '../http.ts';
import { findProject } from '../projects/project.repository.ts';
import { presentDeploy, presentVerdict } from './deploys.presenter.ts';
import { insertDeploy, listDeploys } from './deploys.repository.ts';
import {
  Deploy,
  EnvironmentName,
  IssueFact,
  KeptVerdict,
  NewDeployBody,
  ReleaseHealth,
} from './deploys.schemas.ts';
import { describeCaller } from './gate.ts';
import { releaseIssues } from './release-health.repository.ts';
import { releaseHealthList, releaseHealthOf } from './release-health.ts';
import { listVerdicts } from './verdicts.repository.ts';

export const PERIODS = {
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '14d': 14 * 86_400_000,
  '30d': 30 * 86_400_000,
  '90d': 90 * 86_400_000,
} as const;
const Period = Type.Optional(
  Type.Union(
    Object.keys(PERIODS).map((p) => Type.Literal(p)),
    { description: 'The period the figures cover, ending now (default 7d).' },
  ),
);
const periodMs = (p: string | undefined) => PERIODS[(p ?? '7d') as keyof typeof PERIODS];

const DeployRange = {
  start: Type.Optional(
    Type.String({ format: 'date-time', description: 'Only deploys finished at or after this time.' }),
  ),
  end: Type.Optional(
    Type.String({ format: 'date-time', description: 'Only deploys finished before this time.' }),
  ),
};
const DeployPage = Type.Object({
  deploys: Type.Array(Deploy),
  next: Type.Union([Type.String(), Type.Null()]),
});

/** A deploy list's range in ms: either end may be open, and a start at or after the end is a mistake. */
function finishedWithin(start: string | undefined, end: string | undefined) {
  const fromMs = start === undefined ? undefined : Date.parse(start);
  const toMs = end === undefined ? undefined : Date.parse(end);
  if (fromMs !== undefined && toMs !== undefined && fromMs >= toMs) {
    throw new VigieError('invalid_series', { message: `start (${start}) must be before end (${end}).` });
  }
  return { fromMs, toMs };
}

export const deploysRoutes: RoutePlugin = async (app, { database }) => {
  const { db } = database;
  const projectFor = async (caller: Caller, id: string, capability: 'read' | 'triage') => {
    const project = await findProject(db, Number(id));
    if (!project) throw projectNotFound(id);
    await authorize(db, caller, project.id, capability);
    return project;
  };

  app.post(
    '/api/v1/projects/:id/deploys',
    {
      schema: {
        description:
          'Records a deploy marker: a release reached an environment (blue-green, rolling or canary). The charts draw ' +
          'it, and the release page lists it beside the gate’s verdicts.',
        params: IdParam,
        body: NewDeployBody,
        response: { 201: Deploy, ...errorResponses },
      },
    },
    async (request, reply) => {
      const project = await projectFor(request.caller, request.params.id, 'triage');
      const nowMs = Date.now();
      const b = request.body;
      const startedAt = b.startedAt === undefined ? null : Date.parse(b.startedAt);
      const finishedAt = b.finishedAt === undefined ? nowMs : Date.parse(b.finishedAt);
      if (startedAt !== null && startedAt > finishedAt) {
        throw new VigieError('invalid_deploy', { message: 'startedAt is after finishedAt.' });
      }
      const row = await insertDeploy(db, {
        projectId: project.id,
        release: b.release,
        environment: b.environment,
        strategy: b.strategy ?? null,
        name: b.name ?? null,
        url: b.url ?? null,
        startedAt,
        finishedAt,
        createdBy: describeCaller(request.caller),
        createdAt: nowMs,
      });
      return reply.code(201).send(presentDeploy(row));
    },
  );

  app.get(
    '/api/v1/projects/:id/deploys',
    {
      schema: {
        description:
          "The project's deploy markers, newest first; of one release or environment, or within a range.",
        params: IdParam,
        querystring: Type.Object({
          release: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          environment: Type.Optional(EnvironmentName),
          ...DeployRange,
          ...PageQuery,
        }),
        response: { 200: DeployPage, ...errorResponses },
      },
    },
    async (request) => {
      const project = await projectFor(request.caller, request.params.id, 'read');
      const { release, environment, start, end, cursor, limit = 25 } = request.query;
      const rows = await listDeploys(db, project.id, {
        release,
        environment,
        ...finishedWithin(start, end),
        cursor: decodeCursor(cursor),
        limit,
      });
      const { items, next } = page(rows, limit, (d) => ({ at: d.finished_at, id: Number(d.id) }));
      return { deploys: items.map(presentDeploy), next };
    },
  );

  app.get(
    '/api/v1/deploys',
    {
      schema: {
        description:
          'Deploy markers of several projects at once, newest first, each with its projectId: of the projects ' +
          'named (404 for one the caller may not read), or of every project the caller may read; within a range. ' +
          "The projects page draws them on each project's sparkline.",
        querystring: Type.Object({
          project: Type.Optional(
            Type.Array(Type.Integer({ minimum: 1 }), {
              minItems: 1,
              maxItems: 100,
              description:
                'A project id, repeated for several: ?project=1&project=2. Default: every readable one.',
            }),
          ),
          ...DeployRange,
          ...PageQuery,
        }),
        response: { 200: DeployPage, ...errorResponses },
      },
    },
    async (request) => {
      const { project, start, end, cursor, limit = 25 } = request.query;
      const range = finishedWithin(start, end);
      const ids =
        project === undefined
          ? await projectIdsFor(db, request.caller, 'read')
          : await Promise.all(
              [...new Set(project)].map(
                async (id) => (await projectFor(request.caller, String(id), 'read')).id,
              ),
            );
      const rows = await listDeploys(db, ids, { ...range, cursor: decodeCursor(cursor), limit });
      const { items, next } = page(rows, limit, (d) => ({ at: d.finished_at, id: Number(d.id) }));
      return { deploys: items.map(presentDeploy), next };
    },
  );

  app.get(
    '/api/v1/projects/:id/release-health',
    {
      schema: {
        description:
          "The project's releases seen in the period, newest first, with their health: adoption (share of the last " +
          '24 hours’ sessions), crash-free sessions and users, error events per session, new issues and regressions, ' +
          'and the last deploy.',
        params: IdParam,
        querystring: Type.Object({
          period: Period,
          environment: Type.Optional(EnvironmentName),
          ...PageQuery,
        }),
        response: {
          200: Type.Object({
            releases: Type.Array(ReleaseHealth),
            next: Type.Union([Type.String(), Type.Null()]),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const project = await projectFor(request.caller, request.params.id, 'read');
      const { period, environment, cursor, limit = 25 } = request.query;
      return releaseHealthList(db, project.id, {
        periodMs: periodMs(period),
        environment: environment ?? null,
        cursor: decodeCursor(cursor),
        limit,
        nowMs: Date.now(),
      });
    },
  );

  app.get(
    '/api/v1/projects/:id/releases/:version/health',
    {
      schema: {
        description:
          "One release's health beside the release first seen before it, over the same period: its issues new and " +
          'regressed, its deploys and every gate verdict about it.',
        params: Type.Object({
          id: IdParam.properties.id,
          version: Type.String({ minLength: 1, maxLength: 200 }),
        }),
        querystring: Type.Object({ period: Period, environment: Type.Optional(EnvironmentName) }),
        response: {
          200: Type.Object({
            release: ReleaseHealth,
            previous: Type.Union([ReleaseHealth, Type.Null()]),
            newIssues: Type.Array(IssueFact),
            regressions: Type.Array(IssueFact),
            deploys: Type.Array(Deploy),
            verdicts: Type.Array(KeptVerdict),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const project = await projectFor(request.caller, request.params.id, 'read');
      const { version } = request.params;
      const nowMs = Date.now();
      const span = periodMs(request.query.period);
      const environment = request.query.environment ?? null;
      const health = await releaseHealthOf(db, project.id, version, { periodMs: span, environment, nowMs });
      if (!health)
        throw new VigieError('not_found', {
          message: `Release ${version} has sent nothing to this project.`,
        });
      const window = { fromMs: nowMs - span, toMs: nowMs };
      const [issues, deploys, verdicts] = await Promise.all([
        releaseIssues(db, project.id, version, environment, window),
        listDeploys(db, project.id, { release: version, limit: 50 }),
        listVerdicts(db, project.id, { release: version, limit: 50 }),
      ]);
      return {
        ...health,
        ...issues,
        deploys: deploys.slice(0, 50).map(presentDeploy),
        verdicts: verdicts.slice(0, 50).map(presentVerdict),
      };
    },
  );
};
