// First run: while Vigie has no account, each start prints a one-time setup link beside the DSN;
// opening it creates the owner account (an instance administrator) and signs them in. The link
// works once, never after an account exists, and only from Vigie's own pages.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupUrlIfNoAccount } from '../src/projects/first-run.ts';
import { type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';
import { startServerProcess } from './support/server-process.ts';

type ErrorBody = { error: { code: string; message: string } };
const OWNER = { email: 'Owner@Example.com', name: 'Olga', password: 'keep the lighthouse lit' };

describe.each(testDialects)('the setup link on %s', (dialect) => {
  let vigie: RunningVigie;

  beforeAll(async () => {
    vigie = await startVigie(dialect);
  });
  afterAll(async () => {
    await vigie.stop();
  });

  const newLink = async () => {
    const url = await setupUrlIfNoAccount(vigie.app.vigie.database.db, vigie.baseUrl);
    if (url === undefined) throw new Error('an account exists already');
    return url.slice(url.lastIndexOf('/') + 1);
  };
  const setUp = (token: string, body: unknown, headers: Record<string, string> = {}) =>
    vigie.fetch(`/api/v1/setup/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('refuses a request from another site, and a password too short, and stays usable', async () => {
    const token = await newLink();
    const crossSite = await setUp(token, OWNER, { origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    expect(((await crossSite.json()) as ErrorBody).error.code).toBe('csrf_failed');
    const short = await setUp(token, { ...OWNER, password: 'short' });
    expect(short.status).toBe(400);
    expect((await vigie.fetch(`/api/v1/setup/${token}`)).status).toBe(200);
  });

  it('creates the owner account, signed in, and then works no more', async () => {
    const token = await newLink();
    expect(await (await vigie.fetch(`/api/v1/setup/${token}`)).json()).toEqual({ valid: true });

    const created = await setUp(token, OWNER);
    expect(created.status).toBe(201);
    const session = (await created.json()) as {
      user: { email: string; name: string; isAdmin: boolean };
      csrfToken: string;
    };
    expect(session.user).toMatchObject({ email: 'owner@example.com', name: 'Olga', isAdmin: true });
    const cookie = created.headers.getSetCookie()[0] ?? '';
    expect(cookie).toMatch(/^vigie_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax/);

    const me = await vigie.fetch('/api/v1/auth/me', { headers: { cookie: cookie.split(';')[0]! } });
    expect(await me.json()).toMatchObject({
      user: { email: 'owner@example.com' },
      isAdmin: true,
      via: 'session',
    });

    const again = await setUp(token, { ...OWNER, email: 'someone@example.com' });
    expect(again.status).toBe(404);
    expect(((await again.json()) as ErrorBody).error.code).toBe('setup_link_invalid');
    expect((await vigie.fetch(`/api/v1/setup/${token}`)).status).toBe(404);
    // Every other link printed before died with it.
    expect(await setupUrlIfNoAccount(vigie.app.vigie.database.db, vigie.baseUrl)).toBeUndefined();
  });

  it('logs the owner in on the login page afterwards', async () => {
    const login = await vigie.fetch('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: OWNER.email, password: OWNER.password }),
    });
    expect(login.status).toBe(200);
  });

  it('knows no made-up link', async () => {
    const answer = await vigie.fetch(`/api/v1/setup/${'x'.repeat(43)}`);
    expect(answer.status).toBe(404);
    expect(((await answer.json()) as ErrorBody).error.message).toMatch(/unknown, expired or already used/);
  });
});

describe.each(testDialects)(
  'a setup link printed before an account was made another way, on %s',
  (dialect) => {
    let vigie: RunningVigie;
    beforeAll(async () => {
      vigie = await startVigie(dialect);
    });
    afterAll(async () => {
      await vigie.stop();
    });

    it('answers 409: there is an account to log in with', async () => {
      const url = (await setupUrlIfNoAccount(vigie.app.vigie.database.db, vigie.baseUrl))!;
      const admin = { authorization: `Bearer ${vigie.token}`, 'content-type': 'application/json' };
      const made = await vigie.fetch('/api/v1/users', {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({ email: 'first@example.com', password: 'made by the cli' }),
      });
      expect(made.status).toBe(201);
      const answer = await vigie.fetch(`/api/v1/setup/${url.slice(url.lastIndexOf('/') + 1)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(OWNER),
      });
      expect(answer.status).toBe(409);
      expect(((await answer.json()) as ErrorBody).error.code).toBe('setup_done');
    });
  },
);

describe('the first start of the vigie command', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vigie-setup-print-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints the setup link next to the DSN, and the link opens the setup page', async () => {
    const vigie = await startServerProcess({ VIGIE_DATA_DIR: dataDir });
    try {
      const printed =
        /DSN:\s+\S+\n\s+Dashboard:\s+(http:\/\/localhost:\d+\/setup\/([A-Za-z0-9_-]{43}))\n/.exec(
          vigie.stdout(),
        );
      expect(printed, vigie.stdout()).not.toBeNull();
      expect(vigie.stdout()).toContain('Admin token: vigie_');
      expect((await vigie.fetch(`/api/v1/setup/${printed![2]}`)).status).toBe(200);
      const page = await vigie.fetch(new URL(printed![1]!).pathname);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    } finally {
      vigie.child.kill('SIGTERM');
      await vigie.exited;
    }
  });
});
