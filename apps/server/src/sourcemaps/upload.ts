// What an upload means, apart from HTTP: check chunks against their checksums, assemble a bundle from
// its chunks into a project's storage (idempotent, within the project's size limit), and the state
// answered to sentry-cli's polling, in Sentry's words (`ok`, `not_found` with the missing chunks, `error`).

import { gunzipSync } from 'node:zlib';
import type { Kysely } from 'kysely';
import { VigieError } from '../errors.ts';
import type { Schema } from '../storage/schema.ts';
import { type ArtifactBundle, readArtifactBundle, sha1 } from './artifact-bundle.ts';
import {
  deleteChunks,
  hasBundle,
  joinChunks,
  missingChunks,
  type NewBundle,
  newChecksums,
  storeBundle,
  storedBytes,
} from './artifacts.repository.ts';

type Db = Kysely<Schema>;

/** What sentry-cli is told to send: chunks of 8 MiB, 64 a request (its defaults against Sentry). */
export const CHUNK_LIMITS = {
  chunkSize: 8 * 1024 * 1024,
  chunksPerRequest: 64,
  maxRequestSize: 32 * 1024 * 1024,
  /** The largest bundle assembled, and the most a bundle may unpack to. */
  maxFileSize: 256 * 1024 * 1024,
} as const;

export interface AssembleState {
  state: 'ok' | 'not_found' | 'error' | 'created';
  missingChunks: string[];
  detail: string | null;
}

/** A chunk as sent (gzip-compressed when its form field is `file_gzip`), checked against its name. */
export function checkedChunk(
  name: string,
  bytes: Buffer,
  gzipped: boolean,
): { checksum: string; data: Buffer } {
  const checksum = name.toLowerCase();
  if (!/^[0-9a-f]{40}$/.test(checksum)) {
    throw new VigieError('invalid_upload', {
      message: `A chunk's file name must be the sha1 of its content (40 hex digits), got "${name.slice(0, 60)}".`,
    });
  }
  let data = bytes;
  if (gzipped) {
    try {
      data = gunzipSync(bytes, { maxOutputLength: CHUNK_LIMITS.chunkSize });
    } catch {
      throw new VigieError('invalid_upload', {
        message: `Chunk ${checksum} is not gzip data, or unpacks to more than ${CHUNK_LIMITS.chunkSize} bytes.`,
      });
    }
  }
  if (sha1(data) !== checksum) {
    throw new VigieError('invalid_upload', {
      message: `Chunk ${checksum} does not match its checksum (its sha1 is ${sha1(data)}).`,
    });
  }
  return { checksum, data };
}

export interface AssembleRequest {
  checksum: string;
  chunks: string[];
  kind: NewBundle['kind'];
  /** The release and dist of the request, which win over the bundle manifest's. */
  release: string | null;
  dist: string | null;
  maxBytes: number;
  nowMs: number;
}

/**
 * Assembles the bundle into each project. Answers `ok` at once when every project holds it, the
 * missing chunks when some are not uploaded yet, `error` (with why) when the bundle is unusable.
 */
export async function assembleBundle(
  db: Db,
  projectIds: number[],
  req: AssembleRequest,
): Promise<AssembleState> {
  const pending: number[] = [];
  for (const id of projectIds) if (!(await hasBundle(db, id, req.checksum))) pending.push(id);
  if (pending.length === 0) return { state: 'ok', missingChunks: [], detail: null };
  const missing = await missingChunks(db, req.chunks);
  if (missing.length > 0) return { state: 'not_found', missingChunks: missing, detail: null };
  const zip = await joinChunks(db, req.chunks);
  if (sha1(zip) !== req.checksum) {
    return error(`The chunks joined do not match the bundle's checksum ${req.checksum}.`);
  }
  if (zip.length > CHUNK_LIMITS.maxFileSize)
    return error(`The bundle is larger than ${CHUNK_LIMITS.maxFileSize} bytes.`);
  const read = readArtifactBundle(zip, CHUNK_LIMITS.maxFileSize);
  if (!read.ok) return error(read.reason);
  const bundle: ArtifactBundle = {
    ...read.bundle,
    release: req.release ?? read.bundle.release,
    dist: req.dist ?? read.bundle.dist,
  };
  if (bundle.files.length === 0) return error('The bundle holds no files.');
  for (const projectId of pending) {
    const over = await overLimit(db, projectId, bundle, req.maxBytes);
    if (over) return error(over);
    await storeBundle(db, { projectId, kind: req.kind, checksum: req.checksum, bundle, nowMs: req.nowMs });
  }
  await deleteChunks(db, req.chunks);
  return { state: 'ok', missingChunks: [], detail: null };
}

/** Why storing the bundle would take the project past its limit, or null. */
export async function overLimit(
  db: Db,
  projectId: number,
  bundle: ArtifactBundle,
  maxBytes: number,
): Promise<string | null> {
  const fresh = await newChecksums(
    db,
    projectId,
    bundle.files.map((f) => f.checksum),
  );
  const added = bundle.files
    .filter((f) => fresh.has(f.checksum) && fresh.delete(f.checksum))
    .reduce((sum, f) => sum + f.content.length, 0);
  const stored = await storedBytes(db, projectId);
  if (stored + added <= maxBytes) return null;
  return (
    `The project would store ${stored + added} bytes of source maps and files, over its limit of ${maxBytes} ` +
    "(VIGIE_SOURCEMAPS_MAX_BYTES): delete old releases' files or raise the limit."
  );
}

const error = (detail: string): AssembleState => ({ state: 'error', missingChunks: [], detail });
