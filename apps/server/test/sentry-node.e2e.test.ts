// The real @sentry/node SDK, unmodified but for its DSN, sends errors to a running Vigie; the
// API returns them grouped into issues. On SQLite and on PostgreSQL.

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';

const shop = fileURLToPath(new URL('./clients/sentry-node-shop.ts', import.meta.url));

function runShop(dsn: string, scenario: string): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [shop, scenario], {
      env: { ...process.env, SENTRY_DSN: dsn },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (scenario !== 'crash' && code !== 0) reject(new Error(`shop exited ${code}: ${stderr}`));
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
});
