// Storage of uploaded chunks, artifact bundles, their files and the files' contents (one blob per
// project and checksum, gzip-compressed), and the lookups symbolication makes: by debug id, or by
// release + URL.

import { gunzipSync, gzipSync } from 'node:zlib';
import { type Kysely, sql } from 'kysely';
import { chunks as inParts } from '../storage/rows.ts';
import type { Schema } from '../storage/schema.ts';
import type { ArtifactBundle } from './artifact-bundle.ts';

type Db = Kysely<Schema>;

export async function saveChunks(
  db: Db,
  parts: Array<{ checksum: string; data: Uint8Array }>,
  nowMs: number,
) {
  for (const part of parts) {
    await db
      .insertInto('upload_chunks')
      .values({ checksum: part.checksum, size: part.data.length, data: part.data, created_at: nowMs })
      .onConflict((oc) => oc.column('checksum').doNothing())
      .execute();
  }
}

/** The checksums among `wanted` that no chunk has, in their order. */
export async function missingChunks(db: Db, wanted: readonly string[]): Promise<string[]> {
  const present = new Set<string>();
  for (const part of inParts([...new Set(wanted)], 500)) {
    const rows = await db
      .selectFrom('upload_chunks')
      .select('checksum')
      .where('checksum', 'in', part)
      .execute();
    for (const row of rows) present.add(row.checksum);
  }
  return wanted.filter((c) => !present.has(c));
}

/** The chunks' bytes joined in the order given (all must exist: check missingChunks first). */
export async function joinChunks(db: Db, checksums: readonly string[]): Promise<Buffer> {
  const byChecksum = new Map<string, Uint8Array>();
  for (const checksum of new Set(checksums)) {
    const row = await db
      .selectFrom('upload_chunks')
      .select('data')
      .where('checksum', '=', checksum)
      .executeTakeFirstOrThrow();
    byChecksum.set(checksum, row.data);
  }
  return Buffer.concat(checksums.map((c) => byChecksum.get(c)!));
}

export async function deleteChunks(db: Db, checksums: readonly string[]): Promise<void> {
  for (const part of inParts([...new Set(checksums)], 500)) {
    await db.deleteFrom('upload_chunks').where('checksum', 'in', part).execute();
  }
}

/** Whether this project already holds the upload with this checksum (assemble is idempotent). */
export async function hasBundle(db: Db, projectId: number, checksum: string): Promise<boolean> {
  const row = await db
    .selectFrom('artifact_bundles')
    .select('id')
    .where('project_id', '=', projectId)
    .where('checksum', '=', checksum)
    .executeTakeFirst();
  return row !== undefined;
}

/** Bytes of file contents the project stores (each distinct content counted once). */
export async function storedBytes(db: Db, projectId: number): Promise<number> {
  const row = await db
    .selectFrom('artifact_blobs')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('size'), sql<number>`0`).as('bytes'))
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return Number(row?.bytes ?? 0);
}

/** Of these checksums, the ones the project has no blob for yet. */
export async function newChecksums(
  db: Db,
  projectId: number,
  checksums: readonly string[],
): Promise<Set<string>> {
  const fresh = new Set(checksums);
  for (const part of inParts([...fresh], 500)) {
    const rows = await db
      .selectFrom('artifact_blobs')
      .select('checksum')
      .where('project_id', '=', projectId)
      .where('checksum', 'in', part)
      .execute();
    for (const row of rows) fresh.delete(row.checksum);
  }
  return fresh;
}

export interface NewBundle {
  projectId: number;
  kind: 'artifact_bundle' | 'release_bundle' | 'release_files';
  checksum: string | null;
  bundle: ArtifactBundle;
  nowMs: number;
}

/**
 * Stores a bundle, its files and the contents the project does not hold yet, in one transaction.
 * For `release_files`, the files join the release's existing bundle of that kind, replacing a file
 * of the same URL.
 */
export async function storeBundle(db: Db, input: NewBundle): Promise<number> {
  const { projectId, bundle, nowMs } = input;
  return db.transaction().execute(async (trx) => {
    let bundleId: number;
    const existing =
      input.kind === 'release_files'
        ? await trx
            .selectFrom('artifact_bundles')
            .select('id')
            .where('project_id', '=', projectId)
            .where('kind', '=', 'release_files')
            .where('release', '=', bundle.release)
            .where((eb) => (bundle.dist === null ? eb('dist', 'is', null) : eb('dist', '=', bundle.dist)))
            .executeTakeFirst()
        : undefined;
    if (existing) {
      bundleId = Number(existing.id);
      await trx
        .deleteFrom('artifact_files')
        .where('bundle_id', '=', bundleId)
        .where(
          'url',
          'in',
          bundle.files.map((f) => f.url),
        )
        .execute();
    } else {
      const row = await trx
        .insertInto('artifact_bundles')
        .values({
          project_id: projectId,
          kind: input.kind,
          checksum: input.checksum,
          bundle_id: bundle.bundleId,
          release: bundle.release,
          dist: bundle.dist,
          file_count: 0,
          created_at: nowMs,
          last_used_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      bundleId = Number(row.id);
    }
    for (const file of bundle.files) {
      await trx
        .insertInto('artifact_blobs')
        .values({
          project_id: projectId,
          checksum: file.checksum,
          size: file.content.length,
          data: gzipSync(file.content),
          created_at: nowMs,
        })
        .onConflict((oc) => oc.columns(['project_id', 'checksum']).doNothing())
        .execute();
      await trx
        .insertInto('artifact_files')
        .values({
          bundle_id: bundleId,
          project_id: projectId,
          url: file.url,
          type: file.type,
          debug_id: file.debugId,
          sourcemap: file.sourcemap,
          release: bundle.release,
          dist: bundle.dist,
          checksum: file.checksum,
          size: file.content.length,
        })
        .execute();
    }
    const count = await trx
      .selectFrom('artifact_files')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('bundle_id', '=', bundleId)
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('artifact_bundles')
      .set({ file_count: Number(count.n), created_at: nowMs })
      .where('id', '=', bundleId)
      .execute();
    return bundleId;
  });
}

export interface StoredFile {
  bundleId: number;
  url: string;
  type: string;
  debugId: string | null;
  sourcemap: string | null;
  release: string | null;
  checksum: string;
}

const FILE_COLUMNS = ['bundle_id', 'url', 'type', 'debug_id', 'sourcemap', 'release', 'checksum'] as const;

function storedFile(row: {
  bundle_id: number;
  url: string;
  type: string;
  debug_id: string | null;
  sourcemap: string | null;
  release: string | null;
  checksum: string;
}): StoredFile {
  return {
    bundleId: Number(row.bundle_id),
    url: row.url,
    type: row.type,
    debugId: row.debug_id,
    sourcemap: row.sourcemap,
    release: row.release,
    checksum: row.checksum,
  };
}

/** The newest file of this type with this debug id. */
export async function fileByDebugId(
  db: Db,
  projectId: number,
  debugId: string,
  type: string,
): Promise<StoredFile | null> {
  const row = await db
    .selectFrom('artifact_files')
    .select(FILE_COLUMNS)
    .where('project_id', '=', projectId)
    .where('debug_id', '=', debugId)
    .where('type', '=', type)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row ? storedFile(row) : null;
}

/** The newest file of the release (and dist, when the file has one) at the first of these URLs found. */
export async function fileByUrl(
  db: Db,
  projectId: number,
  release: string,
  dist: string | null,
  urls: readonly string[],
): Promise<StoredFile | null> {
  if (urls.length === 0) return null;
  const rows = await db
    .selectFrom('artifact_files')
    .select([...FILE_COLUMNS, 'dist'])
    .where('project_id', '=', projectId)
    .where('release', '=', release)
    .where('url', 'in', [...urls])
    .orderBy('id', 'desc')
    .execute();
  for (const url of urls) {
    const row = rows.find((r) => r.url === url && (r.dist === null || r.dist === dist));
    if (row) return storedFile(row);
  }
  return null;
}

export async function blobContent(db: Db, projectId: number, checksum: string): Promise<Buffer | null> {
  const row = await db
    .selectFrom('artifact_blobs')
    .select('data')
    .where('project_id', '=', projectId)
    .where('checksum', '=', checksum)
    .executeTakeFirst();
  return row ? gunzipSync(row.data) : null;
}

/** Bundles used to symbolicate are kept: retention counts from their last use. */
export async function touchBundles(db: Db, ids: readonly number[], nowMs: number): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('artifact_bundles')
    .set({ last_used_at: nowMs })
    .where('id', 'in', [...ids])
    .execute();
}

/** When the project last received an upload; null when it holds none. */
export async function lastUploadAt(db: Db, projectId: number): Promise<number | null> {
  const row = await db
    .selectFrom('artifact_bundles')
    .select((eb) => eb.fn.max('created_at').as('at'))
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return row?.at === null || row?.at === undefined ? null : Number(row.at);
}

export interface BundleSummary {
  id: number;
  kind: string;
  bundleId: string | null;
  release: string | null;
  dist: string | null;
  fileCount: number;
  bytes: number;
  createdAt: number;
  lastUsedAt: number | null;
}

export async function listBundles(db: Db, projectId: number): Promise<BundleSummary[]> {
  const rows = await db
    .selectFrom('artifact_bundles as b')
    .leftJoin('artifact_files as f', 'f.bundle_id', 'b.id')
    .select((eb) => [
      'b.id',
      'b.kind',
      'b.bundle_id',
      'b.release',
      'b.dist',
      'b.file_count',
      'b.created_at',
      'b.last_used_at',
      eb.fn.coalesce(eb.fn.sum<number>('f.size'), sql<number>`0`).as('bytes'),
    ])
    .where('b.project_id', '=', projectId)
    .groupBy([
      'b.id',
      'b.kind',
      'b.bundle_id',
      'b.release',
      'b.dist',
      'b.file_count',
      'b.created_at',
      'b.last_used_at',
    ])
    .orderBy('b.created_at', 'desc')
    .orderBy('b.id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    kind: r.kind,
    bundleId: r.bundle_id,
    release: r.release,
    dist: r.dist,
    fileCount: Number(r.file_count),
    bytes: Number(r.bytes),
    createdAt: Number(r.created_at),
    lastUsedAt: r.last_used_at === null ? null : Number(r.last_used_at),
  }));
}

export type BundleSelection = { id: number } | { release: string };

/** Deletes the bundles selected, then the contents no file refers to any more; returns how many bundles. */
export async function deleteBundles(db: Db, projectId: number, which: BundleSelection): Promise<number> {
  return db.transaction().execute(async (trx) => {
    let query = trx.deleteFrom('artifact_bundles').where('project_id', '=', projectId);
    query = 'id' in which ? query.where('id', '=', which.id) : query.where('release', '=', which.release);
    const deleted = await query.returning('id').execute();
    if (deleted.length > 0) {
      await trx
        .deleteFrom('artifact_files')
        .where(
          'bundle_id',
          'in',
          deleted.map((r) => Number(r.id)),
        )
        .execute();
      await deleteOrphanBlobs(trx, projectId);
    }
    return deleted.length;
  });
}

/**
 * Deletes one file of a release (by the id its listing gave), then its bundle if it was the last
 * one, then the contents no file refers to any more; returns whether the file existed.
 */
export async function deleteReleaseFile(
  db: Db,
  projectId: number,
  release: string,
  fileId: number,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const deleted = await trx
      .deleteFrom('artifact_files')
      .where('id', '=', fileId)
      .where('project_id', '=', projectId)
      .where('release', '=', release)
      .returning('bundle_id')
      .executeTakeFirst();
    if (!deleted) return false;
    const bundleId = Number(deleted.bundle_id);
    const left = await trx
      .selectFrom('artifact_files')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('bundle_id', '=', bundleId)
      .executeTakeFirstOrThrow();
    if (Number(left.n) === 0) await trx.deleteFrom('artifact_bundles').where('id', '=', bundleId).execute();
    else
      await trx
        .updateTable('artifact_bundles')
        .set({ file_count: Number(left.n) })
        .where('id', '=', bundleId)
        .execute();
    await deleteOrphanBlobs(trx, projectId);
    return true;
  });
}

async function deleteOrphanBlobs(db: Db, projectId: number): Promise<void> {
  await db
    .deleteFrom('artifact_blobs')
    .where('project_id', '=', projectId)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('artifact_files')
            .select('artifact_files.id')
            .whereRef('artifact_files.project_id', '=', 'artifact_blobs.project_id')
            .whereRef('artifact_files.checksum', '=', 'artifact_blobs.checksum'),
        ),
      ),
    )
    .execute();
}

/**
 * Retention: bundles neither uploaded nor used since `beforeMs`, and chunks an upload left behind
 * for more than a day. Returns how many bundles went.
 */
export async function deleteExpired(db: Db, beforeMs: number, chunksBeforeMs: number): Promise<number> {
  await db.deleteFrom('upload_chunks').where('created_at', '<', chunksBeforeMs).execute();
  const old = await db
    .selectFrom('artifact_bundles')
    .select(['id', 'project_id'])
    .where((eb) => eb(eb.fn.coalesce('last_used_at', 'created_at'), '<', beforeMs))
    .execute();
  for (const row of old) await deleteBundles(db, Number(row.project_id), { id: Number(row.id) });
  return old.length;
}

/** A project named as sentry-cli names it: by slug, or by numeric id. */
export async function projectByRef(db: Db, ref: string): Promise<{ id: number; slug: string } | null> {
  const query = db.selectFrom('projects').select(['id', 'slug']);
  const row = /^\d+$/.test(ref)
    ? await query.where((eb) => eb.or([eb('slug', '=', ref), eb('id', '=', Number(ref))])).executeTakeFirst()
    : await query.where('slug', '=', ref).executeTakeFirst();
  return row ? { id: Number(row.id), slug: row.slug } : null;
}

/** The projects of a release: those whose events carry it, or that hold files of it. */
export async function projectsOfRelease(db: Db, release: string): Promise<number[]> {
  const rows = await db
    .selectFrom('releases')
    .select('project_id')
    .where('version', '=', release)
    .union(db.selectFrom('artifact_bundles').select('project_id').where('release', '=', release))
    .execute();
  return [...new Set(rows.map((r) => Number(r.project_id)))];
}

export async function listReleaseFiles(db: Db, projectId: number, release: string) {
  const rows = await db
    .selectFrom('artifact_files as f')
    .innerJoin('artifact_bundles as b', 'b.id', 'f.bundle_id')
    .select(['f.id', 'f.url', 'f.dist', 'f.sourcemap', 'f.size', 'f.checksum', 'b.created_at'])
    .where('f.project_id', '=', projectId)
    .where('f.release', '=', release)
    .orderBy('f.id')
    .limit(1000)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    url: r.url,
    dist: r.dist,
    sourcemap: r.sourcemap,
    size: Number(r.size),
    checksum: r.checksum,
    createdAt: Number(r.created_at),
  }));
}
