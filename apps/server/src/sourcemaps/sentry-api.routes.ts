// The part of Sentry's web API that its upload tools call, so that `sentry-cli sourcemaps upload`
// and the bundler plugins (@sentry/vite-plugin…) upload to Vigie unchanged, with a Vigie API token
// as SENTRY_AUTH_TOKEN and Vigie's URL as --url: chunk-upload options and chunk upload, artifact
// bundle assemble (which the tools poll), release creation, and the release-files endpoints of
// older setups. The organisation slug is accepted whatever it is; projects are Vigie's slugs or ids.

import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { errorResponses } from '../api/schemas.ts';
import { authorize, projectNotFound } from '../auth/access.ts';
import { requireBearerToken } from '../auth/bearer.ts';
import type { Caller } from '../auth/caller.ts';
import { VigieError } from '../errors.ts';
import type { RouteDeps, RoutePlugin } from '../http.ts';
import { type BundleFile, canonicalDebugId, sha1 } from './artifact-bundle.ts';
import {
  deleteBundles,
  deleteReleaseFile,
  listReleaseFiles,
  projectByRef,
  projectsOfRelease,
  saveChunks,
  storeBundle,
} from './artifacts.repository.ts';
import type { SourceMapStore } from './source-map-store.ts';
import { assembleBundle, CHUNK_LIMITS, checkedChunk, overLimit } from './upload.ts';

export interface SentryApiDeps extends RouteDeps {
  sourceMaps: SourceMapStore;
}

const Checksum = Type.String({ pattern: '^[0-9a-fA-F]{40}$' });
const Version = Type.String({ minLength: 1, maxLength: 200 });
const AssembleAnswer = Type.Object({
  state: Type.String(),
  missingChunks: Type.Array(Type.String()),
  detail: Type.Union([Type.String(), Type.Null()]),
});
const OrgParams = Type.Object({ org: Type.String({ maxLength: 200 }) });
const ReleaseParams = Type.Object({ org: Type.String({ maxLength: 200 }), version: Version });
const ProjectReleaseParams = Type.Object({
  org: Type.String({ maxLength: 200 }),
  project: Type.String({ maxLength: 200 }),
  version: Version,
});
/** A release file's id as its listing gives it. */
const FileId = Type.String({ pattern: '^[0-9]{1,15}$' });
const ReleaseFile = Type.Object({
  id: Type.String(),
  name: Type.String(),
  dist: Type.Union([Type.String(), Type.Null()]),
  headers: Type.Record(Type.String(), Type.String()),
  size: Type.Integer(),
  sha1: Type.String(),
  dateCreated: Type.String(),
});

export const sentryApiRoutes: RoutePlugin<SentryApiDeps> = async (app, deps) => {
  const { db } = deps.database;
  requireBearerToken(app, deps.database);
  await app.register(multipart, {
    limits: {
      fileSize: CHUNK_LIMITS.chunkSize,
      files: CHUNK_LIMITS.chunksPerRequest,
      fields: 20,
      fieldSize: 4096,
      parts: CHUNK_LIMITS.chunksPerRequest + 20,
    },
  });

  /** The projects named, each one the caller may upload to (404 unknown or hidden, 403 otherwise). */
  const uploadable = async (caller: Caller, refs: readonly string[]): Promise<number[]> => {
    const ids: number[] = [];
    for (const ref of refs) {
      const project = await projectByRef(db, ref);
      if (!project) throw projectNotFound(ref);
      await authorize(db, caller, project.id, 'triage', () => projectNotFound(ref));
      ids.push(project.id);
    }
    return ids;
  };
  const maxBytes = deps.config.sourcemaps.maxBytes;

  // sentry-cli asks for the organisation (its region URL) first: any slug is this Vigie.
  app.get('/api/0/organizations/:org/', { schema: { params: OrgParams } }, async (request) => ({
    id: '1',
    slug: request.params.org,
    name: request.params.org,
    links: { organizationUrl: baseUrl(request), regionUrl: baseUrl(request) },
  }));

  app.get('/api/0/organizations/:org/chunk-upload/', { schema: { params: OrgParams } }, async (request) => ({
    url: `${baseUrl(request)}/api/0/organizations/${encodeURIComponent(request.params.org)}/chunk-upload/`,
    chunkSize: CHUNK_LIMITS.chunkSize,
    chunksPerRequest: CHUNK_LIMITS.chunksPerRequest,
    maxFileSize: CHUNK_LIMITS.maxFileSize,
    maxRequestSize: CHUNK_LIMITS.maxRequestSize,
    concurrency: 4,
    hashAlgorithm: 'sha1',
    compression: ['gzip'],
    accept: ['artifact_bundles', 'release_files', 'sources'],
  }));

  app.post(
    '/api/0/organizations/:org/chunk-upload/',
    { schema: { params: OrgParams } },
    async (request, reply) => {
      if (!request.isMultipart()) {
        throw new VigieError('invalid_upload', {
          message: 'Chunks are sent as multipart/form-data, one per "file" or "file_gzip" field.',
        });
      }
      const received: Array<{ checksum: string; data: Buffer }> = [];
      for await (const part of request.parts()) {
        if (part.type !== 'file') continue;
        if (part.fieldname !== 'file' && part.fieldname !== 'file_gzip') {
          await part.toBuffer();
          continue;
        }
        received.push(checkedChunk(part.filename, await part.toBuffer(), part.fieldname === 'file_gzip'));
      }
      await saveChunks(db, received, Date.now());
      return reply.code(200).send({});
    },
  );

  app.post(
    '/api/0/organizations/:org/artifactbundle/assemble/',
    {
      schema: {
        params: OrgParams,
        body: Type.Object({
          checksum: Checksum,
          chunks: Type.Array(Checksum, { maxItems: 1024 }),
          projects: Type.Array(Type.String({ maxLength: 200 }), { minItems: 1, maxItems: 50 }),
          version: Type.Optional(Version),
          dist: Type.Optional(Type.String({ maxLength: 64 })),
        }),
        response: { 200: AssembleAnswer, ...errorResponses },
      },
    },
    async (request) => {
      const projectIds = await uploadable(request.caller, request.body.projects);
      const state = await assembleBundle(db, projectIds, {
        checksum: request.body.checksum.toLowerCase(),
        chunks: request.body.chunks.map((c) => c.toLowerCase()),
        kind: 'artifact_bundle',
        release: request.body.version ?? null,
        dist: request.body.dist ?? null,
        maxBytes,
        nowMs: Date.now(),
      });
      if (state.state === 'ok') for (const id of projectIds) deps.sourceMaps.uploaded(id);
      return state;
    },
  );

  // sentry-cli 2's release bundle: the same zip, its project named in its manifest or by the release.
  app.post(
    '/api/0/organizations/:org/releases/:version/assemble/',
    {
      schema: {
        params: ReleaseParams,
        body: Type.Object({
          checksum: Checksum,
          chunks: Type.Array(Checksum, { maxItems: 1024 }),
          projects: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 50 })),
        }),
        response: { 200: AssembleAnswer, ...errorResponses },
      },
    },
    async (request) => {
      const { version } = request.params;
      const refs = request.body.projects ?? [];
      const projectIds =
        refs.length > 0
          ? await uploadable(request.caller, refs)
          : await releaseProjects(request.caller, version);
      const state = await assembleBundle(db, projectIds, {
        checksum: request.body.checksum.toLowerCase(),
        chunks: request.body.chunks.map((c) => c.toLowerCase()),
        kind: 'release_bundle',
        release: version,
        dist: null,
        maxBytes,
        nowMs: Date.now(),
      });
      if (state.state === 'ok') for (const id of projectIds) deps.sourceMaps.uploaded(id);
      return state;
    },
  );

  /** The projects of this release (by its events or its files) that the caller may upload to. */
  const allowedReleaseProjects = async (caller: Caller, version: string): Promise<number[]> => {
    const allowed: number[] = [];
    for (const id of await projectsOfRelease(db, version)) {
      try {
        await authorize(db, caller, id, 'triage');
        allowed.push(id);
      } catch {}
    }
    return allowed;
  };
  /** The same for an upload, which needs one: with none, the tool is told to name the project. */
  const releaseProjects = async (caller: Caller, version: string): Promise<number[]> => {
    const allowed = await allowedReleaseProjects(caller, version);
    if (allowed.length === 0) {
      throw new VigieError('invalid_upload', {
        message: `Name the project (--project) for release ${version}: no project of yours has events of it yet.`,
      });
    }
    return allowed;
  };

  // Releases as the tools create and finalize them. Vigie learns releases from events, so these
  // acknowledge the request; the release's files are what matters.
  const releaseAnswer = (version: string, projects: string[]) => ({
    version,
    shortVersion: version,
    dateCreated: new Date().toISOString(),
    dateReleased: null,
    projects: projects.map((slug) => ({ slug, name: slug })),
  });
  const NewRelease = Type.Object({
    version: Version,
    projects: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 50 })),
  });
  app.post(
    '/api/0/organizations/:org/releases/',
    { schema: { params: OrgParams, body: NewRelease } },
    async (request, reply) => {
      const projects = request.body.projects ?? [];
      await uploadable(request.caller, projects);
      return reply.code(201).send(releaseAnswer(request.body.version, projects));
    },
  );
  app.post(
    '/api/0/projects/:org/:project/releases/',
    { schema: { params: Type.Object({ org: Type.String(), project: Type.String() }), body: NewRelease } },
    async (request, reply) => {
      await uploadable(request.caller, [request.params.project]);
      return reply.code(201).send(releaseAnswer(request.body.version, [request.params.project]));
    },
  );
  app.put(
    '/api/0/organizations/:org/releases/:version/',
    { schema: { params: ReleaseParams } },
    async (request) => releaseAnswer(request.params.version, []),
  );

  // Deleting a release deletes its uploaded files, in every project the caller may upload to.
  app.delete(
    '/api/0/organizations/:org/releases/:version/',
    { schema: { params: ReleaseParams } },
    async (request, reply) => {
      for (const id of await allowedReleaseProjects(request.caller, request.params.version)) {
        await deleteBundles(db, id, { release: request.params.version });
        deps.sourceMaps.uploaded(id);
      }
      return reply.code(204).send();
    },
  );
  app.delete(
    '/api/0/projects/:org/:project/releases/:version/',
    { schema: { params: ProjectReleaseParams } },
    async (request, reply) => {
      const [id] = await uploadable(request.caller, [request.params.project]);
      await deleteBundles(db, id!, { release: request.params.version });
      deps.sourceMaps.uploaded(id!);
      return reply.code(204).send();
    },
  );

  // Release files, one per request (sentry-cli 1, `releases files upload`, older plugins; sentry-cli 2
  // when the server takes no chunks), to the project named, or without one (sentry-cli 2 with no
  // --project) to the projects whose events carry the release.
  const filePost = { response: { 201: ReleaseFile, ...errorResponses } };
  const fileList = { response: { 200: Type.Array(ReleaseFile), ...errorResponses } };
  const uploadReleaseFile = async (request: FastifyRequest, projectIds: number[], version: string) => {
    const form = await releaseFileForm(request);
    const bundle = { bundleId: null, release: version, dist: form.dist, files: [form.file] };
    for (const projectId of projectIds) {
      const over = await overLimit(db, projectId, bundle, maxBytes);
      if (over) throw new VigieError('payload_too_large', { message: over });
    }
    for (const projectId of projectIds) {
      await storeBundle(db, { projectId, kind: 'release_files', checksum: null, bundle, nowMs: Date.now() });
      deps.sourceMaps.uploaded(projectId);
    }
    return presentReleaseFile(form.file, form.dist, Date.now());
  };
  const releaseFiles = async (projectIds: number[], version: string) => {
    const files = [];
    for (const projectId of projectIds) files.push(...(await listReleaseFiles(db, projectId, version)));
    return files.map((f) => ({
      id: String(f.id),
      name: f.url,
      dist: f.dist,
      headers: f.sourcemap ? { Sourcemap: f.sourcemap } : {},
      size: f.size,
      sha1: f.checksum,
      dateCreated: new Date(f.createdAt).toISOString(),
    }));
  };
  app.post(
    '/api/0/projects/:org/:project/releases/:version/files/',
    { schema: { params: ProjectReleaseParams, ...filePost } },
    async (request, reply) => {
      const projectIds = await uploadable(request.caller, [request.params.project]);
      return reply.code(201).send(await uploadReleaseFile(request, projectIds, request.params.version));
    },
  );
  app.get(
    '/api/0/projects/:org/:project/releases/:version/files/',
    { schema: { params: ProjectReleaseParams, ...fileList } },
    async (request) =>
      releaseFiles(await uploadable(request.caller, [request.params.project]), request.params.version),
  );
  app.post(
    '/api/0/organizations/:org/releases/:version/files/',
    { schema: { params: ReleaseParams, ...filePost } },
    async (request, reply) => {
      const projectIds = await releaseProjects(request.caller, request.params.version);
      return reply.code(201).send(await uploadReleaseFile(request, projectIds, request.params.version));
    },
  );
  app.get(
    '/api/0/organizations/:org/releases/:version/files/',
    { schema: { params: ReleaseParams, ...fileList } },
    async (request) =>
      releaseFiles(await releaseProjects(request.caller, request.params.version), request.params.version),
  );

  // One release file, by the id its listing gave (sentry-cli 2's `releases files VERSION delete NAME`
  // lists the files, then deletes each by id): the file goes, and the bytes no other file holds.
  const deleteFile = async (projectIds: number[], version: string, fileId: string) => {
    let found = false;
    for (const projectId of projectIds) {
      if (!(await deleteReleaseFile(db, projectId, version, Number(fileId)))) continue;
      deps.sourceMaps.uploaded(projectId);
      found = true;
    }
    if (!found) {
      throw new VigieError('not_found', {
        message: `Release ${version} has no file ${fileId} (list the release's files for their ids).`,
      });
    }
  };
  const fileDelete = { response: { 204: Type.Null(), ...errorResponses } };
  app.delete(
    '/api/0/projects/:org/:project/releases/:version/files/:fileId/',
    {
      schema: { params: Type.Object({ ...ProjectReleaseParams.properties, fileId: FileId }), ...fileDelete },
    },
    async (request, reply) => {
      const { project, version, fileId } = request.params;
      await deleteFile(await uploadable(request.caller, [project]), version, fileId);
      return reply.code(204).send(null);
    },
  );
  app.delete(
    '/api/0/organizations/:org/releases/:version/files/:fileId/',
    { schema: { params: Type.Object({ ...ReleaseParams.properties, fileId: FileId }), ...fileDelete } },
    async (request, reply) => {
      const { version, fileId } = request.params;
      await deleteFile(await allowedReleaseProjects(request.caller, version), version, fileId);
      return reply.code(204).send(null);
    },
  );
};

/** Where the client reached Vigie: the chunk-upload URL it is told to use. */
function baseUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

interface ReleaseFileForm {
  file: BundleFile;
  dist: string | null;
}

/** The multipart form of a release file: `file`, `name` (its URL), `dist`, `header` (`Sourcemap: x.map`). */
async function releaseFileForm(request: FastifyRequest): Promise<ReleaseFileForm> {
  if (!request.isMultipart()) {
    throw new VigieError('invalid_upload', {
      message: 'A release file is sent as multipart/form-data with a "file" field.',
    });
  }
  let content: Buffer | null = null;
  let filename = '';
  const fields: Record<string, string[]> = {};
  for await (const part of request.parts({ limits: { fileSize: CHUNK_LIMITS.maxRequestSize } })) {
    if (part.type === 'file') {
      const bytes = await part.toBuffer();
      if (part.fieldname === 'file') {
        content = bytes;
        filename = part.filename;
      }
    } else if (typeof part.value === 'string') {
      fields[part.fieldname] = [...(fields[part.fieldname] ?? []), part.value];
    }
  }
  if (content === null) throw new VigieError('invalid_upload', { message: 'The form has no "file" field.' });
  const url = fields.name?.[0] ?? filename;
  if (!url)
    throw new VigieError('invalid_upload', {
      message: 'Name the file (its URL, e.g. ~/app.js) in the "name" field.',
    });
  const headers = new Map<string, string>();
  for (const h of fields.header ?? []) {
    const at = h.indexOf(':');
    if (at > 0) headers.set(h.slice(0, at).trim().toLowerCase(), h.slice(at + 1).trim());
  }
  const head = content.subarray(0, 4096).toString();
  const isMap = url.endsWith('.map') || (/^\s*\{/.test(head) && /"mappings"\s*:/.test(head));
  return {
    dist: fields.dist?.[0] ?? null,
    file: {
      url: url.slice(0, 2048),
      type: isMap ? 'source_map' : 'minified_source',
      debugId: canonicalDebugId(headers.get('debug-id')),
      sourcemap: headers.get('sourcemap') ?? headers.get('x-sourcemap') ?? null,
      content,
      checksum: sha1(content),
    },
  };
}

function presentReleaseFile(file: BundleFile, dist: string | null, atMs: number) {
  return {
    id: file.checksum,
    name: file.url,
    dist,
    headers: file.sourcemap ? { Sourcemap: file.sourcemap } : {},
    size: file.content.length,
    sha1: file.checksum,
    dateCreated: new Date(atMs).toISOString(),
  };
}
