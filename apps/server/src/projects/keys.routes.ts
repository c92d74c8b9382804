// Changing a project's DSN keys, for its managers: create a key (one per app or environment), revoke
// a key (a leaked DSN), and set or lift its per-minute rate limit. Ingest sees the change within the
// key cache TTL (VIGIE_KEY_CACHE_TTL_MS).

import { Type } from 'typebox';
import { errorResponses, IdParam, ProjectKey } from '../api/schemas.ts';
import { authorize, projectNotFound } from '../auth/access.ts';
import type { Caller } from '../auth/caller.ts';
import { VigieError } from '../errors.ts';
import type { RoutePlugin } from '../http.ts';
import { presentKey } from './key.presenter.ts';
import {
  createKey,
  findProject,
  MAX_RATE_LIMIT_PER_MINUTE,
  revokeKey,
  setKeyRateLimit,
} from './project.repository.ts';

const KeyParams = Type.Object({ id: IdParam.properties.id, keyId: IdParam.properties.id });

// `const`, not `type: null`, and first: the API's type coercion would otherwise read 0 or "" as null (no
// limit), or null as 0.
const RateLimit = Type.Union([
  Type.Unsafe<null>({ const: null, description: 'No limit.' }),
  Type.Integer({ minimum: 1, maximum: MAX_RATE_LIMIT_PER_MINUTE }),
]);

export const keysRoutes: RoutePlugin = async (app, { database, config }) => {
  const { db } = database;

  /** The project the route names, once the caller may manage it (404 unknown or hidden, 403 otherwise). */
  const managed = async (request: { params: { id: string }; caller: Caller }) => {
    const project = await findProject(db, Number(request.params.id));
    if (!project) throw projectNotFound(request.params.id);
    await authorize(db, request.caller, project.id, 'manage');
    return project.id;
  };
  const keyNotFound = (keyId: string) => new VigieError('not_found', { thing: 'Key', id: keyId });

  app.post(
    '/api/v1/projects/:id/keys',
    {
      schema: {
        description:
          'Create a DSN key, say one per application or environment, so that each can be limited or revoked ' +
          'on its own. Ingest accepts it at once. Capability: manage.',
        params: IdParam,
        body: Type.Object({
          label: Type.String({
            minLength: 1,
            maxLength: 100,
            description: 'Where the key is used, for example "Web shop, browser".',
          }),
          rateLimitPerMinute: Type.Optional(RateLimit),
        }),
        response: { 201: ProjectKey, ...errorResponses },
      },
    },
    async (request, reply) => {
      const projectId = await managed(request);
      const label = request.body.label.trim();
      if (!label) throw new VigieError('invalid_key_label');
      const rateLimitPerMinute = request.body.rateLimitPerMinute ?? null;
      const key = await createKey(db, projectId, label, { rateLimitPerMinute });
      request.log.info({ projectId, keyId: key.id }, 'DSN key created');
      return reply.status(201).send(presentKey(config.publicUrl, key));
    },
  );

  app.post(
    '/api/v1/projects/:id/keys/:keyId/revoke',
    {
      schema: {
        description:
          'Revoke a DSN key: ingest refuses it (403 key_revoked) once the key cache expires, within ' +
          'VIGIE_KEY_CACHE_TTL_MS (10 s by default). Revoking a revoked key changes nothing. Capability: manage.',
        params: KeyParams,
        response: { 200: ProjectKey, ...errorResponses },
      },
    },
    async (request) => {
      const projectId = await managed(request);
      const key = await revokeKey(db, projectId, Number(request.params.keyId));
      if (!key) throw keyNotFound(request.params.keyId);
      request.log.info({ projectId, keyId: key.id }, 'DSN key revoked');
      return presentKey(config.publicUrl, key);
    },
  );

  app.patch(
    '/api/v1/projects/:id/keys/:keyId',
    {
      schema: {
        description:
          'Set the events a DSN key may send per minute (null: no limit). Past it, ingest answers 429 with ' +
          'Retry-After until the minute ends. Capability: manage.',
        params: KeyParams,
        body: Type.Object({
          rateLimitPerMinute: RateLimit,
        }),
        response: { 200: ProjectKey, ...errorResponses },
      },
    },
    async (request) => {
      const projectId = await managed(request);
      const perMinute = request.body.rateLimitPerMinute;
      const key = await setKeyRateLimit(db, projectId, Number(request.params.keyId), perMinute);
      if (!key) throw keyNotFound(request.params.keyId);
      return presentKey(config.publicUrl, key);
    },
  );
};
