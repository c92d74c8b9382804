// Logging in to the dashboard: the session cookie, logout, password change, CSRF protection and
// the login rate limit, over real HTTP on SQLite and PostgreSQL. Vigie runs behind a trusted
// proxy here, so tests can speak for distinct client addresses (X-Forwarded-For) and for HTTPS.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, call, login, type TestUser } from './auth-fixtures.ts';
import { type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';

type ErrorBody = { error: { code: string; message: string } };

describe.each(testDialects)('browser sessions on %s', (dialect) => {
  let vigie: RunningVigie;
  let ana: TestUser;
  let clientCount = 0;
  // A distinct client address per test, so one test's failed logins never limit another's.
  const fromClient = () => ({ 'x-forwarded-for': `203.0.113.${++clientCount}` });

  beforeAll(async () => {
    vigie = await startVigie(dialect, { VIGIE_TRUST_PROXY: 'true' });
    ana = await addUser(vigie.app.vigie.database, {
      email: 'ana@example.com',
      password: 'lighthouse-keeper-42',
      role: 'member',
      projectId: vigie.projectId,
    });
  });
  afterAll(async () => {
    await vigie.stop();
  });

  it('logs in with email and password and the cookie then authenticates API calls', async () => {
    const session = await login(vigie, 'Ana@Example.com ', ana.password, fromClient());
    expect(session.setCookie).toMatch(/^vigie_session=[A-Za-z0-9_-]{43}; /);
    expect(session.setCookie).toContain('HttpOnly');
    expect(session.setCookie).toContain('SameSite=Lax');
    expect(session.setCookie).toContain('Path=/');
    expect(session.setCookie).toContain(`Max-Age=${14 * 24 * 3600}`);
    expect(session.setCookie).not.toContain('Secure');

    const me = await call<{ user: { email: string }; via: string; csrfToken: string }>(
      vigie,
      'GET',
      '/api/v1/auth/me',
      { cookie: session.cookie },
    );
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ user: { email: 'ana@example.com' }, via: 'session', scopes: null });
    expect(me.body.csrfToken).toBe(session.csrf);

    const projects = await call<{ projects: { id: number }[] }>(vigie, 'GET', '/api/v1/projects', {
      cookie: session.cookie,
    });
    expect(projects.body.projects.map((p) => p.id)).toEqual([vigie.projectId]);
  });

  it('marks the cookie Secure when the browser reached Vigie over HTTPS', async () => {
    const session = await login(vigie, ana.email, ana.password, {
      ...fromClient(),
      'x-forwarded-proto': 'https',
    });
    expect(session.setCookie).toContain('; Secure');
  });

  it('refuses a wrong password and an unknown email with the same answer, and sets no cookie', async () => {
    const headers = fromClient();
    for (const email of [ana.email, 'nobody@example.com']) {
      const answer = await call<ErrorBody>(vigie, 'POST', '/api/v1/auth/login', {
        body: { email, password: 'not-the-password' },
        headers,
      });
      expect(answer.status).toBe(401);
      expect(answer.body.error.code).toBe('invalid_credentials');
      expect(answer.headers.getSetCookie()).toEqual([]);
    }
  });

  it('answers 401 to API calls without credentials, with an unknown cookie, or with a bad token', async () => {
    expect((await call(vigie, 'GET', '/api/v1/projects')).status).toBe(401);
    const forged = await call<ErrorBody>(vigie, 'GET', '/api/v1/projects', {
      cookie: 'vigie_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    });
    expect(forged.status).toBe(401);
    expect(forged.body.error.code).toBe('session_expired');
    // A bearer header is the only credential looked at when present, even next to a good cookie.
    const session = await login(vigie, ana.email, ana.password, fromClient());
    const bad = await call(vigie, 'GET', '/api/v1/projects', {
      bearer: 'vigie_nope',
      cookie: session.cookie,
    });
    expect(bad.status).toBe(401);
  });

  it('logs out: the cookie is cleared and stops working', async () => {
    const session = await login(vigie, ana.email, ana.password, fromClient());
    const out = await call(vigie, 'POST', '/api/v1/auth/logout', {
      cookie: session.cookie,
      csrf: session.csrf,
    });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie()[0]).toMatch(/^vigie_session=; .*Max-Age=0/);
    const after = await call<ErrorBody>(vigie, 'GET', '/api/v1/auth/me', { cookie: session.cookie });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('session_expired');
  });

  it('changes the password only with the current one, and logs out the other browsers', async () => {
    const bruno = await addUser(vigie.app.vigie.database, {
      email: 'bruno@example.com',
      password: 'first-password-123',
    });
    const here = await login(vigie, bruno.email, bruno.password, fromClient());
    const elsewhere = await login(vigie, bruno.email, bruno.password, fromClient());
    const change = (currentPassword: string) =>
      call<{ endedSessions: number } & ErrorBody>(vigie, 'POST', '/api/v1/auth/password', {
        cookie: here.cookie,
        csrf: here.csrf,
        body: { currentPassword, newPassword: 'second-password-456' },
        headers: fromClient(),
      });

    const wrong = await change('not-my-password');
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe('wrong_password');

    const changed = await change(bruno.password);
    expect(changed.status).toBe(200);
    expect(changed.body.endedSessions).toBe(1);
    expect((await call(vigie, 'GET', '/api/v1/auth/me', { cookie: here.cookie })).status).toBe(200);
    expect((await call(vigie, 'GET', '/api/v1/auth/me', { cookie: elsewhere.cookie })).status).toBe(401);

    const headers = fromClient();
    const old = await call(vigie, 'POST', '/api/v1/auth/login', {
      body: { email: bruno.email, password: bruno.password },
      headers,
    });
    expect(old.status).toBe(401);
    await login(vigie, bruno.email, 'second-password-456', headers);
  });

  it('refuses a too-short new password', async () => {
    const session = await login(vigie, ana.email, ana.password, fromClient());
    const answer = await call<ErrorBody>(vigie, 'POST', '/api/v1/auth/password', {
      cookie: session.cookie,
      csrf: session.csrf,
      body: { currentPassword: ana.password, newPassword: 'short' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('invalid_request');
  });

  it('ends the sessions of a disabled user', async () => {
    const db = vigie.app.vigie.database.db;
    const carla = await addUser(vigie.app.vigie.database, {
      email: 'carla@example.com',
      password: 'carla-password-1',
    });
    const session = await login(vigie, carla.email, carla.password, fromClient());
    await db.updateTable('users').set({ disabled_at: Date.now() }).where('id', '=', carla.id).execute();
    expect((await call(vigie, 'GET', '/api/v1/auth/me', { cookie: session.cookie })).status).toBe(401);
    const again = await call(vigie, 'POST', '/api/v1/auth/login', {
      body: { email: carla.email, password: carla.password },
      headers: fromClient(),
    });
    expect(again.status).toBe(401);
  });
});
