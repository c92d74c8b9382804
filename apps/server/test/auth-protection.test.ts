// What stops other sites and password guessers: CSRF protection on cookie-authenticated changes
// and the login rate limit (per address, per address and account, and per account from addresses
// it never logged in from; shared through the database), on
// SQLite and PostgreSQL. Behind a trusted proxy, so each test speaks for its own client address.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCOUNT_WINDOW_MS,
  FAILURES_PER_ACCOUNT,
  FAILURES_PER_IP,
  FAILURES_PER_IP_AND_ACCOUNT,
  LOGIN_WINDOW_MS,
  recordLoginAttempt,
} from '../src/auth/login-limiter.ts';
import { addUser, call, type LoggedIn, login, type TestUser, userToken } from './auth-fixtures.ts';
import { type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';

type ErrorBody = { error: { code: string; message: string } };

describe.each(testDialects)('CSRF protection and login rate limits on %s', (dialect) => {
  let vigie: RunningVigie;
  let dora: TestUser;
  let session: LoggedIn;
  let clientCount = 0;
  const fromClient = () => ({ 'x-forwarded-for': `198.51.100.${++clientCount}` });
  const host = () => new URL(vigie.baseUrl).host;
  const createToken = (options: Parameters<typeof call>[3]) =>
    call<ErrorBody>(vigie, 'POST', '/api/v1/tokens', { body: { name: 'ci', scopes: ['read'] }, ...options });

  beforeAll(async () => {
    vigie = await startVigie(dialect, { VIGIE_TRUST_PROXY: 'true' });
    dora = await addUser(vigie.app.vigie.database, {
      email: 'dora@example.com',
      password: 'dora-long-password',
      role: 'owner',
      projectId: vigie.projectId,
    });
    session = await login(vigie, dora.email, dora.password, fromClient());
  });
  afterAll(async () => {
    await vigie.stop();
  });

  it('refuses a cookie-authenticated change without the CSRF token, or with a wrong one', async () => {
    // The last character changed for sure: swapping in a fixed 'A' left a token ending in 'A' valid
    // (one run in 64 failed).
    const wrongLast = session.csrf.endsWith('A') ? 'B' : 'A';
    for (const csrf of [undefined, 'x'.repeat(43), `${session.csrf.slice(0, -1)}${wrongLast}`]) {
      const answer = await createToken({ cookie: session.cookie, ...(csrf ? { csrf } : {}) });
      expect(answer.status).toBe(403);
      expect(answer.body.error.code).toBe('csrf_failed');
      expect(answer.body.error.message).toContain('X-CSRF-Token');
    }
  });

  it('accepts a cookie-authenticated change that carries the CSRF token from login', async () => {
    const answer = await createToken({ cookie: session.cookie, csrf: session.csrf });
    expect(answer.status).toBe(201);
  });

  it('refuses a cookie change sent from another site even with the token, accepts one from Vigie', async () => {
    const foreign = await createToken({
      cookie: session.cookie,
      csrf: session.csrf,
      headers: { origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('csrf_failed');
    const own = await createToken({
      cookie: session.cookie,
      csrf: session.csrf,
      headers: { origin: `http://${host()}` },
    });
    expect(own.status).toBe(201);
  });

  it('lets reads through a cookie without the token, and exempts bearer tokens', async () => {
    expect((await call(vigie, 'GET', '/api/v1/tokens', { cookie: session.cookie })).status).toBe(200);
    const token = await userToken(vigie.app.vigie.database, dora.id, ['admin']);
    const byBearer = await createToken({ bearer: token, headers: { origin: 'https://evil.example' } });
    expect(byBearer.status).toBe(201);
  });

  it('refuses a login posted from another site', async () => {
    const answer = await call<ErrorBody>(vigie, 'POST', '/api/v1/auth/login', {
      body: { email: dora.email, password: dora.password },
      headers: { ...fromClient(), origin: 'https://evil.example' },
    });
    expect(answer.status).toBe(403);
    expect(answer.body.error.code).toBe('csrf_failed');
  });

  const loginAs = (email: string, password: string, headers: Record<string, string>) =>
    call<ErrorBody>(vigie, 'POST', '/api/v1/auth/login', { body: { email, password }, headers });

  it('lets the right password in from another address after wrong ones from elsewhere: nobody locks anyone out', async () => {
    const eli = await addUser(vigie.app.vigie.database, {
      email: 'eli@example.com',
      password: 'eli-long-password',
    });
    const attacker = fromClient();
    for (let i = 0; i < 8; i++) {
      const wrong = await loginAs(eli.email, `guess-${i}`, attacker);
      expect(wrong.status).toBe(i < FAILURES_PER_IP_AND_ACCOUNT ? 401 : 429);
    }
    // The address that guessed waits, right password or not, for 15 minutes.
    const locked = await loginAs('ELI@example.com', eli.password, attacker);
    expect(locked.status).toBe(429);
    expect(locked.body.error).toMatchObject({ code: 'too_many_login_attempts' });
    expect(locked.body.error.message).toContain('from this address');
    const retryAfter = Number(locked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(LOGIN_WINDOW_MS / 1000 - 30);
    expect(retryAfter).toBeLessThanOrEqual(LOGIN_WINDOW_MS / 1000);
    // Eli, from anywhere else, gets in; and other accounts from the guessing address too.
    expect((await loginAs(eli.email, eli.password, fromClient())).status).toBe(200);
    expect((await loginAs(dora.email, dora.password, attacker)).status).toBe(200);
  });

  it('stops many addresses guessing one account, but not its user from an address they logged in from', async () => {
    const gus = await addUser(vigie.app.vigie.database, {
      email: 'gus@example.com',
      password: 'gus-long-password',
    });
    const home = fromClient();
    expect((await loginAs(gus.email, gus.password, home)).status).toBe(200);
    // A botnet: one failure from each of many addresses, in the last half hour (any instance).
    const db = vigie.app.vigie.database.db;
    const halfAnHourAgo = Date.now() - 30 * 60_000;
    for (let i = 0; i < FAILURES_PER_ACCOUNT; i++) {
      await recordLoginAttempt(db, { email: gus.email, ip: `203.0.113.${i}` }, halfAnHourAgo + i);
    }
    const fromNew = await loginAs(gus.email, gus.password, fromClient());
    expect(fromNew.status).toBe(429);
    expect(fromNew.body.error.message).toContain('log in from a device that logged in before');
    // Until the oldest of those failures is an hour old: about half an hour from now.
    const retryAfter = Number(fromNew.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(29 * 60);
    expect(retryAfter).toBeLessThanOrEqual(ACCOUNT_WINDOW_MS / 2000 + 1);
    expect((await loginAs(gus.email, gus.password, home)).status).toBe(200);
    // A wrong password from home still counts, and still answers 401 (no hint that the account is under attack).
    expect((await loginAs(gus.email, 'not-it', home)).status).toBe(401);
  });

  it('counts an IPv6 client by its /64 network, whichever address of it the guesses come from', async () => {
    const ivy = await addUser(vigie.app.vigie.database, {
      email: 'ivy@example.com',
      password: 'ivy-long-password',
    });
    for (let i = 1; i <= FAILURES_PER_IP_AND_ACCOUNT; i++) {
      expect(
        (await loginAs(ivy.email, 'guess', { 'x-forwarded-for': `2001:db8:7:1::${i.toString(16)}` })).status,
      ).toBe(401);
    }
    const sameNetwork = { 'x-forwarded-for': '2001:db8:7:1:ffff:ffff:ffff:ffff' };
    expect((await loginAs(ivy.email, ivy.password, sameNetwork)).status).toBe(429);
    expect((await loginAs(ivy.email, ivy.password, { 'x-forwarded-for': '2001:db8:7:2::1' })).status).toBe(
      200,
    );
  });

  it('forgets failures older than the window, and a success resets the count of its address and account', async () => {
    const fay = await addUser(vigie.app.vigie.database, {
      email: 'fay@example.com',
      password: 'fay-long-password',
    });
    const db = vigie.app.vigie.database.db;
    const longAgo = Date.now() - LOGIN_WINDOW_MS - 60_000;
    for (let i = 0; i < 5; i++)
      await recordLoginAttempt(db, { email: fay.email, ip: '192.0.2.1' }, longAgo + i);
    await login(vigie, fay.email, fay.password, fromClient());

    const headers = fromClient();
    for (let i = 0; i < 4; i++) {
      const wrong = await call(vigie, 'POST', '/api/v1/auth/login', {
        body: { email: fay.email, password: `guess-${i}` },
        headers,
      });
      expect(wrong.status).toBe(401);
    }
    await login(vigie, fay.email, fay.password, headers);
    // Without the reset, the second of these would already be refused with 429.
    for (let i = 0; i < 4; i++) {
      const wrongAgain = await call(vigie, 'POST', '/api/v1/auth/login', {
        body: { email: fay.email, password: `guess-again-${i}` },
        headers,
      });
      expect(wrongAgain.status).toBe(401);
    }
  });

  it('limits one client address guessing many accounts, on every instance sharing the database', async () => {
    const db = vigie.app.vigie.database.db;
    const address = '192.0.2.77';
    // Failures recorded ten minutes ago, as another Vigie instance on the same database would have.
    const tenMinutesAgo = Date.now() - 10 * 60_000;
    for (let i = 0; i < FAILURES_PER_IP; i++) {
      await recordLoginAttempt(db, { email: `victim${i}@example.com`, ip: address }, tenMinutesAgo + i);
    }
    const blocked = await call<ErrorBody>(vigie, 'POST', '/api/v1/auth/login', {
      body: { email: dora.email, password: dora.password },
      headers: { 'x-forwarded-for': address },
    });
    expect(blocked.status).toBe(429);
    // Until the oldest of those failures is 15 minutes old: about five minutes from now.
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(4 * 60);
    expect(retryAfter).toBeLessThanOrEqual(5 * 60 + 1);
    await login(vigie, dora.email, dora.password, fromClient());
  });
});
