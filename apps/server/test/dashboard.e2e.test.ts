// The dashboard in real Chromium, as a new team meets it: the setup link printed at first start
// creates the owner account, errors arrive (hostile ones: HTML and script in every field the pages
// show), and each page shows them as text: no script runs, no element is injected, no CSP violation,
// no serious axe-core finding. Screenshots of every page at 1280×800 and 390×844 go to screenshots/.

import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupUrlIfNoAccount } from '../src/projects/first-run.ts';
import { HOSTILE_MESSAGE, HOSTILE_VALUE, hostileEvent, PAYLOAD_HOST } from './dashboard-payloads.ts';
import { eventually, type RunningVigie, startVigie } from './support/app.ts';
import {
  dashboardBrowser,
  type PageWatch,
  screenshotBothSizes,
  seriousAxeViolations,
  watchPage,
} from './support/browser.ts';
import { testDialects } from './support/databases.ts';
import { errorEvent, sendEvents } from './support/events.ts';

const OWNER = { email: 'owner@example.com', password: 'a long enough password' };

const browser = dashboardBrowser();

describe.each(testDialects)('the dashboard on %s', (dialect) => {
  let vigie: RunningVigie;
  let context: BrowserContext;
  let page: Page;
  let watch: PageWatch;
  let dsnKey: string;

  beforeAll(async () => {
    vigie = await startVigie(dialect, {}, { listen: true });
    dsnKey = new URL(vigie.dsn).username;
    context = await browser().newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    // Well under the test's own timeout, so that a failure names what it waited for.
    page.setDefaultTimeout(10_000);
    watch = await watchPage(page, vigie.baseUrl);
  });
  afterAll(async () => {
    await context?.close();
    await vigie?.stop();
  });

  /** Nothing a payload could have done happened, and the page passes axe. */
  async function expectSafeAndAccessible(): Promise<void> {
    expect(watch.dialogs).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
    expect(await watch.cspViolations()).toEqual([]);
    const injected = await page.evaluate(`({
      pwned: window.__pwned ?? null,
      elements: document.querySelectorAll('#root img, #root svg[onload], #root script, [onerror], [onload]').length,
    })`);
    expect(injected).toEqual({ pwned: null, elements: 0 });
    expect(await seriousAxeViolations(page)).toEqual([]);
  }

  const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name });

  it('creates the owner account with the setup link, and signs them in', async () => {
    const setupUrl = await setupUrlIfNoAccount(vigie.app.vigie.database.db, vigie.baseUrl);
    expect(setupUrl).toMatch(/\/setup\/[A-Za-z0-9_-]{43}$/);
    await page.goto(setupUrl!);
    await heading('Create the owner account').waitFor();
    await expectSafeAndAccessible();
    await screenshotBothSizes(page, `${dialect}-setup`);

    await page.getByLabel('Email').fill(OWNER.email);
    await page.getByLabel(/^Password \(at least/).fill(OWNER.password);
    await page.getByLabel('Password again').fill(OWNER.password);
    await page.getByRole('button', { name: 'Create the account' }).click();
    await heading('Projects').waitFor();
    await expect(page.getByText(OWNER.email)).toBeTruthy();

    // The link worked once.
    await page.goto(setupUrl!);
    await heading('This setup link no longer works').waitFor();
  });

  it('lists the projects with their DSN', async () => {
    await page.goto(`${vigie.baseUrl}/`);
    await heading('Projects').waitFor();
    await page.getByRole('link', { name: 'Default' }).waitFor();
    // The DSN as the API gives it (its host is the configured public URL); the key is the part that matters.
    await page.locator('.dsn-value', { hasText: dsnKey }).waitFor();
    await expectSafeAndAccessible();
    await screenshotBothSizes(page, `${dialect}-projects`);
  });

  it('shows an empty project how to send its first event', async () => {
    await page.goto(`${vigie.baseUrl}/projects/${vigie.projectId}/issues?query=`);
    await page.getByRole('heading', { name: 'No events yet' }).waitFor();
    await page.locator('.dsn pre', { hasText: dsnKey }).waitFor();
    await expectSafeAndAccessible();
    await screenshotBothSizes(page, `${dialect}-stream-empty`);
  });

  it('opens an empty project on its first-event guidance, not on "Inbox zero"', async () => {
    // The stream's default view is the inbox.
    await page.goto(`${vigie.baseUrl}/projects/${vigie.projectId}/issues`);
    await page.getByRole('heading', { name: 'No events yet' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Inbox zero' }).count()).toBe(0);
    const guidance = page.locator('.first-event');
    await guidance.getByText('Send your first event: give an SDK this DSN').waitFor();
    await guidance.locator('.dsn-value', { hasText: dsnKey }).waitFor();
    await guidance.locator('.dsn pre', { hasText: dsnKey }).waitFor();
    const keys = guidance.getByRole('link', { name: "the project's DSN keys" });
    expect(await keys.getAttribute('href')).toBe(`/projects/${vigie.projectId}/settings#keys`);
    await expectSafeAndAccessible();
    await screenshotBothSizes(page, `${dialect}-stream-first-event`);
    await keys.click();
    await page.getByRole('heading', { name: 'DSN keys' }).waitFor();
  });

  it('shows hostile events as text in the inbox, and new ones without a reload', async () => {
    await sendEvents(vigie, vigie.projectId, dsnKey, [
      hostileEvent(),
      errorEvent({
        type: 'RangeError',
        value: 'Invalid array length',
        fn: 'paginate',
        file: '/srv/shop/lib/page.js',
      }),
      errorEvent({
        level: 'warning',
        type: 'Deprecation',
        value: 'Buffer() is deprecated',
        fn: 'legacy',
        file: '/srv/shop/lib/old.js',
      }),
    ]);
    await page.goto(`${vigie.baseUrl}/projects/${vigie.projectId}/issues`);
    await heading(/Issues/).waitFor();
    const rows = page.getByRole('row');
    await page.getByText(`TypeError: ${HOSTILE_VALUE}`).waitFor();
    await page.getByText('RangeError: Invalid array length').waitFor();
    expect(await rows.count()).toBe(4); // the header and three issues

    await sendEvents(vigie, vigie.projectId, dsnKey, [
      errorEvent({
        type: 'SyntaxError',
        value: 'Unexpected token < in JSON',
        fn: 'parse',
        file: '/srv/shop/lib/api.js',
      }),
    ]);
    // The stream polls: the new issue shows up without a reload (or a navigation).
    await page.getByText('SyntaxError: Unexpected token < in JSON').waitFor({ timeout: 15_000 });
    await expectSafeAndAccessible();
    await screenshotBothSizes(page, `${dialect}-stream`);
  });

  it('searches with the query language, and says where a query is wrong', async () => {
    await page.getByLabel('Search issues').fill('is:unresolved level:warning');
    await page.getByLabel('Search issues').press('Enter');
    await page.waitForURL(/level%3Awarning|level:warning/);
    await eventually(async () => ((await page.getByRole('row').count()) === 2 ? true : undefined));
    await page.getByText('Deprecation: Buffer() is deprecated').waitFor();

    await page.getByLabel('Search issues').fill('is:unresolved colour:red');
    await page.getByLabel('Search issues').press('Enter');
    await page.getByRole('alert').filter({ hasText: "Unknown search key 'colour' at position" }).waitFor();
  });

  it('shows the issue page: exception, frames, breadcrumbs, request with secrets masked, grouping', async () => {
    await page.goto(`${vigie.baseUrl}/projects/${vigie.projectId}/issues?query=is%3Aunresolved`);
    await page.getByRole('link', { name: `TypeError: ${HOSTILE_VALUE}` }).click();
    await heading(`TypeError: ${HOSTILE_VALUE}`).waitFor();
    const main = page.locator('main');
    await main.getByText(HOSTILE_MESSAGE).waitFor();
    await main.getByText('/srv/shop/routes/checkout.js:42:17').waitFor();
    await main.getByText(/const id = order\.customer\.id; "><svg onload/).waitFor();
    await main.locator('.crumb-message', { hasText: /^to \/cart <img src=/ }).waitFor();
    await main.getByText('Why these events are one issue').waitFor();
    const request = main.locator('.panel', { has: page.getByRole('heading', { name: 'Request' }) });
    await request.getByText('[masked]').first().waitFor();
    const requestText = await request.textContent();
    expect(requestText).not.toContain('sk_live_supersecret');
    expect(requestText).not.toContain('secret-key-123');
    expect(requestText).not.toContain('abcdef123');
    await main.locator('.kv-row', { hasText: 'mallory@example.com' }).waitFor();
    await expectSafeAndAccessible();
    await screenshotBothSizes(page, `${dialect}-issue`);

    // A comment made of a payload is text too; resolving shows in the status and the activity log.
    await page.getByLabel('Comment').fill(`looked at it ${HOSTILE_MESSAGE}`);
    await page.getByRole('button', { name: 'Comment', exact: true }).click();
    await main.locator('.comment-text').getByText(`looked at it ${HOSTILE_MESSAGE}`).waitFor();
    await page.getByRole('button', { name: /^Resolve/ }).click();
    await page.getByRole('menuitem', { name: 'Resolve now' }).click();
    await page.getByText('Resolve now: done.').waitFor();
    await main.locator('.status', { hasText: 'resolved' }).waitFor();
    await main.locator('.activity-what', { hasText: `${OWNER.email} resolved it` }).waitFor();
    await expectSafeAndAccessible();
  });

  it('dispatches the inbox by keyboard: j/k, x, e, s, r, a, i and ? for the list', async () => {
    await page.goto(`${vigie.baseUrl}/projects/${vigie.projectId}/issues`);
    const rows = page.locator('tbody tr');
    await rows.first().waitFor();
    // The hostile issue was resolved on its page; three remain, the newest first.
    expect(await rows.locator('.issue-title').allTextContents()).toEqual([
      'SyntaxError: Unexpected token < in JSON',
      'Deprecation: Buffer() is deprecated',
      'RangeError: Invalid array length',
    ]);
    await page.keyboard.press('?');
    await page.getByRole('dialog').getByRole('heading', { name: 'Keyboard shortcuts' }).waitFor();
    await expectSafeAndAccessible();
    await screenshotBothSizes(page, `${dialect}-shortcuts`);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    await page.keyboard.press('j');
    await page.keyboard.press('x');
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    await page.getByText('2 selected').waitFor();
    await screenshotBothSizes(page, `${dialect}-stream-selection`);
    await page.keyboard.press('e');
    await page.getByText('Mark reviewed: 2 issues.').waitFor();
    await eventually(async () => ((await rows.count()) === 1 ? true : undefined));
    await page.keyboard.press('j');
    await page.keyboard.press('s');
    await page.getByRole('menu', { name: 'Snooze' }).waitFor();
    await page.keyboard.press('Enter');
    await page.getByText('For 1 hour: 1 issue.').waitFor();
    await page.getByRole('heading', { name: 'Inbox zero' }).waitFor();

    await page.getByRole('link', { name: 'Unresolved', exact: true }).click();
    await page.waitForURL(/query=is%3Aunresolved$/);
    await eventually(async () => ((await rows.count()) === 2 ? true : undefined));
    await page.keyboard.press('j');
    await page.keyboard.press('a');
    await page.getByRole('menu', { name: 'Assign' }).waitFor();
    await page.keyboard.press('Enter');
    await page.getByText('Assign to me: 1 issue.').waitFor();
    await rows.first().locator('.assignee').waitFor();
    await page.keyboard.press('r');
    await page.getByRole('menu', { name: 'Resolve' }).waitFor();
    await page.keyboard.press('Enter');
    await page.getByText('Resolve now: 1 issue.').waitFor();
    await page.keyboard.press('j');
    await page.keyboard.press('i');
    await page.getByText('Ignore: 1 issue.').waitFor();
    await eventually(async () => ((await rows.count()) === 0 ? true : undefined));
    await expectSafeAndAccessible();

    const statuses = await vigie.api<{ issues: Array<{ title: string; status: string; inbox: unknown }> }>(
      `/api/v1/projects/${vigie.projectId}/issues?sort=firstSeen`,
    );
    expect(statuses.issues.map((i) => [i.title.slice(0, 11), i.status])).toEqual([
      ['SyntaxError', 'resolved'],
      ['Deprecation', 'ignored'],
      ['RangeError:', 'snoozed'],
      ['TypeError: ', 'resolved'],
    ]);
  });

  it('logs out, and logs back in on the login page', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await heading('Log in to Vigie').waitFor();
    await page.goto(`${vigie.baseUrl}/issues/1`);
    await heading('Log in to Vigie').waitFor();
    await expectSafeAndAccessible();
    await screenshotBothSizes(page, `${dialect}-login`);

    await page.getByLabel('Email').fill(OWNER.email);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').getByText('The email or the password is wrong.').waitFor();
    await page.getByLabel('Password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    // Back where the person was going.
    await page.waitForURL(`${vigie.baseUrl}/issues/1`);
    await page.getByRole('heading', { name: 'Latest event' }).waitFor();
    expect(watch.foreignRequests.filter((u) => u.includes(PAYLOAD_HOST))).toEqual([]);
  });
});
