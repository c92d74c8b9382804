// The hook the CSP collector calls for a violation group new under an enforced policy (issue 17 §6): a rule
// with the csp_new_group condition pages through its channel (the Slack stand-in reads what arrived), with
// the directive, what was blocked, the page and a link to the project's CSP page; report-only groups do not
// page.

import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifyNewViolationGroup } from '../src/alerts/csp-hook.ts';
import { type StandIns, startStandIns } from './alert-standins.ts';
import { issueKit } from './issue-kit.ts';
import { type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';

describe.each(testDialects)('the CSP alert hook on %s', (dialect) => {
  let vigie: RunningVigie;
  let stand: StandIns;
  const kit = issueKit(() => vigie);

  beforeAll(async () => {
    stand = await startStandIns();
    vigie = await startVigie(dialect, {
      VIGIE_ALLOW_PRIVATE_WEBHOOKS: 'true',
      ...(dialect === 'postgres' ? { VIGIE_SECRET_KEY: randomBytes(32).toString('hex') } : {}),
    });
  });
  afterAll(async () => {
    await vigie?.stop();
    await stand?.close();
  });

  it('pages on a violation group new under the enforced policy, not on a report-only one', async () => {
    const base = `/api/v1/projects/${vigie.projectId}`;
    const channel = await kit.call('POST', `${base}/alert-channels`, {
      kind: 'slack',
      name: '#security',
      url: stand.slackUrl,
    });
    expect(channel.status).toBe(201);
    const rule = await kit.call('POST', `${base}/alert-rules`, {
      name: 'CSP breaks or attacks',
      conditions: [{ kind: 'csp_new_group' }],
      actions: [{ channelId: channel.body.id }],
      cooldownMinutes: 0,
    });
    expect(rule.status).toBe(201);
    const db = vigie.app.vigie.database.db;
    const now = Date.now();
    await db.transaction().execute(async (trx) => {
      await notifyNewViolationGroup(
        trx,
        vigie.projectId,
        {
          groupId: 41,
          directive: 'script-src-elem',
          blocked: 'https://evil.example',
          pagePattern: '/checkout/:id',
          policyVersion: 3,
          enforced: true,
        },
        now,
      );
      await notifyNewViolationGroup(
        trx,
        vigie.projectId,
        {
          groupId: 42,
          directive: 'img-src',
          blocked: 'https://tracker.example',
          pagePattern: '/',
          policyVersion: 3,
          enforced: false,
        },
        now,
      );
    });
    const before = stand.to('slack').length;
    await vigie.app.vigie.jobs.runNow('alert-delivery', now + 1_000);
    const sent = stand.to('slack').slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.problems).toEqual([]);
    expect(sent[0]!.body.blocks[0].text.text).toContain(
      'New CSP violation in Default: script-src-elem blocked https://evil.example',
    );
    expect(sent[0]!.raw).toContain(
      'Browsers blocked https://evil.example (script-src-elem) on /checkout/:id under the enforced policy (version 3), for the first time',
    );
    expect(sent[0]!.raw).not.toContain('tracker.example');

    const history = await kit.call('GET', `${base}/alerts?kind=trigger`);
    const alerts = history.body.alerts as {
      condition: string;
      ruleName: string;
      details: Record<string, unknown>;
    }[];
    const csp = alerts.filter((a) => a.condition === 'csp_new_group');
    expect(csp).toHaveLength(1);
    expect(csp[0]!.ruleName).toBe('CSP breaks or attacks');
    expect(csp[0]!.details).toMatchObject({ directive: 'script-src-elem', blocked: 'https://evil.example' });
    expect(sent[0]!.raw).toContain(`/projects/${vigie.projectId}/csp`);
  });
});
