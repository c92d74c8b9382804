// The alert settings and "Ask the team" in real Chromium, against local stand-ins for PagerDuty, Slack and a
// Standard Webhooks receiver: a manager adds channels (a webhook's signing secret shown once), sends a test
// through each and reads the outcome (PagerDuty's 400 included), creates, edits, tests and deletes a rule
// with a search query among its filters, and picks the support channel; a support user asks the team from
// a customer's page and from an issue's page and reads what was sent. Screenshots at both sizes.

import { randomBytes } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StandIns, startStandIns } from './alert-standins.ts';
import { addUser, type TestUser } from './auth-fixtures.ts';
import { issueKit } from './issue-kit.ts';
import { type RunningVigie, startVigie } from './support/app.ts';
import {
  dashboardBrowser,
  type PageWatch,
  screenshotBothSizes,
  seriousAxeViolations,
  signsOfInjection,
  watchPage,
} from './support/browser.ts';
import { testDialects } from './support/databases.ts';
import { errorEvent } from './support/events.ts';

const PASSWORD = 'a long enough password';
const ROUTING_KEY = 'R0123456789abcdefghijklmnopqrstu';

const browser = dashboardBrowser();

describe.each(testDialects)('alert settings and Ask the team on %s', (dialect) => {
  let vigie: RunningVigie;
  let stand: StandIns;
  let manager: TestUser;
  let support: TestUser;
  const contexts: BrowserContext[] = [];
  const kit = issueKit(() => vigie);
  let base: string;

  beforeAll(async () => {
    stand = await startStandIns();
    vigie = await startVigie(
      dialect,
      {
        VIGIE_ALLOW_PRIVATE_WEBHOOKS: 'true',
        ...(dialect === 'postgres' ? { VIGIE_SECRET_KEY: randomBytes(32).toString('hex') } : {}),
      },
      { listen: true },
    );
    const database = vigie.app.vigie.database;
    manager = await addUser(database, {
      email: 'max@example.com',
      password: PASSWORD,
      role: 'admin',
      projectId: vigie.projectId,
    });
    support = await addUser(database, {
      email: 'sam@example.com',
      password: PASSWORD,
      role: 'support',
      projectId: vigie.projectId,
    });
    base = `/api/v1/projects/${vigie.projectId}`;
    await kit.send(vigie.projectId, new URL(vigie.dsn).username, [
      {
        ...errorEvent({ value: 'checkout total is NaN', fn: 'total' }),
        user: { id: 'u-jane', email: 'jane@example.com' },
        environment: 'production',
      },
    ]);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await vigie?.stop();
    await stand?.close();
  });

  async function signIn(user: TestUser): Promise<{ page: Page; watch: PageWatch }> {
    const context = await browser().newContext({ viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const watch = await watchPage(page, vigie.baseUrl);
    await page.goto(`${vigie.baseUrl}/login`);
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Projects' }).waitFor();
    return { page, watch };
  }

  it('adds channels, tests each (a PagerDuty 400 shown as a failure) and keeps a webhook secret shown once', async () => {
    const { page, watch } = await signIn(manager);
    // From the project's settings, by its section links.
    await page.goto(`${vigie.baseUrl}/projects/${vigie.projectId}/settings`);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Alerts' }).click();
    await page.getByRole('heading', { level: 1, name: /alert rules and channels/ }).waitFor();
    const channels = page.getByRole('region', { name: 'Channels' });
    await channels.getByText('No channel yet').waitFor();

    const add = async (kind: string, fields: Record<string, string>) => {
      if ((await channels.locator('details.add-channel[open]').count()) === 0) {
        await channels.getByText('Add a channel', { exact: true }).click();
      }
      const form = channels.getByRole('form', { name: 'Add a channel' });
      await form.getByLabel('Kind').selectOption(kind);
      for (const [label, value] of Object.entries(fields)) await form.getByLabel(label).fill(value);
      await form.getByRole('button', { name: 'Add channel' }).click();
      await channels.getByRole('listitem', { name: fields.Name! }).waitFor();
    };
    await add('slack', { Name: '#errors', 'Incoming webhook URL': stand.slackUrl });
    await add('pagerduty', {
      Name: 'On-call',
      'Routing key': ROUTING_KEY,
      'Events API URL (optional)': stand.pagerDutyUrl,
    });
    await add('webhook', { Name: 'Incident bot', 'Receiver URL': stand.webhookUrl });

    // The webhook's signing secret, once: it verifies the test the receiver gets.
    const secret = await channels.locator('.secret-line code').textContent();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    stand.webhookSecret = secret!;
    await channels.getByRole('button', { name: 'I have saved it' }).click();
    await expect(channels.locator('.signing-secret').count()).resolves.toBe(0);
    await expect(channels.textContent()).resolves.not.toContain(secret!);

    const card = (name: string) => channels.getByRole('listitem', { name });
    await card('Incident bot').getByRole('button', { name: 'Send a test' }).click();
    await card('Incident bot')
      .getByRole('status')
      .getByText('Incident bot (Webhook): delivered (204)')
      .waitFor();
    expect(stand.to('webhook').at(-1)!.problems).toEqual([]);
    // Renamed, its URL left empty: the same receiver, and the same signing secret, which still verifies.
    await card('Incident bot').getByRole('button', { name: 'Edit' }).click();
    const edit = card('Incident bot').getByRole('form', { name: 'Edit Incident bot' });
    await edit.getByLabel('Name').fill('Incident webhook');
    await edit.getByRole('button', { name: 'Save channel' }).click();
    await card('Incident webhook').getByRole('button', { name: 'Send a test' }).click();
    await card('Incident webhook')
      .getByRole('status')
      .getByText('Incident webhook (Webhook): delivered (204)')
      .waitFor();
    expect(stand.to('webhook').at(-1)!.problems).toEqual([]);
    // Where it goes, never the URL's secret part.
    await expect(card('#errors').textContent()).resolves.not.toContain('XXXXXXXXXXXXXXXX');

    stand.failNext.push(400);
    await card('On-call').getByRole('button', { name: 'Send a test' }).click();
    const outcome = card('On-call').getByRole('status');
    await outcome.getByText('The test alert did not get through.').waitFor();
    await expect(outcome.textContent()).resolves.toContain(
      'On-call (PagerDuty): failed for good: answered 400',
    );
    // The failure stays on the channel after a reload, with the way to retry it.
    await page.reload();
    await card('On-call')
      .getByText(/A delivery failed for good, the latest: answered 400/)
      .waitFor();
    await card('On-call').getByRole('link', { name: 'See the alerts and retry' }).waitFor();

    await card('#errors').getByRole('button', { name: 'Send a test' }).click();
    await card('#errors').getByRole('status').getByText('#errors (Slack): delivered (200)').waitFor();
    expect(stand.to('slack').at(-1)!.problems).toEqual([]);

    await screenshotBothSizes(page, 'alert-settings');
    expect(await signsOfInjection(page, watch)).toEqual([]);
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('creates a rule with a search query, edits it, sends a test alert through it and deletes it', async () => {
    const { page, watch } = await signIn(manager);
    await page.goto(`${vigie.baseUrl}/projects/${vigie.projectId}/settings/alerts`);
    const rules = page.getByRole('region', { name: 'Rules' });
    // The defaults a project starts with.
    await rules.getByRole('listitem', { name: 'New issues to Slack' }).waitFor();
    await rules.getByRole('button', { name: 'New rule' }).click();
    const form = rules.getByRole('form', { name: 'Create rule' });
    await form.getByLabel('Name').fill('Checkout regressions to on-call');
    await form.getByLabel('A new issue').uncheck();
    await form.getByLabel('A regression (a resolved issue seen again)').check();
    await form.getByLabel('A count passing a threshold').check();
    await form.getByLabel('Of', { exact: true }).selectOption('issue');
    await form.getByLabel('Passing', { exact: true }).fill('500');
    await form.getByLabel('Within (minutes)').fill('10');
    await form.getByLabel('error', { exact: true }).check();
    await form.getByLabel('Environments').fill('production');
    await form.getByLabel('Tags').fill('region=eu');
    // A query the search language refuses: the server's message is shown and nothing is created.
    await form.getByLabel('Search query').fill('level:sever');
    await form.getByLabel('On-call (PagerDuty)').check();
    await form.getByLabel('Cooldown (minutes)').fill('30');
    await form.getByRole('button', { name: 'Create rule' }).click();
    await form.getByRole('alert').getByText(/level/).waitFor();
    await form.scrollIntoViewIfNeeded();
    await screenshotBothSizes(page, 'alert-rule-editor');
    await form.getByLabel('Search query').fill('checkout !user.email:*@acme.test');
    await form.getByRole('button', { name: 'Create rule' }).click();

    const rule = rules.getByRole('listitem', { name: 'Checkout regressions to on-call' });
    await rule
      .getByText(
        'On a regression or an issue passing 500 events in 10 min, in production, level error, region=eu, matching “checkout !user.email:*@acme.test”, to On-call; at most once every 30 min per issue.',
      )
      .waitFor();
    const saved = (await kit.call('GET', `${base}/alert-rules`)).body.rules as {
      name: string;
      filters: Record<string, unknown>;
    }[];
    expect(saved.find((r) => r.name === 'Checkout regressions to on-call')?.filters).toEqual({
      levels: ['error'],
      environments: ['production'],
      tags: [{ key: 'region', value: 'eu' }],
      query: 'checkout !user.email:*@acme.test',
    });

    await rule.getByRole('button', { name: 'Edit' }).click();
    const edit = rule.getByRole('form', { name: 'Save rule' });
    await edit.getByLabel('Cooldown (minutes)').fill('5');
    await edit.getByLabel('Every Slack channel').check();
    await edit.getByRole('button', { name: 'Save rule' }).click();
    await rule.getByText(/to On-call, every slack channel; at most once every 5 min per issue\.$/).waitFor();

    const before = stand.to('pagerduty').length;
    await rule.getByRole('button', { name: 'Send a test alert' }).click();
    await rule.getByRole('status').getByText('Test alert delivered.').waitFor();
    await expect(rule.getByRole('status').textContent()).resolves.toContain(
      'On-call (PagerDuty): delivered (202)',
    );
    const sent = stand.to('pagerduty').slice(before);
    expect(sent.map((r) => [r.body.event_action, r.problems])).toEqual([['trigger', []]]);

    await rule.getByRole('button', { name: 'Delete rule Checkout regressions to on-call' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete the rule' }).click();
    await rule.waitFor({ state: 'detached' });
    const left = (await kit.call('GET', `${base}/alert-rules`)).body.rules as { name: string }[];
    expect(left.map((r) => r.name)).not.toContain('Checkout regressions to on-call');
    expect(await signsOfInjection(page, watch)).toEqual([]);
  });

  it('sets the false-page budget and the support channel', async () => {
    const { page } = await signIn(manager);
    await page.goto(`${vigie.baseUrl}/projects/${vigie.projectId}/settings/alerts`);
    const options = page.getByRole('region', { name: /Paging budget/ });
    await options.getByLabel('False pages a day, at most').fill('0.2');
    await options.getByLabel('“Ask the team” posts to').selectOption({ label: '#errors (slack)' });
    await options.getByRole('button', { name: 'Save settings' }).click();
    await options.getByRole('status').getByText('Saved.').waitFor();
    const settings = (await kit.call('GET', `${base}/alert-settings`)).body;
    expect(settings.falsePagesPerDay).toBe(0.2);
    expect(typeof settings.escalationChannelId).toBe('number');
  });

  it('lets a support user ask the team from a customer’s page and an issue’s page, and shows what was sent', async () => {
    const { page, watch } = await signIn(support);
    await page.goto(`${vigie.baseUrl}/customers/${encodeURIComponent('email:jane@example.com')}`);
    await page.getByRole('heading', { level: 1, name: 'jane@example.com' }).waitFor();
    const before = stand.to('slack').length;
    await page.getByRole('button', { name: 'Ask the team' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('About jane@example.com.', { exact: false }).waitFor();
    await dialog
      .getByLabel('What the customer asked, or what you need')
      .fill('She cannot pay since this morning: <b>is this known?</b>');
    await dialog.getByRole('button', { name: 'Send to the team' }).click();
    const sent = page.getByRole('status').filter({ hasText: 'Sent to the team.' });
    await sent.waitFor();
    await expect(sent.textContent()).resolves.toContain('#errors (Slack): delivered (200)');
    await sent.getByText('She cannot pay since this morning: <b>is this known?</b>').waitFor();
    const slack = stand.to('slack').slice(before);
    expect(slack).toHaveLength(1);
    expect(slack[0]!.problems).toEqual([]);
    expect(slack[0]!.raw).toContain('sam@example.com: She cannot pay since this morning');
    expect(slack[0]!.raw).toContain('email:jane@example.com');
    expect(slack[0]!.raw).toContain('checkout total is NaN');
    await screenshotBothSizes(page, 'ask-the-team-customer');
    expect(await signsOfInjection(page, watch)).toEqual([]);
    // Recorded on the customer: the page lists it after a reload.
    await page.reload();
    await page.getByText('Asked before: 1 time').click();
    await page
      .getByText('sam@example.com: She cannot pay since this morning: <b>is this known?</b>', {
        exact: false,
      })
      .waitFor();

    const issue = await kit.issueNamed('checkout total is NaN');
    await page.goto(`${vigie.baseUrl}/issues/${issue.id}`);
    await page.getByRole('button', { name: 'Ask the team' }).click();
    await page
      .getByRole('dialog')
      .getByLabel('What the customer asked, or what you need')
      .fill('Three customers wrote in about this today.');
    await page.getByRole('dialog').getByRole('button', { name: 'Send to the team' }).click();
    await page.getByRole('status').filter({ hasText: 'Sent to the team.' }).waitFor();
    expect(stand.to('slack').at(-1)!.raw).toContain('Three customers wrote in about this today.');
    // Recorded in the issue's activity, which the page shows.
    await page
      .getByText('sam@example.com asked the team: “Three customers wrote in about this today.”')
      .waitFor();
    await screenshotBothSizes(page, 'ask-the-team-issue');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });
});
