// Alert rules and channels over the API, and delivery to local stand-ins of PagerDuty, Slack and a
// Standard Webhooks receiver that check every request against the documented formats: default rules,
// "send a test alert", a new issue notified once, retries after 500 and 429, the permanent failure after 400
// and its retry from the dead-letter list, digests instead of storms, cooldowns, and resolve on resolution.

import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StandIns, startStandIns } from './alert-standins.ts';
import { issueKit } from './issue-kit.ts';
import { type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';
import { errorEvent } from './support/events.ts';

describe.each(testDialects)('alerts on %s', (dialect) => {
  let vigie: RunningVigie;
  let stand: StandIns;
  const kit = issueKit(() => vigie);
  const { call } = kit;
  let dsnKey: string;
  let base: string;
  let clock = Date.now();
  /** One run of the delivery job at the test's clock, a minute later each time. */
  const deliver = async (advanceMs = 60_000) => {
    clock += advanceMs;
    expect(await vigie.app.vigie.jobs.runNow('alert-delivery', clock)).toBe('ran');
  };
  const send = (events: Record<string, unknown>[]) => kit.send(vigie.projectId, dsnKey, events);

  beforeAll(async () => {
    stand = await startStandIns();
    vigie = await startVigie(dialect, {
      VIGIE_ALLOW_PRIVATE_WEBHOOKS: 'true',
      ...(dialect === 'postgres' ? { VIGIE_SECRET_KEY: randomBytes(32).toString('hex') } : {}),
    });
    dsnKey = new URL(vigie.dsn).username;
    base = `/api/v1/projects/${vigie.projectId}`;
  });
  afterAll(async () => {
    await vigie?.stop();
    await stand?.close();
  });

  it('starts a project with the default rules: page on escalations and regressions in production, Slack on new issues', async () => {
    const { status, body } = await call('GET', `${base}/alert-rules`);
    expect(status).toBe(200);
    expect(body.rules).toMatchObject([
      {
        conditions: [{ kind: 'escalation' }, { kind: 'regression' }],
        filters: { environments: ['production'] },
        actions: [{ channelKind: 'pagerduty' }],
      },
      { conditions: [{ kind: 'new_issue' }], actions: [{ channelKind: 'slack' }] },
    ]);
    const settings = await call('GET', `${base}/alert-settings`);
    expect(settings.body).toEqual({
      falsePagesPerDay: 0.5,
      escalationChannelId: null,
      weeklyDigest: { channelId: null, time: '09:00' },
    });
  });

  it('adds channels; a webhook shows its signing secret once, and no channel shows its URL or key again', async () => {
    const pd = await call('POST', `${base}/alert-channels`, {
      kind: 'pagerduty',
      name: 'On-call',
      url: stand.pagerDutyUrl,
      routingKey: 'R0UT1NGKEY0000000000000000000001',
    });
    expect(pd.status).toBe(201);
    const slack = await call('POST', `${base}/alert-channels`, {
      kind: 'slack',
      name: '#errors',
      url: stand.slackUrl,
    });
    expect(slack.status).toBe(201);
    const hook = await call('POST', `${base}/alert-channels`, {
      kind: 'webhook',
      name: 'Ops bot',
      url: stand.webhookUrl,
    });
    expect(hook.status).toBe(201);
    expect(hook.body.signingSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    stand.webhookSecret = hook.body.signingSecret as string;
    const list = await call('GET', `${base}/alert-channels`);
    const text = JSON.stringify(list.body);
    expect(text).not.toContain('R0UT1NGKEY');
    expect(text).not.toContain('whsec_');
    expect(text).not.toContain('/services/T0000');
    expect(list.body.channels).toHaveLength(3);
  });

  it('refuses what is wrong, saying what: a bad routing key, a query that does not parse, an unknown channel', async () => {
    const badKey = await call('POST', `${base}/alert-channels`, {
      kind: 'pagerduty',
      name: 'x',
      routingKey: 'short',
    });
    expect(badKey.status).toBe(400);
    expect(badKey.body.error?.message).toMatch(/routingKey/);
    const badQuery = await call('POST', `${base}/alert-rules`, {
      name: 'bad',
      conditions: [{ kind: 'new_issue' }],
      filters: { query: 'level:loud' },
      actions: [{ channelKind: 'slack' }],
    });
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.error?.message).toMatch(/level/);
    const noChannel = await call('POST', `${base}/alert-rules`, {
      name: 'nowhere',
      conditions: [{ kind: 'new_issue' }],
      actions: [{ channelId: 9999 }],
    });
    expect(noChannel.status).toBe(400);
    expect(noChannel.body.error?.message).toBe('actions: channel 9999 does not exist in this project.');
  });

  it('sends a test alert through every channel of a rule, each in its documented format', async () => {
    const hook = (await call('GET', `${base}/alert-channels`)).body.channels as {
      id: number;
      kind: string;
    }[];
    const rule = await call('POST', `${base}/alert-rules`, {
      name: 'Everything to everyone',
      enabled: false,
      conditions: [{ kind: 'new_issue' }],
      actions: hook.map((c) => ({ channelId: c.id })),
    });
    expect(rule.status).toBe(201);
    const before = stand.received.length;
    const test = await call('POST', `${base}/alert-rules/${rule.body.id}/test`);
    expect(test.status).toBe(200);
    expect(test.body).toMatchObject({ kind: 'test', ruleName: 'Everything to everyone' });
    expect((test.body.deliveries as { status: string }[]).map((d) => d.status)).toEqual([
      'delivered',
      'delivered',
      'delivered',
    ]);
    const got = stand.received.slice(before);
    expect(got.map((r) => [r.path.split('/')[1], r.problems]).sort()).toEqual([
      ['hooks', []],
      ['services', []],
      ['v2', []],
    ]);
    const slack = got.find((r) => r.path.startsWith('/services/'))!;
    expect(slack.body.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Test alert: Test alert from Default', emoji: false },
    });
    const webhook = got.find((r) => r.path === '/hooks/vigie')!;
    expect(webhook.body.type).toBe('alert.test');
    expect(webhook.headers['webhook-id']).toMatch(/^msg_\d+_\d+$/);
    await call('DELETE', `${base}/alert-rules/${rule.body.id}`);
  });

  it('notifies Slack of a new issue once, with title, culprit, counts, environment, release and a link', async () => {
    const before = stand.to('slack').length;
    await send([errorEvent({ value: 'alpha broke', fn: 'payAlpha' })]);
    await send([errorEvent({ value: 'alpha broke', fn: 'payAlpha' })]);
    await deliver();
    await deliver();
    const slack = stand.to('slack').slice(before);
    expect(slack).toHaveLength(1);
    expect(slack[0]!.problems).toEqual([]);
    const issue = await kit.issueNamed('alpha broke');
    const text = JSON.stringify(slack[0]!.body.blocks);
    expect(text).toContain('alpha broke');
    expect(text).toContain('production');
    expect(text).toContain('shop@1.4.2');
    expect(text).toContain(`/issues/${issue.id}`);
    expect(text).toContain('A new issue');
    const history = await call('GET', `${base}/alerts?issue=${issue.id}`);
    expect(history.body.alerts).toMatchObject([
      {
        kind: 'trigger',
        condition: 'new_issue',
        ruleName: 'New issues to Slack',
        deliveries: [{ status: 'delivered' }],
      },
    ]);
  });

  it('retries after 500 and 429 with backoff, and records each attempt', async () => {
    const before = stand.to('slack').length;
    stand.failNext.push(500, 429);
    await send([errorEvent({ value: 'beta broke', fn: 'payBeta' })]);
    await deliver(); // 500
    await deliver(3_600_000); // 429
    await deliver(3_600_000); // 200
    const slack = stand.to('slack').slice(before);
    expect(slack.map((r) => r.status)).toEqual([500, 429, 200]);
    const issue = await kit.issueNamed('beta broke');
    const history = await call('GET', `${base}/alerts?issue=${issue.id}`);
    const [delivery] = (
      history.body.alerts as { deliveries: { status: string; attempts: unknown[] }[] }[]
    )[0]!.deliveries;
    expect(delivery!.status).toBe('delivered');
    expect(delivery!.attempts).toMatchObject([
      { outcome: 'retry', statusCode: 500 },
      { outcome: 'retry', statusCode: 429 },
      { outcome: 'delivered', statusCode: 200 },
    ]);
  });

  it('gives up at once on a 400, lists it as dead, and delivers it when retried by hand', async () => {
    stand.failNext.push(400);
    await send([errorEvent({ value: 'gamma broke', fn: 'payGamma' })]);
    await deliver();
    const dead = await call('GET', `${base}/alert-deliveries`);
    const deliveries = dead.body.deliveries as { id: number; status: string; lastError: string }[];
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]!.lastError).toBe('answered 400: invalid_payload');
    const retried = await call('POST', `${base}/alert-deliveries/${deliveries[0]!.id}/retry`);
    expect(retried.body).toMatchObject({ status: 'delivered' });
    expect((await call('GET', `${base}/alert-deliveries`)).body.deliveries).toEqual([]);
  });

  it('sends one digest instead of many messages when many issues fire at once', async () => {
    const before = stand.to('slack').length;
    await send(Array.from({ length: 6 }, (_, i) => errorEvent({ value: `storm ${i}`, fn: `storm${i}` })));
    await deliver();
    const slack = stand.to('slack').slice(before);
    expect(slack).toHaveLength(1);
    expect(slack[0]!.problems).toEqual([]);
    expect(slack[0]!.body.text).toBe('6 alerts in Default (Default)');
    const digest = await call('GET', `${base}/alerts?kind=digest`);
    expect((digest.body.alerts as unknown[]).length).toBe(1);
  });

  it('pages a regression in production through PagerDuty, and resolves the page when the issue is resolved', async () => {
    await send([errorEvent({ value: 'delta broke', fn: 'payDelta' })]);
    await deliver();
    const issue = await kit.issueNamed('delta broke');
    expect((await call('POST', `/api/v1/issues/${issue.id}/resolve`, {})).status).toBeLessThan(300);
    await deliver();
    const before = stand.to('pagerduty').length;
    await send([errorEvent({ value: 'delta broke', fn: 'payDelta' })]);
    await deliver();
    const triggers = stand.to('pagerduty').slice(before);
    expect(triggers).toHaveLength(1);
    expect(triggers[0]!.problems).toEqual([]);
    expect(triggers[0]!.body).toMatchObject({
      event_action: 'trigger',
      dedup_key: expect.stringMatching(/^vigie\/project-\d+\/rule-\d+\/issue-\d+\/regression$/),
      payload: { severity: 'error', source: 'Default', summary: '[Default] TypeError: delta broke' },
      links: [{ href: `${vigie.config.publicUrl}/issues/${issue.id}` }],
    });
    expect((await call('POST', `/api/v1/issues/${issue.id}/resolve`, {})).status).toBeLessThan(300);
    await deliver();
    const resolves = stand.to('pagerduty').slice(before + 1);
    expect(resolves.map((r) => r.body)).toEqual([
      {
        routing_key: 'R0UT1NGKEY0000000000000000000001',
        event_action: 'resolve',
        dedup_key: triggers[0]!.body.dedup_key,
      },
    ]);
  });
});
