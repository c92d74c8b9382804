// Helpers for the triage tests: issues as ingest leaves them (inserted directly, then through
// applyEventArrivals as the batch writer does), project members with their tokens, and JSON calls.

import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ProjectRole, Scope } from '../src/auth/roles.ts';
import { createToken } from '../src/auth/token.repository.ts';
import { createUser } from '../src/auth/users.repository.ts';
import { applyEventArrivals, type EventArrival } from '../src/issues/lifecycle/event-arrivals.ts';
import type { DialectName } from '../src/storage/dialect.ts';
import type { Schema } from '../src/storage/schema.ts';
import { setMember } from '../src/teams/members.repository.ts';
import type { HttpClient } from './support/app.ts';
import { UNTRIAGED } from './support/issue-rows.ts';

type Db = Kysely<Schema>;

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export interface IssueSeed {
  projectId: number;
  title?: string;
  firstSeen?: number;
  lastSeen?: number;
  timesSeen?: number;
  usersSeen?: number;
  release?: string | null;
}

/** An issue row as the batch writer's upsert leaves it (unresolved, new), without its lifecycle bookkeeping. */
export async function insertIssue(db: Db, seed: IssueSeed): Promise<number> {
  const firstSeen = seed.firstSeen ?? Date.now() - HOUR;
  const row = await db
    .insertInto('issues')
    .values({
      project_id: seed.projectId,
      fingerprint: randomBytes(16).toString('hex'),
      fingerprint_strategy: 'stacktrace',
      fingerprint_components: JSON.stringify([{ id: 'frame', value: 'checkout.js:checkout' }]),
      title: seed.title ?? "TypeError: Cannot read properties of undefined (reading 'id')",
      culprit: 'routes:checkout in checkout',
      level: 'error',
      platform: 'node',
      first_seen: firstSeen,
      last_seen: seed.lastSeen ?? firstSeen,
      times_seen: seed.timesSeen ?? 1,
      users_seen: seed.usersSeen ?? 1,
      first_release: seed.release ?? 'shop@1.4.2',
      last_release: seed.release ?? 'shop@1.4.2',
      last_event_id: randomBytes(16).toString('hex'),
      ...UNTRIAGED,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Runs applyEventArrivals in its own transaction, as the ingest batch writer does after its upserts. */
export function arrive(db: Db, dialect: DialectName, arrivals: EventArrival[]): Promise<void> {
  return db.transaction().execute((trx) => applyEventArrivals(trx, dialect, arrivals));
}

/** A new issue, through its first event's arrival: it waits in the inbox as 'new'. */
export async function newIssue(db: Db, dialect: DialectName, seed: IssueSeed & { atMs?: number }) {
  const id = await insertIssue(db, seed);
  const atMs = seed.atMs ?? seed.firstSeen ?? Date.now();
  const arrival = { issueId: id, projectId: seed.projectId, created: true, release: seed.release ?? null };
  await arrive(db, dialect, [
    { ...arrival, atMs, eventCount: seed.timesSeen ?? 1, userCount: seed.usersSeen ?? 1 },
  ]);
  return id;
}

export async function insertRelease(db: Db, projectId: number, version: string, firstSeen: number) {
  await db
    .insertInto('releases')
    .values({ project_id: projectId, version, first_seen: firstSeen, last_seen: firstSeen })
    .execute();
}

export interface Member {
  userId: number;
  email: string;
  token: string;
}

export interface SeededUser {
  id: number;
  email: string;
  /** A bearer token for this user. */
  token: string;
}

/** A user with a role on each given project, and an API token (scopes default to what the role can use). */
export async function insertUser(
  db: Db,
  email: string,
  roles: Array<[projectId: number, role: ProjectRole]>,
  scopes: Scope[] = ['read', 'triage', 'admin'],
): Promise<SeededUser> {
  const user = await createUser(db, { email, name: '', passwordHash: null, isAdmin: false });
  for (const [projectId, role] of roles) await setMember(db, projectId, { userId: user.id }, role);
  const { token } = await createToken(db, { name: `${email} token`, scopes, userId: user.id });
  return { id: user.id, email, token };
}

/** A user with a role on the project (or none) and an API token with the given scopes. */
export async function addMember(
  db: Db,
  email: string,
  role: ProjectRole | null,
  projectId: number,
  scopes: Scope[] = ['triage'],
): Promise<Member> {
  const user = await insertUser(db, email, role ? [[projectId, role]] : [], scopes);
  return { userId: user.id, email, token: user.token };
}

export interface Answer<T> {
  status: number;
  body: T;
}

/** One JSON call to the API with a bearer token. */
export async function request<T = Record<string, unknown>>(
  vigie: HttpClient,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<Answer<T>> {
  const response = await vigie.fetch(path, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}
