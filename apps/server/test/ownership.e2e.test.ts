// The real @sentry/node SDK sends errors from two code areas of an app (test/clients/areas); with rules
// for two teams, each issue is suggested to the right team, and in auto mode assigned to it, the
// activity log naming the rule. On SQLite and on PostgreSQL.

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOwnershipJob } from '../src/ownership/ownership-job.ts';
import { setMember } from '../src/teams/members.repository.ts';
import { createTeam } from '../src/teams/teams.repository.ts';
import { eventually, type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';
import { request } from './triage-fixtures.ts';

const app = fileURLToPath(new URL('./clients/sentry-node-areas.ts', import.meta.url));

function runApp(dsn: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [app], {
      env: { ...process.env, SENTRY_DSN: dsn },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`app exited ${code}: ${stderr}`))));
  });
}

interface Listed {
  id: number;
  title: string;
  assignee: { type: string; slug: string | null } | null;
}

describe.each(testDialects)('@sentry/node errors owned by two teams on %s', (dialect) => {
  let vigie: RunningVigie;
  beforeAll(async () => {
    vigie = await startVigie(dialect, {}, { listen: true });
    const db = vigie.app.vigie.database.db;
    for (const [name, slug] of [
      ['Billing', 'billing'],
      ['Checkout', 'checkout'],
    ]) {
      const team = await createTeam(db, name!, slug);
      await setMember(db, vigie.projectId, { teamId: team.id }, 'member');
    }
  });
  afterAll(async () => {
    await vigie.stop();
  });

  it('suggests, then assigns, each issue to the team that owns its code', async () => {
    const saved = await request(vigie, vigie.token, 'PUT', `/api/v1/projects/${vigie.projectId}/ownership`, {
      mode: 'auto',
      rules: 'path:areas/** #checkout\npath:areas/billing/** #billing\npath:areas/checkout/** #checkout',
    });
    expect(saved.status).toBe(200);
    await runApp(vigie.dsn);
    const listed = await eventually(async () => {
      const { issues } = await vigie.api<{ issues: Listed[] }>(`/api/v1/projects/${vigie.projectId}/issues`);
      return issues.length === 2 ? issues : undefined;
    });
    await runOwnershipJob(vigie.app.vigie.database.db, { nowMs: Date.now() });

    const invoice = listed.find((i) => i.title.startsWith('Error: Invoice'))!;
    const cart = listed.find((i) => i.title.startsWith('TypeError: Cannot add'))!;
    const owners = (id: number) =>
      vigie.api<{
        suggestion: {
          owners: { label: string }[];
          rule: { line: number };
          value: string;
          explanation: string;
        };
      }>(`/api/v1/issues/${id}/owners`);
    const invoiceOwners = await owners(invoice.id);
    expect(invoiceOwners.suggestion.owners.map((o) => o.label)).toEqual(['#billing']);
    expect(invoiceOwners.suggestion.rule.line).toBe(2);
    expect(invoiceOwners.suggestion.value).toMatch(/\/areas\/billing\/invoice\.ts$/);
    expect(invoiceOwners.suggestion.explanation).toMatch(
      /^owned by #billing: .*\/areas\/billing\/invoice\.ts matched `path:areas\/billing\/\*\*`$/,
    );
    expect((await owners(cart.id)).suggestion.owners.map((o) => o.label)).toEqual(['#checkout']);

    const { issues } = await vigie.api<{ issues: Listed[] }>(`/api/v1/projects/${vigie.projectId}/issues`);
    expect(Object.fromEntries(issues.map((i) => [i.id, i.assignee?.slug]))).toEqual({
      [invoice.id]: 'billing',
      [cart.id]: 'checkout',
    });
    const { activity } = await vigie.api<{
      activity: { kind: string; actor: { type: string }; data: { rule?: { text: string } } }[];
    }>(`/api/v1/issues/${invoice.id}/activity`);
    expect(activity.find((a) => a.kind === 'assign')).toMatchObject({
      actor: { type: 'rule' },
      data: { rule: { text: 'path:areas/billing/** #billing' } },
    });
    const billing = await vigie.api<{ issues: { id: number }[] }>(
      `/api/v1/projects/${vigie.projectId}/inbox?query=${encodeURIComponent('owner:#billing')}`,
    );
    expect(billing.issues.map((i) => i.id)).toEqual([invoice.id]);
    // A child Node process with the SDK: seconds on a busy machine.
  }, 120_000);
});
