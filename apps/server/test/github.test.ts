// Filing issues in GitHub, against a local server that speaks GitHub's REST endpoint: the settings
// (token write-only and encrypted at rest), the issue body GitHub receives, the link stored back, and
// every way GitHub can fail coming back as a clear message. On SQLite and PostgreSQL.

import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGithubIssue } from '../src/integrations/github/client.ts';
import { listActivity } from '../src/issues/activity.repository.ts';
import { type FakeGithub, startFakeGithub } from './github-fake.ts';
import { type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';
import { envelopeOf, errorEvent } from './support/events.ts';
import { addMember } from './triage-fixtures.ts';

const GITHUB_TOKEN = 'github_pat_11ABCDEFG0123456789_realistic';

interface Answer {
  status: number;
  body: { error?: { code: string; message: string; details?: Record<string, unknown> } } & Record<
    string,
    unknown
  >;
}

describe.each(testDialects)('GitHub issues on %s', (dialect) => {
  let vigie: RunningVigie;
  let github: FakeGithub;
  let issueId: number;

  const call = async (method: string, url: string, body?: unknown, token?: string): Promise<Answer> => {
    const response = await vigie.fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${token ?? vigie.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const answer = response.status === 204 ? {} : ((await response.json()) as Answer['body']);
    return { status: response.status, body: answer };
  };
  const settingsUrl = () => `/api/v1/projects/${vigie.projectId}/github`;
  const configure = (o: { repository?: string; apiBaseUrl?: string; token?: string | null } = {}) =>
    call('PUT', settingsUrl(), {
      apiBaseUrl: o.apiBaseUrl ?? github.url,
      repository: o.repository ?? 'acme/shop',
      ...(o.token === null ? {} : { token: o.token ?? GITHUB_TOKEN }),
    });
  const fileIt = (body?: unknown) => call('POST', `/api/v1/issues/${issueId}/github`, body);
  const db = () => vigie.app.vigie.database.db;

  beforeAll(async () => {
    // PostgreSQL needs a configured key; SQLite creates a key file in the data folder.
    const env: Record<string, string> =
      dialect === 'postgres' ? { VIGIE_SECRET_KEY: randomBytes(32).toString('hex') } : {};
    vigie = await startVigie(dialect, env);
    github = await startFakeGithub({ token: GITHUB_TOKEN, repositories: ['acme/shop'] });
    const key = new URL(vigie.dsn).username;
    const t0 = Date.UTC(2026, 10, 20, 9, 30);
    const sightings = [
      { userId: 'u-1001', release: 'shop@1.4.2' },
      { userId: 'u-1002', release: 'shop@1.4.3' },
      { userId: 'u-1001', release: 'shop@1.4.3' },
    ];
    for (const [i, { userId, release }] of sightings.entries()) {
      const event = errorEvent({ userId, release, timestamp: t0 + i * 3_600_000 });
      const response = await vigie.fetch(`/api/${vigie.projectId}/envelope/?sentry_key=${key}`, {
        method: 'POST',
        body: envelopeOf(event),
      });
      expect(response.status).toBe(200);
    }
    const list = await vigie.api<{ issues: Array<{ id: number }> }>(
      `/api/v1/projects/${vigie.projectId}/issues`,
    );
    issueId = list.issues[0]!.id;
  });
  afterAll(async () => {
    await github?.close();
    await vigie?.stop();
  });

  it('keeps the token write-only: stored encrypted, never returned', async () => {
    const saved = await configure();
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({
      apiBaseUrl: github.url,
      repository: 'acme/shop',
      tokenSet: true,
      updatedAt: expect.any(String),
    });
    const read = await call('GET', settingsUrl());
    expect(read.body).toEqual(saved.body);
    expect(JSON.stringify(read.body)).not.toContain(GITHUB_TOKEN);

    const row = await db().selectFrom('github_settings').selectAll().executeTakeFirstOrThrow();
    expect(row.token_ciphertext).not.toContain(GITHUB_TOKEN);
    expect(row.token_ciphertext).not.toContain(Buffer.from(GITHUB_TOKEN).toString('base64').slice(0, 12));
    expect(row.token_ciphertext).toMatch(/^v1:/);
    if (dialect === 'sqlite') {
      const keyFile = statSync(path.join(vigie.config.dataDir, 'secret.key'));
      expect(keyFile.mode & 0o777).toBe(0o600);
    }
  });

  it('keeps the stored token when the settings are saved without one', async () => {
    const before = await db()
      .selectFrom('github_settings')
      .select('token_ciphertext')
      .executeTakeFirstOrThrow();
    expect((await configure({ token: null })).status).toBe(200);
    const after = await db()
      .selectFrom('github_settings')
      .select('token_ciphertext')
      .executeTakeFirstOrThrow();
    expect(after.token_ciphertext).toBe(before.token_ciphertext);
  });

  it('refuses plain http to anything but this machine, and a malformed repository', async () => {
    const insecure = await configure({ apiBaseUrl: 'http://github.internal.example.com/api/v3' });
    expect(insecure.status).toBe(400);
    expect(insecure.body.error?.code).toBe('insecure_api_base_url');
    expect((await configure({ repository: 'not a repository' })).status).toBe(400);
  });

  it('shows triagers where issues are filed, never the token, and lets only managers change it', async () => {
    const triager = await addMember(db(), 'ana@example.com', 'member', vigie.projectId, ['read', 'triage']);
    const put = await call('PUT', settingsUrl(), { repository: 'acme/shop', token: 'x' }, triager.token);
    expect(put.status).toBe(403);
    expect((await call('DELETE', settingsUrl(), undefined, triager.token)).status).toBe(403);
    // Whoever triages needs to know where "file in GitHub" goes before pressing it.
    const seen = await call('GET', settingsUrl(), undefined, triager.token);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ repository: expect.any(String), tokenSet: true });
    expect(JSON.stringify(seen.body)).not.toContain(GITHUB_TOKEN);
  });

  it('files the issue with the error, the in-app frames, the counts and a link back', async () => {
    const before = await db()
      .selectFrom('issues')
      .selectAll()
      .where('id', '=', issueId)
      .executeTakeFirstOrThrow();
    const filed = await fileIt();
    expect(filed.status).toBe(201);
    expect(filed.body).toEqual({
      url: 'https://github.com/acme/shop/issues/1',
      number: 1,
      repository: 'acme/shop',
    });

    const sent = github.received.at(-1)!;
    expect(sent.headers.authorization).toBe(`Bearer ${GITHUB_TOKEN}`);
    expect(sent.headers['x-github-api-version']).toBe('2022-11-28');
    expect(sent.title).toBe("TypeError: Cannot read properties of undefined (reading 'id')");
    expect(sent.body).toContain(
      "```text\nTypeError: Cannot read properties of undefined (reading 'id')\n```",
    );
    expect(sent.body).toContain('**Culprit:** `');
    expect(sent.body).toContain(
      '/srv/shop/routes/checkout.js:42:17 in checkout\n    const id = order.customer.id;',
    );
    expect(sent.body).not.toContain('layer.js'); // not in-app
    expect(sent.body).toContain('- **Events:** 3');
    expect(sent.body).toContain('- **Users:** 2');
    expect(sent.body).toContain('- **First seen:** 2026-11-20T09:30:00.000Z');
    expect(sent.body).toContain('- **Last seen:** 2026-11-20T11:30:00.000Z');
    expect(sent.body).toContain('- **Releases:** `shop@1.4.2`, `shop@1.4.3`');
    expect(sent.body).toContain(`(${vigie.config.publicUrl}/issues/${issueId})`);

    const issue = await db()
      .selectFrom('issues')
      .selectAll()
      .where('id', '=', issueId)
      .executeTakeFirstOrThrow();
    expect(issue.external_url).toBe('https://github.com/acme/shop/issues/1');
    expect(issue.external_number).toBe(1);
    expect(issue.inbox_reason).toBeNull();
    expect(issue.reviewed_at).toEqual(expect.any(Number));
    expect(issue.lifecycle_version).toBe(before.lifecycle_version + 1); // concurrent triage writes notice
    const activity = (await listActivity(db(), issueId)).filter((a) => a.kind === 'github');
    expect(JSON.parse(activity[0]!.data)).toEqual({
      url: 'https://github.com/acme/shop/issues/1',
      number: 1,
      repository: 'acme/shop',
    });
  });

  it('refuses to file an already linked issue twice unless forced', async () => {
    const again = await fileIt();
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe('issue_already_linked');
    expect(again.body.error?.details?.externalUrl).toBe('https://github.com/acme/shop/issues/1');
    const forced = await fileIt({ force: true });
    expect(forced.status).toBe(201);
    expect(forced.body.number).toBe(2);
    const activity = (await listActivity(db(), issueId)).filter((a) => a.kind === 'github');
    expect(JSON.parse(activity.at(-1)!.data).replaced).toBe('https://github.com/acme/shop/issues/1');
  });

  it('says GitHub rejected the token when it answers 401', async () => {
    await configure({ token: 'github_pat_revoked' });
    const failed = await fileIt({ force: true });
    expect(failed.status).toBe(502);
    expect(failed.body.error?.code).toBe('github_auth_failed');
    expect(failed.body.error?.message).toMatch(/^GitHub rejected the token: Bad credentials\./);
  });

  it('says the repository was not found when GitHub answers 404', async () => {
    await configure({ repository: 'acme/shpo' });
    const failed = await fileIt({ force: true });
    expect(failed.status).toBe(502);
    expect(failed.body.error?.code).toBe('github_repository_not_found');
    expect(failed.body.error?.message).toContain('acme/shpo');
  });

  it("passes on GitHub's validation message when it answers 422", async () => {
    await configure();
    github.mode = 'validation_failed';
    try {
      const failed = await fileIt({ force: true });
      expect(failed.status).toBe(502);
      expect(failed.body.error?.code).toBe('github_validation_failed');
      expect(failed.body.error?.message).toContain(
        'Validation Failed; body is too long (maximum is 65536 characters)',
      );
    } finally {
      github.mode = 'created';
    }
  });

  it('says GitHub is unreachable when nothing listens at the API base URL', async () => {
    const closed = await startFakeGithub({ token: GITHUB_TOKEN, repositories: [] });
    await closed.close();
    await configure({ apiBaseUrl: closed.url });
    const failed = await fileIt({ force: true });
    expect(failed.status).toBe(502);
    expect(failed.body.error?.code).toBe('github_unreachable');
    expect(failed.body.error?.message).toContain('ECONNREFUSED');
  });

  it('gives up with github_timeout when GitHub does not answer in time', async () => {
    github.mode = 'hang';
    try {
      const attempt = createGithubIssue(
        { apiBaseUrl: github.url, repository: 'acme/shop', token: GITHUB_TOKEN },
        { title: 'Slow', body: 'GitHub is slow today' },
        { timeoutMs: 300 },
      );
      // The timeout given applies (not the 10 s default), and Vigie hangs up rather than keep waiting.
      await expect(attempt).rejects.toMatchObject({
        status: 504,
        code: 'github_timeout',
        message: expect.stringContaining('did not answer within 0.3 s'),
      });
      await expect.poll(() => github.abandoned, { timeout: 10_000 }).toBe(1);
    } finally {
      github.mode = 'created';
    }
  });

  it('asks to configure GitHub first once the settings are deleted', async () => {
    expect((await call('DELETE', settingsUrl())).status).toBe(204);
    expect((await call('GET', settingsUrl())).status).toBe(404);
    const failed = await fileIt({ force: true });
    expect(failed.status).toBe(409);
    expect(failed.body.error?.code).toBe('github_not_configured');
  });
});
