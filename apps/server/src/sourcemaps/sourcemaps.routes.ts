// Vigie's own view of a project's uploaded source maps: what is stored (bundles, their release and
// files, the bytes counted against VIGIE_SOURCEMAPS_MAX_BYTES) and deleting a bundle.

import { Type } from 'typebox';
import { errorResponses, IdParam } from '../api/schemas.ts';
import { authorize, projectNotFound } from '../auth/access.ts';
import { VigieError } from '../errors.ts';
import type { RoutePlugin } from '../http.ts';
import { deleteBundles, listBundles, storedBytes } from './artifacts.repository.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

const Bundle = Type.Object({
  id: Type.Integer(),
  kind: Type.String({ description: 'artifact_bundle (debug ids), release_bundle or release_files.' }),
  bundleId: Nullable(Type.String()),
  release: Nullable(Type.String()),
  dist: Nullable(Type.String()),
  fileCount: Type.Integer(),
  bytes: Type.Integer({ description: "The bundle's files, uncompressed." }),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Nullable(Type.String({ format: 'date-time' })),
});

const iso = (ms: number) => new Date(ms).toISOString();

export const sourcemapsRoutes: RoutePlugin = async (app, { database, config }) => {
  const { db } = database;
  const { sourceMaps } = app.vigie;

  app.get(
    '/api/v1/projects/:id/sourcemaps',
    {
      schema: {
        description:
          'The bundles of source maps and minified files uploaded to the project (sentry-cli, the bundler ' +
          'plugins), newest first, and the bytes the project stores against its limit. Capability: read.',
        params: IdParam,
        response: {
          200: Type.Object({
            bundles: Type.Array(Bundle),
            storedBytes: Type.Integer({ description: 'Each distinct file counted once.' }),
            limitBytes: Type.Integer(),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const projectId = Number(request.params.id);
      await authorize(db, request.caller, projectId, 'read');
      const bundles = await listBundles(db, projectId);
      return {
        bundles: bundles.map((b) => ({
          ...b,
          createdAt: iso(b.createdAt),
          lastUsedAt: b.lastUsedAt === null ? null : iso(b.lastUsedAt),
        })),
        storedBytes: await storedBytes(db, projectId),
        limitBytes: config.sourcemaps.maxBytes,
      };
    },
  );

  app.delete(
    '/api/v1/projects/:id/sourcemaps/:bundleId',
    {
      schema: {
        description:
          'Delete an uploaded bundle and the file contents no other bundle holds. Events already mapped keep ' +
          'their original frames. Capability: triage.',
        params: Type.Object({ id: IdParam.properties.id, bundleId: IdParam.properties.id }),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const projectId = Number(request.params.id);
      await authorize(db, request.caller, projectId, 'triage', () => projectNotFound(request.params.id));
      const deleted = await deleteBundles(db, projectId, { id: Number(request.params.bundleId) });
      if (deleted === 0) {
        throw new VigieError('not_found', { message: `Bundle ${request.params.bundleId} does not exist.` });
      }
      sourceMaps.uploaded(projectId);
      return reply.code(204).send(null);
    },
  );
};
