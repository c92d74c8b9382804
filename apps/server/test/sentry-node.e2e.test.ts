// The real @sentry/node SDK, unmodified but for its DSN, sends errors to a running Vigie; the
// API returns them grouped into issues. On SQLite and on PostgreSQL.

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';

const client = (name: string) => fileURLToPath(new URL(`./clients/${name}`, import.meta.url));
const shop = client('sentry-node-shop.ts');

function runShop(dsn: string, scenario: string, args = [shop, scenario]): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      env: { ...process.env, SENTRY_DSN: dsn },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (!['crash', 'secrets'].includes(scenario) && code !== 0)
        reject(new Error(`shop exited ${code}: ${stderr}`));
      else resolve(code);
    });
  });
}

interface ApiIssue {
  id: number;
  title: string;
  culprit: string | null;
  level: string;
  count: number;
  userCount: number;
  platform: string;
  lastRelease: string | null;
  fingerprint: { strategy: string; components: Array<{ id: string; value: string }> };
}

describe.each(testDialects)('@sentry/node → Vigie on %s', (dialect) => {
  let vigie: RunningVigie;
  beforeAll(async () => {
    // Listening: the SDK, in its own process, sends over HTTP.
    vigie = await startVigie(dialect, {}, { listen: true });
  });
  afterAll(async () => {
    await vigie.stop();
  });

  const issues = () => vigie.api<{ issues: ApiIssue[] }>(`/api/v1/projects/${vigie.projectId}/issues`);

  it('groups handled errors by throw site, whatever the order id in the message', async () => {
    await runShop(vigie.dsn, 'handled');
    const listed = await eventually(async () => {
      const { issues: all } = await issues();
      return all.length >= 3 ? all : undefined;
    });
    expect(listed).toHaveLength(3);

    const charge = listed.find((i) => i.count === 3);
    expect(charge).toBeDefined();
    expect(charge!.title).toBe('Error: Payment declined for order 1003');
    expect(charge!.userCount).toBe(2);
    expect(charge!.platform).toBe('node');
    expect(charge!.lastRelease).toBe('shop@1.4.2');
    expect(charge!.fingerprint.strategy).toBe('stacktrace');
    expect(charge!.fingerprint.components.map((c) => c.value).join(' ')).toContain('chargeCard');

    const refund = listed.find((i) => i.title.startsWith('Error:') && i.count === 1);
    expect(refund, 'same message from another throw site is another issue').toBeDefined();
    expect(refund!.fingerprint.components.map((c) => c.value).join(' ')).toContain('refundOrder');

    const message = listed.find((i) => i.level === 'warning');
    expect(message?.title).toBe('Inventory sync finished with 3 warnings');

    const detail = await vigie.api<{
      latestEvent: { eventId: string; release: string; data: { user: { id: string } } };
      stats: { last24Hours: Array<{ count: number }> };
    }>(`/api/v1/issues/${charge!.id}`);
    expect(detail.latestEvent.release).toBe('shop@1.4.2');
    expect(detail.latestEvent.data.user.id).toBe('u-2');
    expect(detail.stats.last24Hours.reduce((n, p) => n + p.count, 0)).toBe(3);

    const { events } = await vigie.api<{ events: Array<{ eventId: string }> }>(
      `/api/v1/issues/${charge!.id}/events`,
    );
    expect(events).toHaveLength(3);
    const byId = await vigie.api<{ issueId: number }>(`/api/v1/events/${events[0]!.eventId}`);
    expect(byId.issueId).toBe(charge!.id);
  });

  it('records an unhandled crash as an unhandled error', async () => {
    const code = await runShop(vigie.dsn, 'crash');
    expect(code).toBe(1);
    const crash = await eventually(async () => {
      const { issues: all } = await issues();
      return all.find((i) => i.title.startsWith('TypeError'));
    });
    expect(crash.title).toBe("TypeError: Cannot read properties of null (reading 'length')");
    expect(crash.level).toBe('fatal');
    const detail = await vigie.api<{
      latestEvent: { data: { exceptions: Array<{ mechanism: { handled?: boolean } }> } };
    }>(`/api/v1/issues/${crash.id}`);
    expect(detail.latestEvent.data.exceptions.at(-1)?.mechanism.handled).toBe(false);
  });

  it('gives unrelated non-Error rejections an issue each, grouped by type and value', async () => {
    await runShop(vigie.dsn, 'rejections');
    const rejections = await eventually(async () => {
      const { issues: all } = await issues();
      const found = all.filter((i) => /promise rejection|keys: (status|field)/.test(i.title));
      return found.length >= 2 ? found : undefined;
    });
    expect(rejections).toHaveLength(2);
    for (const issue of rejections) {
      expect(issue.fingerprint.strategy).toBe('exception');
      expect(issue.count).toBe(1);
    }
    expect(rejections.map((i) => i.fingerprint.components.at(-1)?.value).sort()).toEqual([
      expect.stringMatching(/keys: field$/),
      expect.stringMatching(/keys: status$/),
    ]);
  }, 60_000);

  it('stores none of the credentials the SDK sends from its scope: they read [Filtered]', async () => {
    const args = ['--import', client('sentry-node-instrument.ts'), client('sentry-node-secrets.ts')];
    expect(await runShop(vigie.dsn, 'secrets', args)).toBe(1);
    const declined = await eventually(async () => {
      const { issues: all } = await issues();
      return all.find((i) => i.title === 'Error: Card declined for order 77812');
    });
    const answer = await vigie.fetch(`/api/v1/issues/${declined.id}`, {
      headers: { authorization: `Bearer ${vigie.token}` },
    });
    const { latestEvent } = (await answer.json()) as {
      latestEvent: {
        data: {
          user: Record<string, unknown>;
          tags: string[][];
          contexts: { payment: Record<string, unknown> };
          extra: Record<string, unknown>;
          breadcrumbs: Array<{ category?: string; data?: Record<string, unknown> }>;
        };
      };
    };
    const { data } = latestEvent;
    // Anywhere but in source lines (the SDK sends the lines around each frame, and the app's source
    // holds its test secrets as literals; source code is not data, and Sentry does not scrub it).
    const text = JSON.stringify(data, (key, value) =>
      /^(pre|post)Context$|^contextLine$/.test(key) ? undefined : value,
    );
    const secrets = ['ak_live_user_51HxQ', 's3ss10n-node-5ecr3t', '4242', 'hunter2', 'tok-node-query'];
    expect(
      secrets.filter((secret) => text.includes(secret)),
      text,
    ).toEqual([]);
    expect(data.user).toMatchObject({ id: 'u-981', email: 'claire@example.com', api_key: '[Filtered]' });
    expect(data.tags).toContainEqual(['session_id', '[Filtered]']);
    expect(data.contexts.payment).toMatchObject({ card_number: '[Filtered]', amount: 1999 });
    expect(data.extra).toEqual({
      db_password: '[Filtered]',
      request_body: '{"password":"[Filtered]","card":{"number":"[Filtered]"}}',
      callback: 'https://shop.example.com/return?order=77812&access_token=[Filtered]',
    });
    expect(data.breadcrumbs.find((b) => b.category === 'auth')?.data).toEqual({
      password: '[Filtered]',
      user: 'claire',
    });
  });
});
