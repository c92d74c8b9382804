// The alerts page in real Chromium: a manager reads the alert history (a new issue sent to Slack, a spike
// with the detector's numbers in a table), retries a delivery that failed for good, and sends a test
// alert from a rule; nothing is injected, axe finds nothing serious in either theme; screenshots.

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
import { insertCounts } from './support/counts.ts';
import { testDialects } from './support/databases.ts';
import { errorEvent } from './support/events.ts';

const PASSWORD = 'a long enough password';
const MINUTE = 60_000;

const browser = dashboardBrowser();

describe.each(testDialects)('the alerts page on %s', (dialect) => {
  let vigie: RunningVigie;
  let stand: StandIns;
  let manager: TestUser;
  let context: BrowserContext;
  let page: Page;
  let watch: PageWatch;
  const kit = issueKit(() => vigie);

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
    manager = await addUser(vigie.app.vigie.database, {
      email: 'max@example.com',
      password: PASSWORD,
      role: 'admin',
      projectId: vigie.projectId,
    });
    const base = `/api/v1/projects/${vigie.projectId}`;
    await kit.call('POST', `${base}/alert-channels`, { kind: 'slack', name: '#errors', url: stand.slackUrl });
    const key = new URL(vigie.dsn).username;
    const now = Date.now();
    // A new issue, delivered; another whose delivery Slack refuses (400): dead.
    await kit.send(vigie.projectId, key, [errorEvent({ value: 'checkout total is NaN', fn: 'total' })]);
    await vigie.app.vigie.jobs.runNow('alert-delivery', now);
    stand.failNext.push(400);
    await kit.send(vigie.projectId, key, [
      errorEvent({ value: 'coupon <b>SPRING</b> expired', fn: 'coupon' }),
    ]);
    await vigie.app.vigie.jobs.runNow('alert-delivery', now + MINUTE);
    // A spike: three hours at 2 a minute, then 40 in a minute.
    const issue = await kit.issueNamed('checkout total is NaN');
    const m = Math.floor(now / MINUTE) - 200;
    const rows = [];
    for (let i = 180; i > 0; i--) rows.push({ issue_id: issue.id, minute: m - i, count: 2 });
    rows.push({ issue_id: issue.id, minute: m, count: 40 });
    await insertCounts(vigie.app.vigie.database.db, rows);
    await vigie.app.vigie.jobs.runNow('spike-detection', (m - 100) * MINUTE + 5_000);
    await vigie.app.vigie.jobs.runNow('spike-detection', (m + 1) * MINUTE + 5_000);
    await vigie.app.vigie.jobs.runNow('alert-delivery', now + 2 * MINUTE);

    context = await browser().newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    watch = await watchPage(page, vigie.baseUrl);
    await page.goto(`${vigie.baseUrl}/login`);
    await page.getByLabel('Email').fill(manager.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Projects' }).waitFor();
  });
  afterAll(async () => {
    // The browser's keep-alive connections first: Vigie's close waits for them.
    await context?.close();
    await vigie?.stop();
    await stand?.close();
  });

  const main = () => page.locator('main');

  it("shows every alert with why it fired, the detector's numbers and each delivery attempt", async () => {
    // From the projects page, by the project's own links.
    await page
      .getByRole('navigation', { name: 'Default views' })
      .getByRole('link', { name: 'Alerts' })
      .click();
    await page.getByRole('heading', { level: 1, name: /Alerts/ }).waitFor();
    await main().getByText('The event rate spiked: 40 events in 1 min', { exact: false }).waitFor();
    // The same numbers in words, for whoever the page woke.
    await main()
      .getByText(
        /^In the last minute: 40 events, where about 1\.9 were expected \(its usual rate is 1\.9 a minute\)\.$/,
      )
      .waitFor();
    await main()
      .getByText(/^Vigie alerts from \d+ events in that window\. By chance alone, a count this high happens /)
      .waitFor();
    await main()
      .getByText('still open: it resolves after 15 quiet minutes', { exact: false })
      .first()
      .waitFor();
    const table = main().getByRole('table').first();
    await expect(table.getByRole('columnheader').allTextContents()).resolves.toEqual([
      'Window',
      'Observed',
      'Expected',
      'Threshold',
      'p-value',
    ]);
    await expect(table.getByRole('row').nth(1).getByRole('cell').first().textContent()).resolves.toBe('40');
    // A hostile-looking title stays text.
    await main().getByText('TypeError: coupon <b>SPRING</b> expired').first().waitFor();
    await main().getByText('delivered').first().click();
    await main().getByText('· delivered · 200').first().waitFor();
    await screenshotBothSizes(page, 'alerts');
    expect(await signsOfInjection(page, watch)).toEqual([]);
    expect(await seriousAxeViolations(page), 'light').toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await seriousAxeViolations(page), 'dark').toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('retries a dead delivery, and sends a test alert from a rule', async () => {
    const dead = main().getByRole('region', { name: 'Deliveries that failed' });
    await dead.getByText('answered 400: invalid_payload').waitFor();
    const before = stand.to('slack').length;
    await dead.getByRole('button', { name: 'Retry' }).click();
    await dead.waitFor({ state: 'detached' });
    expect(stand.to('slack').length).toBe(before + 1);

    const rules = main().getByRole('region', { name: 'Rules' });
    const slackRule = rules.getByRole('listitem').filter({ hasText: 'New issues to Slack' });
    await expect(slackRule.textContent()).resolves.toContain('On a new issue, to every slack channel');
    await slackRule.getByRole('button', { name: 'Send a test alert' }).click();
    await slackRule.getByRole('status').getByText('Test alert sent. #errors: delivered.').waitFor();
    expect(stand.to('slack').at(-1)!.body.blocks[0].text.text).toBe('Test alert: Test alert from Default');
  });
});
