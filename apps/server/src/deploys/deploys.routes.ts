// Deploy markers and release health: record a deploy, list them (the charts' markers), the releases page's
// table and a release's page compared with the release before it.

import { Type } from 'typebox';
import { decodeCursor, page } from '../api/cursor.ts';
import { errorResponses, IdParam, PageQuery } from '../api/schemas.ts';
import { authorize, projectNotFound } from '../auth/access.ts';
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
          start: Type.Optional(Type.String({ format: 'date-time' })),
          end: Type.Optional(Type.String({ format: 'date-time' })),
          ...PageQuery,
        }),
        response: {
          200: Type.Object({ deploys: Type.Array(Deploy), next: Type.Union([Type.String(), Type.Null()]) }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const project = await projectFor(request.caller, request.params.id, 'read');
      const { release, environment, start, end, cursor, limit = 25 } = request.query;
      const rows = await listDeploys(db, project.id, {
        release,
        environment,
        fromMs: start === undefined ? undefined : Date.parse(start),
        toMs: end === undefined ? undefined : Date.parse(end),
        cursor: decodeCursor(cursor),
        limit,
      });
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
