// Projects and their DSN keys.

import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { VigieError } from '../errors.ts';
import type { Project, ProjectKey, Schema } from '../storage/schema.ts';

type Db = Kysely<Schema>;

export function slugify(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50);
  return slug || 'project';
}

/** Create a project; 409 if its slug is taken. */
export async function createProject(db: Db, name: string, now = Date.now()): Promise<Project> {
  const trimmed = name.trim();
  if (!trimmed) throw new VigieError('invalid_name');
  const slug = slugify(trimmed);
  const row = await db
    .insertInto('projects')
    .values({ slug, name: trimmed, created_at: now })
    .onConflict((oc) => oc.column('slug').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new VigieError('project_exists', { slug }, { slug });
  return row;
}

/** The default project a first start creates; undefined when another instance created it first. */
export async function createDefaultProject(db: Db, now = Date.now()): Promise<number | undefined> {
  const project = await db
    .insertInto('projects')
    .values({ slug: 'default', name: 'Default', created_at: now })
    .onConflict((oc) => oc.column('slug').doNothing())
    .returning('id')
    .executeTakeFirst();
  return project?.id;
}

export async function hasProjects(db: Db): Promise<boolean> {
  return (await db.selectFrom('projects').select('id').limit(1).executeTakeFirst()) !== undefined;
}

export function listProjects(db: Db): Promise<Project[]> {
  return db.selectFrom('projects').selectAll().orderBy('id').execute();
}

/** Find a project by numeric id or slug. */
export async function findProject(db: Db, idOrSlug: string | number): Promise<Project | undefined> {
  const asId =
    typeof idOrSlug === 'number' ? idOrSlug : /^\d+$/.test(idOrSlug) ? Number(idOrSlug) : undefined;
  const query = db.selectFrom('projects').selectAll();
  return asId !== undefined
    ? query.where('id', '=', asId).executeTakeFirst()
    : query.where('slug', '=', String(idOrSlug)).executeTakeFirst();
}

export async function createKey(
  db: Db,
  projectId: number,
  label = 'Default',
  { rateLimitPerMinute = null, now = Date.now() }: { rateLimitPerMinute?: number | null; now?: number } = {},
): Promise<ProjectKey> {
  return db
    .insertInto('project_keys')
    .values({
      project_id: projectId,
      public_key: randomBytes(16).toString('hex'),
      secret_key: randomBytes(16).toString('hex'),
      label,
      rate_limit_per_minute: rateLimitPerMinute,
      created_at: now,
      revoked_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function listKeys(db: Db, projectId: number): Promise<ProjectKey[]> {
  return db
    .selectFrom('project_keys')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('id')
    .execute();
}

export function findKey(db: Db, publicKey: string): Promise<ProjectKey | undefined> {
  return db.selectFrom('project_keys').selectAll().where('public_key', '=', publicKey).executeTakeFirst();
}

/** Revoke a key of the project; the key as it is after, or undefined when the project has no such key. */
export async function revokeKey(
  db: Db,
  projectId: number,
  keyId: number,
  now = Date.now(),
): Promise<ProjectKey | undefined> {
  await db
    .updateTable('project_keys')
    .set({ revoked_at: now })
    .where('id', '=', keyId)
    .where('project_id', '=', projectId)
    .where('revoked_at', 'is', null)
    .execute();
  return findKeyById(db, projectId, keyId);
}

/** Highest limit a key can be given: far above what one instance ingests, below integer trouble. */
export const MAX_RATE_LIMIT_PER_MINUTE = 100_000_000;

/** Set (or, with null, lift) a key's events-per-minute limit; undefined when the project has no such key. */
export async function setKeyRateLimit(
  db: Db,
  projectId: number,
  keyId: number,
  perMinute: number | null,
): Promise<ProjectKey | undefined> {
  await db
    .updateTable('project_keys')
    .set({ rate_limit_per_minute: perMinute })
    .where('id', '=', keyId)
    .where('project_id', '=', projectId)
    .execute();
  return findKeyById(db, projectId, keyId);
}

export function findKeyById(db: Db, projectId: number, keyId: number): Promise<ProjectKey | undefined> {
  return db
    .selectFrom('project_keys')
    .selectAll()
    .where('id', '=', keyId)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
}

/** The DSN an SDK is configured with: {scheme}://{public_key}@{host}/{project_id}. */
export function dsnFor(publicUrl: string, key: Pick<ProjectKey, 'public_key' | 'project_id'>): string {
  const url = new URL(publicUrl);
  url.username = key.public_key;
  const base = url.pathname.replace(/\/+$/, '');
  return `${url.protocol}//${key.public_key}@${url.host}${base}/${key.project_id}`;
}
