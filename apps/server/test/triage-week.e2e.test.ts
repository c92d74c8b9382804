// A real week of triage, end to end: the real @sentry/node SDK reports six bugs, the developer
// on duty signs in and dispatches the inbox through the API (each outcome at least once, a
// GitHub issue filed against a local stand-in), a fixed bug comes back in a newer release and
// lands in the inbox as regressed, and support finds a customer's errors but can change nothing.

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGithub, startFakeGithub } from './github-fake.ts';
import { eventually, type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';

const shop = fileURLToPath(new URL('./clients/sentry-node-shop.ts', import.meta.url));

function runShop(dsn: string, scenario: string, release: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [shop, scenario], {
      env: { ...process.env, SENTRY_DSN: dsn, SHOP_RELEASE: release },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`shop exited ${code}`))));
  });
}

interface Person {
  cookie: string;
  csrf: string;
}

interface InboxIssue {
  id: number;
  title: string;
  status: string;
  substatus: string | null;
  inbox: { reason: string } | null;
}

describe.each(testDialects)('a week of triage on %s', (dialect) => {
  let vigie: RunningVigie;
  let github: FakeGithub;
  let triager: Person;
  let support: Person;

  const admin = (method: string, path: string, body?: unknown) =>
    vigie.fetch(path, {
      method,
      headers: { authorization: `Bearer ${vigie.token}`, 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });

  /** A request as a signed-in person in the dashboard would send it: session cookie and CSRF token. */
  const as = (person: Person, method: string, path: string, body?: unknown) =>
    vigie.fetch(path, {
      method,
      headers: {
        cookie: person.cookie,
        'x-csrf-token': person.csrf,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? null : JSON.stringify(body),
    });

  async function signUp(email: string, role: string): Promise<Person> {
    const password = 'correct horse battery staple';
    expect((await admin('POST', '/api/v1/users', { email, name: email, password })).status).toBe(201);
    const member = await admin('PUT', `/api/v1/projects/${vigie.projectId}/members`, { email, role });
    expect(member.status).toBe(200);
    const login = await vigie.fetch(`/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    return { cookie, csrf: ((await login.json()) as { csrfToken: string }).csrfToken };
  }

  const inbox = async (person: Person) => {
    const response = await as(person, 'GET', `/api/v1/projects/${vigie.projectId}/inbox?limit=100`);
    expect(response.status).toBe(200);
    return ((await response.json()) as { issues: InboxIssue[] }).issues;
  };

  beforeAll(async () => {
    // Listening: the SDK, in its own process, sends over HTTP.
    vigie = await startVigie(dialect, { VIGIE_SECRET_KEY: 'a1'.repeat(32) }, { listen: true });
    github = await startFakeGithub({ token: 'ghp_weektest', repositories: ['shop/web'] });
    triager = await signUp('triager@example.com', 'member');
    support = await signUp('support@example.com', 'support');
    const settings = await admin('PUT', `/api/v1/projects/${vigie.projectId}/github`, {
      apiBaseUrl: github.url,
      repository: 'shop/web',
      token: github.token,
    });
    expect(settings.status).toBe(200);
  });
  afterAll(async () => {
    await github.close();
    await vigie.stop();
  });

  it('dispatches the inbox, sees a regression come back, and lets support look up a customer', async () => {
    await runShop(vigie.dsn, 'week', 'shop@1.4.2');
    const waiting = await eventually(async () => {
      const issues = await inbox(triager);
      return issues.length === 6 ? issues : undefined;
    });
    expect(waiting.every((i) => i.inbox?.reason === 'new')).toBe(true);
    const byTitle = (start: string) => waiting.find((i) => i.title.startsWith(start))!.id;

    const checkout = byTitle('TypeError');
    const dispatch: Array<[number, string, string, unknown]> = [
      [checkout, 'PATCH', '', { status: 'resolved', resolution: { kind: 'inNextRelease' } }],
      [byTitle('RangeError'), 'PATCH', '', { status: 'ignored' }],
      [
        byTitle('Error: Inventory'),
        'PATCH',
        '',
        { status: 'snoozed', snooze: { kind: 'events', count: 100 } },
      ],
      [byTitle('Error: Template'), 'PATCH', '', { assignee: 'user:triager@example.com' }],
      [byTitle('Error: SMTP'), 'POST', '/github', {}],
      [byTitle('SyntaxError'), 'POST', '/link', { url: 'https://linear.app/shop/issue/SHOP-42' }],
    ];
    for (const [id, method, suffix, body] of dispatch) {
      const response = await as(triager, method, `/api/v1/issues/${id}${suffix}`, body);
      expect(response.status, `${method} /issues/${id}${suffix}`).toBeLessThan(300);
    }
    expect(await inbox(triager)).toEqual([]);
    expect(github.received).toHaveLength(1);
    expect(github.received[0]!.title).toBe('Error: SMTP connection refused');

    // The fix for the checkout bug shipped in 1.5.0, and the bug is back.
    await runShop(vigie.dsn, 'regress', 'shop@1.5.0');
    const regressed = await eventually(async () => (await inbox(triager)).find((i) => i.id === checkout));
    expect(regressed).toMatchObject({
      status: 'unresolved',
      substatus: 'regressed',
      inbox: { reason: 'regressed' },
    });

    // A customer writes in; support finds what she hit, and cannot triage.
    const found = await as(
      support,
      'GET',
      `/api/v1/customers?query=${encodeURIComponent('ana@example.com')}`,
    );
    expect(found.status).toBe(200);
    const customers = (
      (await found.json()) as {
        customers: Array<{ key: string; projects: Array<{ issues: Array<{ id: number }> }> }>;
      }
    ).customers;
    expect(customers[0]!.projects[0]!.issues.map((i) => i.id)).toEqual([checkout]);
    const events = await as(
      support,
      'GET',
      `/api/v1/customers/${encodeURIComponent(customers[0]!.key)}/events`,
    );
    expect(((await events.json()) as { events: unknown[] }).events).toHaveLength(2);
    const attempt = await as(support, 'PATCH', `/api/v1/issues/${checkout}`, { status: 'resolved' });
    expect(attempt.status).toBe(403);

    const activity = await as(triager, 'GET', `/api/v1/issues/${checkout}/activity`);
    const log = (
      (await activity.json()) as {
        activity: Array<{
          kind: string;
          actor: { type: string };
          to: { status: string } | null;
          reason: string | null;
        }>;
      }
    ).activity;
    expect(log.map((a) => [a.actor.type, a.to?.status ?? null, a.reason])).toEqual(
      expect.arrayContaining([
        ['user', 'resolved', expect.anything()],
        ['system', 'unresolved', 'regressed'],
      ]),
    );
  });
});
