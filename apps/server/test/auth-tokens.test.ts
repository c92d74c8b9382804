// API tokens and user administration over HTTP, on SQLite and PostgreSQL: a token is shown once,
// listed without its secret, revocable, never broader than the token that made it, and always
// limited by its owner's project roles.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, call, login, type TestUser, userToken } from './auth-fixtures.ts';
import { type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';

type ErrorBody = { error: { code: string; message: string } };
interface Token {
  id: number;
  name: string;
  prefix: string;
  scopes: string[];
  token?: string;
}

describe.each(testDialects)('API tokens and users on %s', (dialect) => {
  let vigie: RunningVigie;
  let gil: TestUser;
  let gilToken: string;
  const issuesPath = () => `/api/v1/projects/${vigie.projectId}/issues`;

  beforeAll(async () => {
    vigie = await startVigie(dialect);
    gil = await addUser(vigie.app.vigie.database, {
      email: 'gil@example.com',
      role: 'owner',
      projectId: vigie.projectId,
    });
    gilToken = await userToken(vigie.app.vigie.database, gil.id, ['admin']);
  });
  afterAll(async () => {
    await vigie.stop();
  });

  it('shows a new token once, lists it without the secret, and stops accepting it once revoked', async () => {
    const created = await call<Token>(vigie, 'POST', '/api/v1/tokens', {
      bearer: gilToken,
      body: { name: 'deploy script', scopes: ['read'] },
    });
    expect(created.status).toBe(201);
    const secret = created.body.token!;
    expect(secret).toMatch(/^vigie_/);
    expect(created.body).toMatchObject({
      name: 'deploy script',
      scopes: ['read'],
      prefix: secret.slice(0, 10),
    });

    const listed = await call<{ tokens: Token[] }>(vigie, 'GET', '/api/v1/tokens', { bearer: gilToken });
    expect(listed.body.tokens.map((t) => t.name)).toEqual(['test', 'deploy script']);
    expect(listed.text).not.toContain(secret);
    expect(listed.body.tokens.every((t) => !('token' in t))).toBe(true);

    expect((await call(vigie, 'GET', issuesPath(), { bearer: secret })).status).toBe(200);
    const revoked = await call(vigie, 'DELETE', `/api/v1/tokens/${created.body.id}`, { bearer: gilToken });
    expect(revoked.status).toBe(204);
    const after = await call<ErrorBody>(vigie, 'GET', issuesPath(), { bearer: secret });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('invalid_token');
    const listedAfter = await call<{ tokens: Token[] }>(vigie, 'GET', '/api/v1/tokens', { bearer: gilToken });
    expect(listedAfter.body.tokens.map((t) => t.name)).toEqual(['test']);
  });

  it('never creates a token with more scope than the caller’s token', async () => {
    const triage = await userToken(vigie.app.vigie.database, gil.id, ['triage']);
    const up = await call<ErrorBody>(vigie, 'POST', '/api/v1/tokens', {
      bearer: triage,
      body: { name: 'escalation', scopes: ['admin'] },
    });
    expect(up.status).toBe(403);
    expect(up.body.error.code).toBe('scope_exceeds_caller');
    const down = await call<Token>(vigie, 'POST', '/api/v1/tokens', {
      bearer: triage,
      body: { name: 'read only', scopes: ['read'] },
    });
    expect(down.status).toBe(201);
    const same = await call<Token>(vigie, 'POST', '/api/v1/tokens', {
      bearer: triage,
      body: { name: 'same', scopes: ['triage', 'read'] },
    });
    expect(same.status).toBe(201);
  });

  it('limits a token by its scopes and by its owner’s role, whichever is narrower', async () => {
    const managersOnly = `/api/v1/projects/${vigie.projectId}/rotation/candidates`;
    const ownerRead = await userToken(vigie.app.vigie.database, gil.id, ['read']);
    expect((await call(vigie, 'GET', issuesPath(), { bearer: ownerRead })).status).toBe(200);
    expect((await call(vigie, 'GET', managersOnly, { bearer: ownerRead })).status).toBe(403);
    expect((await call(vigie, 'GET', managersOnly, { bearer: gilToken })).status).toBe(200);

    const viewer = await addUser(vigie.app.vigie.database, {
      email: 'hana@example.com',
      role: 'viewer',
      projectId: vigie.projectId,
    });
    const viewerAdmin = await userToken(vigie.app.vigie.database, viewer.id, ['admin']);
    expect((await call(vigie, 'GET', issuesPath(), { bearer: viewerAdmin })).status).toBe(200);
    expect((await call(vigie, 'GET', managersOnly, { bearer: viewerAdmin })).status).toBe(403);
  });

  it('revokes only the caller’s own tokens', async () => {
    const ivo = await addUser(vigie.app.vigie.database, { email: 'ivo@example.com' });
    const ivoToken = await userToken(vigie.app.vigie.database, ivo.id, ['read']);
    const listed = await call<{ tokens: Token[] }>(vigie, 'GET', '/api/v1/tokens', { bearer: ivoToken });
    const ivoTokenId = listed.body.tokens[0]!.id;
    const byGil = await call(vigie, 'DELETE', `/api/v1/tokens/${ivoTokenId}`, { bearer: gilToken });
    expect(byGil.status).toBe(404);
    expect((await call(vigie, 'GET', '/api/v1/auth/me', { bearer: ivoToken })).status).toBe(200);
  });

  it('keeps the service token from first start working, and lets it manage service tokens', async () => {
    const me = await call<{ user: null; isAdmin: boolean; via: string; scopes: string[] }>(
      vigie,
      'GET',
      '/api/v1/auth/me',
      { bearer: vigie.token },
    );
    expect(me.body).toEqual({
      user: null,
      isAdmin: true,
      via: 'token',
      scopes: ['admin'],
      projects: null,
      csrfToken: null,
    });
    const created = await call<Token>(vigie, 'POST', '/api/v1/tokens', {
      bearer: vigie.token,
      body: { name: 'ci', scopes: ['read'] },
    });
    expect(created.status).toBe(201);
    const listed = await call<{ tokens: Token[] }>(vigie, 'GET', '/api/v1/tokens', { bearer: vigie.token });
    expect(listed.body.tokens.map((t) => t.name)).toEqual(['bootstrap admin', 'ci']);
    // A read-only service token sees no projects and may not mint tokens.
    const readOnly = created.body.token!;
    expect((await call(vigie, 'GET', '/api/v1/tokens', { bearer: readOnly })).status).toBe(403);
  });

  it('lets an instance administrator create users, with a generated password shown once', async () => {
    const created = await call<{ user: { id: number; email: string; isAdmin: boolean }; password: string }>(
      vigie,
      'POST',
      '/api/v1/users',
      { bearer: vigie.token, body: { email: 'Jo@Example.com', name: 'Jo Lemaire' } },
    );
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({ email: 'jo@example.com', isAdmin: false });
    expect(created.body.password).toMatch(/^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){4}$/);
    await login(vigie, 'jo@example.com', created.body.password);

    const again = await call<ErrorBody>(vigie, 'POST', '/api/v1/users', {
      bearer: vigie.token,
      body: { email: 'jo@example.com', password: 'another-password' },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('user_exists');

    const byOwner = await call(vigie, 'POST', '/api/v1/users', {
      bearer: gilToken,
      body: { email: 'kim@example.com', password: 'kim-long-password' },
    });
    expect(byOwner.status).toBe(403);
  });

  it('lists users page by page for instance administrators only', async () => {
    const first = await call<{ users: { email: string }[]; next: string | null }>(
      vigie,
      'GET',
      '/api/v1/users?limit=2',
      { bearer: vigie.token },
    );
    expect(first.body.users.map((u) => u.email)).toEqual(['gil@example.com', 'hana@example.com']);
    const second = await call<{ users: { email: string }[]; next: string | null }>(
      vigie,
      'GET',
      `/api/v1/users?limit=2&cursor=${first.body.next}`,
      { bearer: vigie.token },
    );
    expect(second.body.users.map((u) => u.email)).toEqual(['ivo@example.com', 'jo@example.com']);
    expect(second.text).not.toContain('password');
    expect((await call(vigie, 'GET', '/api/v1/users', { bearer: gilToken })).status).toBe(403);
  });
});
