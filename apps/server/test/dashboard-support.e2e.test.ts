// The support and weekly-triage pages in real Chromium: a support user signs in on the login page,
// looks customers up by email and by id, reads what each hit (issues and errors newest first, in
// plain words) and finds no triage control; hostile user fields and titles stay text. A manager sees
// the rotation and last week's report, puts people in the rotation, and "Start triage" opens the
// inbox. No script runs, no element is injected, axe finds nothing serious; screenshots of each page.

import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordActivity } from '../src/issues/activity.repository.ts';
import { formatIsoWeek, weekOf, weekStartMs } from '../src/rotation/weeks.ts';
import { addUser, type TestUser } from './auth-fixtures.ts';
import { HOSTILE_VALUE, hostileEvent } from './dashboard-payloads.ts';
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
import { errorEvent, sendEvents } from './support/events.ts';

const PASSWORD = 'a long enough password';
const CHROME_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const CHECKOUT = "TypeError: Cannot read properties of undefined (reading 'id')";
const COUPON = 'RangeError: coupon discount exceeds order total';
const SEARCH = 'TypeError: query.trim is not a function';
const HOSTILE_TITLE = `TypeError: ${HOSTILE_VALUE}`;
const MINUTE = 60_000;
const DAY = 86_400_000;

const browser = dashboardBrowser();

describe.each(testDialects)('the support and triage pages on %s', (dialect) => {
  let vigie: RunningVigie;
  let support: TestUser;
  let manager: TestUser;
  let ana: TestUser;
  const issueIds: Record<string, number> = {};

  /** Jane hits the checkout bug twice and a coupon bug, Bob the search bug, Mallory sends payloads. */
  async function sendCustomersEvents(): Promise<void> {
    const now = Date.now();
    const jane = { id: 'u-jane', email: 'jane@example.com', username: 'jane_d', ip_address: '203.0.113.7' };
    const inChrome = {
      url: 'https://shop.example.com/checkout?step=pay',
      headers: { 'User-Agent': CHROME_WINDOWS },
    };
    await sendEvents(vigie, vigie.projectId, new URL(vigie.dsn).username, [
      {
        ...errorEvent({ timestamp: now - 180 * MINUTE, release: 'shop@1.2' }),
        user: jane,
        request: inChrome,
      },
      {
        ...errorEvent({
          type: 'RangeError',
          value: 'coupon discount exceeds order total',
          fn: 'applyCoupon',
          file: '/srv/shop/lib/coupon.js',
          timestamp: now - 60 * MINUTE,
        }),
        user: jane,
        contexts: { browser: { name: 'Firefox', version: '133.0' }, os: { name: 'macOS', version: '15.1' } },
      },
      { ...errorEvent({ timestamp: now - 10 * MINUTE, release: 'shop@1.2' }), user: jane, request: inChrome },
      {
        ...errorEvent({
          value: 'query.trim is not a function',
          fn: 'search',
          file: '/srv/shop/lib/search.js',
          timestamp: now - 30 * MINUTE,
        }),
        user: { id: 'u-bob', email: 'bob@example.com' },
      },
      hostileEvent(),
    ]);
    const { issues } = await vigie.api<{ issues: Array<{ id: number; title: string }> }>(
      `/api/v1/projects/${vigie.projectId}/issues?query=`,
    );
    for (const [name, title] of Object.entries({ CHECKOUT, COUPON, SEARCH })) {
      issueIds[name] = issues.find((i) => i.title === title)!.id;
    }
  }

  /** Last week's triage, as the activity log holds it: the manager resolved, ignored and assigned. */
  async function recordLastWeek(): Promise<void> {
    const start = weekStartMs(weekOf(Date.now()) - 1);
    const act = (issue: string, kind: string, toStatus: string | null, day: number) =>
      recordActivity(vigie.app.vigie.database.db, {
        issueId: issueIds[issue]!,
        projectId: vigie.projectId,
        actor: { userId: manager.id, tokenId: null },
        kind,
        toStatus,
        atMs: start + day * DAY,
      });
    await act('CHECKOUT', 'status', 'resolved', 1);
    await act('SEARCH', 'status', 'ignored', 2);
    await act('COUPON', 'assign', null, 3);
  }

  /** This week's triage through the API: the checkout bug fixed in shop@1.3, the coupon bug Ana's. */
  async function triageThisWeek(): Promise<void> {
    const patch = (issue: string, body: unknown) =>
      vigie.fetch(`/api/v1/issues/${issueIds[issue]}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${vigie.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect(
      (
        await patch('CHECKOUT', {
          status: 'resolved',
          resolution: { kind: 'inRelease', release: 'shop@1.3' },
        })
      ).status,
    ).toBe(200);
    expect((await patch('COUPON', { assignee: `user:${ana.id}` })).status).toBe(200);
  }

  beforeAll(async () => {
    vigie = await startVigie(dialect, {}, { listen: true });
    const database = vigie.app.vigie.database;
    const p = vigie.projectId;
    support = await addUser(database, {
      email: 'sam@example.com',
      password: PASSWORD,
      role: 'support',
      projectId: p,
    });
    manager = await addUser(database, {
      email: 'max@example.com',
      password: PASSWORD,
      role: 'admin',
      projectId: p,
    });
    ana = await addUser(database, {
      email: 'ana@example.com',
      password: PASSWORD,
      role: 'member',
      projectId: p,
    });
    await sendCustomersEvents();
    await recordLastWeek();
    await triageThisWeek();
  });
  afterAll(async () => {
    await vigie?.stop();
  });

  /** A browser session of its own, signed in through the login page. */
  async function signIn(user: TestUser): Promise<{ context: BrowserContext; page: Page; watch: PageWatch }> {
    const context = await browser().newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const watch = await watchPage(page, vigie.baseUrl);
    await page.goto(`${vigie.baseUrl}/login`);
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Projects' }).waitFor();
    return { context, page, watch };
  }

  /** Nothing ran, and axe finds nothing serious, in the light theme and the dark one. */
  async function expectSafeAndAccessible(page: Page, watch: PageWatch): Promise<void> {
    expect(await signsOfInjection(page, watch)).toEqual([]);
    expect(await seriousAxeViolations(page), 'light').toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    try {
      expect(await seriousAxeViolations(page), 'dark').toEqual([]);
    } finally {
      await page.emulateMedia({ colorScheme: 'light' });
    }
  }

  /** The buttons of the page's main part: a support user's pages hold no triage control. */
  const mainButtons = (page: Page) => page.locator('main').getByRole('button').allTextContents();

  describe('a support user', () => {
    let page: Page;
    let watch: PageWatch;
    let context: BrowserContext;
    beforeAll(async () => {
      ({ page, watch, context } = await signIn(support));
    });
    afterAll(async () => {
      await context?.close();
    });

    it('keeps every top bar link whole and apart from the account menu on a phone', async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      try {
        const main = page.getByRole('navigation', { name: 'Main' });
        const account = page.locator('.user-menu > summary');
        await account.waitFor();
        const links = await main.getByRole('link').all();
        expect(await Promise.all(links.map((l) => l.textContent()))).toEqual([
          'Projects',
          'Customers',
          'Triage',
        ]);
        const accountBox = (await account.boundingBox())!;
        const navBox = (await main.boundingBox())!;
        for (const link of links) {
          const box = (await link.boundingBox())!;
          const name = (await link.textContent()) ?? '';
          // Drawn whole inside the bar (not scrolled out of it), and clear of the account menu by a gap.
          expect(box.x + box.width, name).toBeLessThanOrEqual(navBox.x + navBox.width + 0.5);
          expect(accountBox.x - (box.x + box.width), name).toBeGreaterThanOrEqual(6);
        }
        expect(await main.evaluate((nav) => nav.scrollWidth - nav.clientWidth)).toBe(0);
        // Log out moves into the account menu, with the settings links.
        expect(await page.locator('.topbar-user > button', { hasText: 'Log out' }).isVisible()).toBe(false);
        await account.click();
        await page
          .getByRole('navigation', { name: 'Account' })
          .getByRole('button', { name: 'Log out' })
          .waitFor();
        await account.click();
        await screenshotBothSizes(page, `${dialect}-support-topbar`);
      } finally {
        await page.setViewportSize({ width: 1280, height: 800 });
      }
    });

    it('looks a customer up by email and reads their issues and errors, newest first, in plain words', async () => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
      await page.getByRole('heading', { level: 1, name: 'Customer lookup' }).waitFor();
      await expectSafeAndAccessible(page, watch);
      await screenshotBothSizes(page, `${dialect}-customers-empty`);

      await page.getByLabel('User id, email, username or IP address').fill('jane@example.com');
      await page.getByRole('button', { name: 'Look up' }).click();
      const result = page.locator('.customer-result');
      await result.getByText('3 errors in 2 issues').waitFor();
      expect(await result.count()).toBe(1);
      await result.getByText('u-jane').waitFor();
      await result.getByText('203.0.113.7').waitFor();
      await expectSafeAndAccessible(page, watch);
      await screenshotBothSizes(page, `${dialect}-customers`);

      await result.getByRole('link', { name: 'jane@example.com' }).click();
      await page.getByRole('heading', { level: 1, name: 'jane@example.com' }).waitFor();
      const issues = page.locator('.customer-issue');
      await issues.first().waitFor();
      expect(await issues.locator('.customer-issue-title').allTextContents()).toEqual([CHECKOUT, COUPON]);
      await issues.filter({ hasText: CHECKOUT }).getByText('Fixed in shop@1.3').waitFor();
      await issues.filter({ hasText: COUPON }).getByText('The team is looking at it').waitFor();

      const events = page.locator('.customer-event');
      await events.nth(2).waitFor();
      expect(await events.locator('.customer-issue-title').allTextContents()).toEqual([
        CHECKOUT,
        COUPON,
        CHECKOUT,
      ]);
      const latest = events.first();
      await latest.getByText(/^1\d min ago$/).waitFor();
      await latest.getByText('Default · production · release shop@1.2').waitFor();
      await latest.getByText('Chrome 131 on Windows 10 or 11').waitFor();
      await latest.getByText('https://shop.example.com/checkout', { exact: true }).waitFor();
      await latest.getByText('Fixed in shop@1.3').waitFor();
      await events.nth(1).getByText('Firefox 133.0 on macOS 15.1').waitFor();
      await events.nth(2).getByText('3 h ago').waitFor();
      // The issue page is one click away.
      expect(await latest.getByRole('link', { name: CHECKOUT }).getAttribute('href')).toBe(
        `/issues/${issueIds.CHECKOUT}`,
      );
      expect(await mainButtons(page)).toEqual([]);
      await expectSafeAndAccessible(page, watch);
      await screenshotBothSizes(page, `${dialect}-customer`);
    });

    it('finds the same customer by user id, and another only by theirs', async () => {
      await page.goto(`${vigie.baseUrl}/customers?query=u-jane`);
      await page.locator('.customer-result').getByRole('link', { name: 'jane@example.com' }).waitFor();
      await page.getByLabel('User id, email, username or IP address').fill('u-bob');
      await page.getByRole('button', { name: 'Look up' }).click();
      await page.locator('.customer-result').getByRole('link', { name: 'bob@example.com' }).click();
      await page.locator('.customer-event').getByText(SEARCH).waitFor();
      await page.getByText('Reported to the team; not looked at yet').first().waitFor();

      await page.goto(`${vigie.baseUrl}/customers?query=nobody%40example.com`);
      await page.getByRole('heading', { name: 'No customer found' }).waitFor();
    });

    it('shows hostile user fields and titles as text', async () => {
      await page.goto(`${vigie.baseUrl}/customers?query=mallory%40example.com`);
      const result = page.locator('.customer-result');
      await result.getByText('u-"><svg onload="alert(3)"></svg>').waitFor();
      await result.getByRole('link', { name: 'mallory@example.com' }).click();
      await page.locator('.customer-event').getByRole('link', { name: HOSTILE_TITLE }).waitFor();
      await page
        .locator('.identity')
        .getByText(/^<img src=/)
        .waitFor();
      expect(await mainButtons(page)).toEqual([]);
      await expectSafeAndAccessible(page, watch);
      await screenshotBothSizes(page, `${dialect}-customer-hostile`);
    });

    it('sees the weekly triage without a control to change it', async () => {
      await page.goto(`${vigie.baseUrl}/projects/${vigie.projectId}/triage`);
      await page.getByRole('heading', { level: 1, name: /Weekly triage/ }).waitFor();
      await page.getByText('A manager of the project can set one up.').waitFor();
      await page.getByRole('link', { name: 'Open the inbox' }).waitFor();
      expect(await mainButtons(page)).toEqual([]);
      await expectSafeAndAccessible(page, watch);
    });
  });

  describe('a manager', () => {
    let page: Page;
    let watch: PageWatch;
    let context: BrowserContext;
    beforeAll(async () => {
      ({ page, watch, context } = await signIn(manager));
    });
    afterAll(async () => {
      await context?.close();
    });

    it("reads last week's report: the issues dispatched by outcome, with links", async () => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Triage' }).click();
      await page.getByRole('heading', { level: 1, name: /Weekly triage/ }).waitFor();
      const lastWeek = weekOf(Date.now()) - 1;
      await page
        .getByRole('heading', { name: new RegExp(`^Week ${Number(formatIsoWeek(lastWeek).slice(6))}:`) })
        .waitFor();
      const report = page.locator('.outcomes');
      for (const [outcome, title] of [
        ['Resolved', CHECKOUT],
        ['Ignored', SEARCH],
        ['Assigned', COUPON],
      ] as const) {
        const group = report.locator('.outcome', {
          has: page.getByRole('heading', { name: new RegExp(`^${outcome}`) }),
        });
        expect(await group.getByRole('link', { name: title }).getAttribute('href')).toBe(
          `/issues/${issueIds[title === CHECKOUT ? 'CHECKOUT' : title === SEARCH ? 'SEARCH' : 'COUPON']}`,
        );
      }
      await page.getByText('Nothing: the inbox was cleared.').waitFor();
      await expectSafeAndAccessible(page, watch);
      await screenshotBothSizes(page, `${dialect}-triage-report`);

      // This week so far: the fix in shop@1.3 and Ana's assignment.
      await page.getByRole('link', { name: 'Next week →' }).click();
      await page.waitForURL(new RegExp(`week=${formatIsoWeek(lastWeek + 1)}`));
      await page.locator('.outcome', { hasText: 'Resolved' }).getByRole('link', { name: CHECKOUT }).waitFor();
      await page.locator('.outcome', { hasText: 'Assigned' }).getByRole('link', { name: COUPON }).waitFor();
      expect(await page.getByRole('link', { name: 'Next week →' }).count()).toBe(0);
      await page.getByRole('link', { name: '← Previous week' }).click();
      await page.waitForURL(new RegExp(`week=${formatIsoWeek(lastWeek)}`));
    });

    it('puts people in the rotation, in order, and sees who is on duty', async () => {
      await page.getByRole('button', { name: 'Edit the rotation' }).click();
      const add = page.getByLabel('Add a person');
      await add.selectOption({ label: 'ana (ana@example.com)' });
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await add.selectOption({ label: 'max (max@example.com)' });
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      // Support may not triage, so is not offered.
      expect(await add.locator('option', { hasText: 'sam@example.com' }).count()).toBe(0);
      await page.getByRole('button', { name: 'Move max up' }).click();
      await expectSafeAndAccessible(page, watch);
      await screenshotBothSizes(page, `${dialect}-triage-rotation-edit`);
      await page.getByRole('button', { name: 'Save the rotation' }).click();

      await page.locator('.duty-name', { hasText: 'max' }).waitFor();
      const weeks = page.locator('.rotation-weeks li');
      await weeks.nth(1).waitFor();
      expect(await weeks.locator('.rotation-person').allTextContents()).toEqual([
        'max max@example.com',
        'ana ana@example.com',
      ]);
      await expectSafeAndAccessible(page, watch);
      await screenshotBothSizes(page, `${dialect}-triage`);
    });

    it('starts triage: the inbox opens', async () => {
      const { issues } = await vigie.api<{ issues: unknown[] }>(
        `/api/v1/projects/${vigie.projectId}/issues?query=${encodeURIComponent('is:unresolved is:inbox')}`,
      );
      await page.locator('.duty-count', { hasText: String(issues.length) }).waitFor();
      await page.getByRole('link', { name: 'Start triage' }).click();
      await page.waitForURL(/\/issues\?query=is%3Aunresolved(\+|%20)is%3Ainbox$/);
      await page.getByRole('heading', { level: 1, name: /Issues/ }).waitFor();
      await page.locator('tbody tr').first().waitFor();
      expect(await page.locator('tbody tr').count()).toBe(issues.length);
    });
  });
});
