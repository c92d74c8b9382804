// Helpers for the auth and authorization tests: users with roles, their tokens, logging in
// through the real endpoint, and HTTP calls that carry a bearer token or a session cookie.

import { hashPassword } from '../src/auth/password.ts';
import type { ProjectRole, Scope } from '../src/auth/roles.ts';
import { createToken } from '../src/auth/token.repository.ts';
import { createUser } from '../src/auth/users.repository.ts';
import type { Database } from '../src/storage/database.ts';
import { setMember } from '../src/teams/members.repository.ts';
import { type HttpClient, TEST_PASSWORD_HASH_COST } from './support/app.ts';

export interface TestUser {
  id: number;
  email: string;
  password: string;
}

/** A user, optionally with a password (hashed at the tests' cost, as startVigie's config says) and a role. */
export async function addUser(
  database: Database,
  options: { email: string; password?: string; isAdmin?: boolean; role?: ProjectRole; projectId?: number },
): Promise<TestUser> {
  const user = await createUser(database.db, {
    email: options.email,
    name: options.email.split('@')[0]!,
    passwordHash: options.password ? await hashPassword(options.password, TEST_PASSWORD_HASH_COST) : null,
    isAdmin: options.isAdmin ?? false,
  });
  if (options.role && options.projectId !== undefined) {
    await setMember(database.db, options.projectId, { userId: user.id }, options.role);
  }
  return { id: user.id, email: user.email, password: options.password ?? '' };
}

export async function userToken(database: Database, userId: number, scopes: Scope[] = ['admin']) {
  return (await createToken(database.db, { name: 'test', scopes, userId })).token;
}

export interface Credentials {
  bearer?: string;
  cookie?: string;
  csrf?: string;
}

export interface Answer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** One HTTP call to Vigie with the given credentials; JSON in, JSON (or text) out. */
export async function call<T = unknown>(
  vigie: HttpClient,
  method: string,
  path: string,
  options: Credentials & { body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
  if (options.cookie) headers.cookie = options.cookie;
  if (options.csrf) headers['x-csrf-token'] = options.csrf;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await vigie.fetch(path, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON: keep the text.
  }
  return { status: response.status, headers: response.headers, body: body as T, text };
}

export interface LoggedIn {
  cookie: string;
  csrf: string;
  setCookie: string;
}

/** Log in through POST /api/v1/auth/login, as the dashboard does. */
export async function login(
  vigie: HttpClient,
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<LoggedIn> {
  const answer = await call<{ csrfToken: string }>(vigie, 'POST', '/api/v1/auth/login', {
    body: { email, password },
    headers,
  });
  if (answer.status !== 200) throw new Error(`login failed: ${answer.status} ${answer.text}`);
  const setCookie = answer.headers.getSetCookie()[0] ?? '';
  return { cookie: setCookie.split(';')[0]!, csrf: answer.body.csrfToken, setCookie };
}
