// Per-project GitHub settings (the token is write-only: stored encrypted, never returned), and filing a
// Vigie issue as a GitHub issue.

import type { KeyObject } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { ErrorResponse, errorResponses, IdParam, iso } from '../api/schemas.ts';
import { authorize, projectNotFound } from '../auth/access.ts';
import { VigieError } from '../errors.ts';
import type { App, RouteDeps, RoutePlugin } from '../http.ts';
import { actorOf } from '../issues/activity.repository.ts';
import { authorizedIssue } from '../issues/authorized-issue.ts';
import { findProject } from '../projects/project.repository.ts';
import { fileGithubIssue } from './github/file-issue.ts';
import {
  DEFAULT_API_BASE_URL,
  deleteGithubSettings,
  findGithubSettings,
  type GithubSettings,
  saveGithubSettings,
} from './github/settings.repository.ts';
import { requireGithubTarget, secretKeyLoader } from './github/target.ts';

const SettingsInput = Type.Object({
  apiBaseUrl: Type.String({
    format: 'uri',
    pattern: '^https?://',
    maxLength: 500,
    default: DEFAULT_API_BASE_URL,
    description: 'https://api.github.com, or https://<host>/api/v3 for GitHub Enterprise Server.',
  }),
  repository: Type.String({
    pattern: '^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$',
    maxLength: 200,
    examples: ['acme/shop'],
  }),
  token: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 1000,
      writeOnly: true,
      description:
        'A token that may create issues in the repository. Stored encrypted, never returned; omit it to keep the stored one.',
    }),
  ),
});

const SettingsOutput = Type.Object({
  apiBaseUrl: Type.String(),
  repository: Type.String(),
  tokenSet: Type.Boolean(),
  updatedAt: Type.String({ format: 'date-time' }),
});

const present = (s: GithubSettings) => ({
  apiBaseUrl: s.apiBaseUrl,
  repository: s.repository,
  tokenSet: true,
  updatedAt: iso(s.updatedAt),
});

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/** The token travels in a header: plain http only to this machine (a local GitHub stand-in, a tunnel). */
function checkApiBaseUrl(value: string): string {
  const url = new URL(value);
  if (url.protocol !== 'https:' && !LOOPBACK.test(url.hostname)) {
    throw new VigieError('insecure_api_base_url');
  }
  return value.replace(/\/+$/, '');
}

type Db = RouteDeps['database']['db'];

async function projectFor(db: Db, id: string) {
  const project = await findProject(db, Number(id));
  if (!project) throw projectNotFound(id);
  return project;
}

// The settings themselves are not_found; filing an issue without them is a conflict with the project's state.
const settingsNotFound = (projectId: number) =>
  new VigieError('not_found', {
    message: `GitHub is not configured for project ${projectId}: PUT /api/v1/projects/${projectId}/github first.`,
  });

export const githubRoutes: RoutePlugin = async (app, deps) => {
  const secretKey = secretKeyLoader(deps.config);
  putSettingsRoute(app, deps.database.db, secretKey);
  getSettingsRoute(app, deps.database.db);
  deleteSettingsRoute(app, deps.database.db);
  fileIssueRoute(app, deps, secretKey);
};

function putSettingsRoute(app: App, db: Db, secretKey: () => KeyObject): void {
  app.put(
    '/api/v1/projects/:id/github',
    {
      schema: {
        description: "Set the project's GitHub repository and token (the token is stored encrypted).",
        params: IdParam,
        body: SettingsInput,
        response: { 200: SettingsOutput, ...errorResponses, 500: ErrorResponse },
      },
    },
    async (request) => {
      const project = await projectFor(db, request.params.id);
      await authorize(db, request.caller, project.id, 'manage');
      const { repository, token } = request.body;
      const apiBaseUrl = checkApiBaseUrl(request.body.apiBaseUrl);
      const input = { projectId: project.id, apiBaseUrl, repository, token };
      if (!(await saveGithubSettings(db, secretKey, input))) {
        throw new VigieError('github_token_required');
      }
      return present((await findGithubSettings(db, project.id))!);
    },
  );
}

function getSettingsRoute(app: App, db: Db): void {
  app.get(
    '/api/v1/projects/:id/github',
    {
      schema: {
        description:
          'Where issues of the project are filed: readable by whoever can read the project, so triagers see it before filing (the token is never returned).',
        params: IdParam,
        response: { 200: SettingsOutput, ...errorResponses },
      },
    },
    async (request) => {
      const project = await projectFor(db, request.params.id);
      await authorize(db, request.caller, project.id, 'read');
      const settings = await findGithubSettings(db, project.id);
      if (!settings) throw settingsNotFound(project.id);
      return present(settings);
    },
  );
}

function deleteSettingsRoute(app: App, db: Db): void {
  app.delete(
    '/api/v1/projects/:id/github',
    { schema: { params: IdParam, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      const project = await projectFor(db, request.params.id);
      await authorize(db, request.caller, project.id, 'manage');
      if (!(await deleteGithubSettings(db, project.id))) throw settingsNotFound(project.id);
      return reply.code(204).send(null);
    },
  );
}

function fileIssueRoute(app: App, deps: RouteDeps, secretKey: () => KeyObject): void {
  const { database, config } = deps;
  const { db } = database;
  app.post(
    '/api/v1/issues/:id/github',
    {
      schema: {
        description:
          'File the issue in GitHub (title, error, culprit, top in-app frames, counts and a link back to ' +
          `<VIGIE_PUBLIC_URL>/issues/{id}), link it on the issue and mark the issue reviewed.`,
        params: IdParam,
        body: Type.Object({
          force: Type.Boolean({
            default: false,
            description: 'File again although the issue is already linked.',
          }),
        }),
        response: {
          201: Type.Object({ url: Type.String(), number: Type.Integer(), repository: Type.String() }),
          ...errorResponses,
          409: ErrorResponse,
          500: ErrorResponse,
          502: ErrorResponse,
          503: ErrorResponse,
          504: ErrorResponse,
        },
      },
      // `POST /issues/1/github` with no body at all files it (without force).
      preValidation: async (request: FastifyRequest) => {
        if (request.body === undefined) request.body = {};
      },
    },
    async (request, reply) => {
      const issue = await authorizedIssue(database, request.caller, Number(request.params.id), 'triage');
      const target = await requireGithubTarget(db, secretKey, issue.project_id);
      const created = await fileGithubIssue(db, {
        issue,
        target,
        publicUrl: config.publicUrl,
        actor: actorOf(request.caller),
        force: request.body.force,
      });
      return reply
        .code(201)
        .send({ url: created.url, number: created.number, repository: target.repository });
    },
  );
}
