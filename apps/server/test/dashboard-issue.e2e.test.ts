// The issue page in real Chromium, on both databases: the occurrence graph over 24 hours, 30 days or a
// chosen range (kept in the URL) with release markers and the hovered count; the tag breakdown's shares
// and its links to the stream; first / older / newer / latest event navigation with deep links; every
// triage action from the page (optimistic, and a 409 that says who changed the issue meanwhile); unmerge;
// discard; a support user who sees no triage control; and hostile strings in every field of an event,
// shown as text. Each view passes axe-core and is saved as screenshots at both sizes, light and dark.

import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, userToken } from './auth-fixtures.ts';
import { HOSTILE_MESSAGE, HOSTILE_VALUE, hostileEvent, PAYLOAD_HOST } from './dashboard-payloads.ts';
import { type FakeGithub, startFakeGithub } from './github-fake.ts';
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
import { request } from './triage-fixtures.ts';

const PASSWORD = 'a long enough password';
const OWNER = 'owner@example.com';
const BRUNO = 'bruno@example.com';
const SUPPORT = 'support@example.com';
const GITHUB_TOKEN = 'ghp_issue_page_test';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Each test drives Chromium and saves screenshots at three sizes: more than the default 30 s on a busy machine. */
const BROWSER_TEST_MS = 60_000;

const browser = dashboardBrowser();

/** One event of the checkout bug, `ago` before `now`. */
function checkoutEvent(
  now: number,
  ago: number,
  o: { release: string; environment?: string; user: string; browser: [string, string] },
): Record<string, unknown> {
  return {
    ...errorEvent({
      timestamp: now - ago,
      release: o.release,
      environment: o.environment ?? 'production',
      userId: o.user,
    }),
    server_name: 'web-1',
    request: { url: 'https://shop.example/checkout?step=2', method: 'POST' },
    contexts: {
      browser: { name: o.browser[0], version: o.browser[1] },
      os: { name: 'macOS', version: '15.1' },
      runtime: { name: 'node', version: 'v24.1.0' },
      device: { family: 'Desktop', model: 'MacBookPro18,1' },
    },
  };
}

/** The hostile event, with payloads in its contexts and frame fields too. */
function hostileEverywhere(): Record<string, unknown> {
  const event = hostileEvent();
  const payload = (n: number) => `<img src="http://${PAYLOAD_HOST}/c${n}" onerror="window.__pwned=${n}">`;
  return {
    ...event,
    server_name: `web-${payload(30)}`,
    contexts: {
      runtime: { name: 'node', version: `24 ${payload(31)}` },
      browser: { name: `Chrome ${payload(32)}`, version: '"><svg onload=alert(33)>' },
      os: { name: `Linux ${payload(34)}`, kernel: `<script>alert(35)</script>` },
      device: { model: `Pixel ${payload(36)}`, family: payload(37) },
      [`ctx${payload(38)}`]: { [`key${payload(39)}`]: payload(40) },
    },
  };
}

describe.each(testDialects)(
  'the issue page on %s',
  (dialect) => {
    let vigie: RunningVigie;
    let github: FakeGithub;
    let context: BrowserContext;
    let page: Page;
    let watch: PageWatch;
    let brunoToken: string;
    const now = Date.now();
    const ids: Record<string, string> = {};
    let checkout: number;
    let cart: number;
    let hostile: number;
    const timestamps: number[] = [];

    beforeAll(async () => {
      github = await startFakeGithub({ token: GITHUB_TOKEN, repositories: ['acme/shop'] });
      // PostgreSQL needs a configured key to store the GitHub token; SQLite makes one in its data folder.
      const env: Record<string, string> = dialect === 'postgres' ? { VIGIE_SECRET_KEY: 'ab'.repeat(32) } : {};
      vigie = await startVigie(dialect, env, { listen: true });
      const database = vigie.app.vigie.database;
      await addUser(database, { email: OWNER, password: PASSWORD, isAdmin: true });
      const bruno = await addUser(database, {
        email: BRUNO,
        password: PASSWORD,
        role: 'member',
        projectId: vigie.projectId,
      });
      brunoToken = await userToken(database, bruno.id);
      await addUser(database, {
        email: SUPPORT,
        password: PASSWORD,
        role: 'support',
        projectId: vigie.projectId,
      });
      const chrome: [string, string] = ['Chrome', '120.0'];
      const firefox: [string, string] = ['Firefox', '119.0'];
      const events = {
        e1: checkoutEvent(now, 10 * DAY, { release: 'shop@1.0', user: 'u-1', browser: chrome }),
        e2: checkoutEvent(now, 2 * DAY, { release: 'shop@1.0', user: 'u-2', browser: chrome }),
        e3: checkoutEvent(now, 2 * DAY - 1_000, { release: 'shop@1.0', user: 'u-2', browser: firefox }),
        e4: checkoutEvent(now, 2 * DAY - 2_000, { release: 'shop@1.0', user: 'u-3', browser: chrome }),
        e5: checkoutEvent(now, 3 * HOUR, {
          release: 'shop@1.1',
          environment: 'staging',
          user: 'u-1',
          browser: chrome,
        }),
        e6: checkoutEvent(now, HOUR, { release: 'shop@1.1', user: 'u-4', browser: chrome }),
        e7: checkoutEvent(now, HOUR - MINUTE, { release: 'shop@1.1', user: 'u-5', browser: firefox }),
        cart: errorEvent({
          type: 'RangeError',
          fn: 'addToCart',
          file: '/srv/shop/routes/cart.js',
          release: 'shop@1.1',
        }),
        hostile: hostileEverywhere(),
      };
      for (const [name, event] of Object.entries(events)) ids[name] = event.event_id as string;
      for (const name of ['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7'] as const) {
        timestamps.push((events[name].timestamp as number) * 1000);
      }
      await sendEvents(vigie, vigie.projectId, new URL(vigie.dsn).username, Object.values(events));
      const issueOf = async (name: string) =>
        (await vigie.api<{ issueId: number }>(`/api/v1/events/${ids[name]}`)).issueId;
      checkout = await issueOf('e1');
      cart = await issueOf('cart');
      hostile = await issueOf('hostile');
      const configured = await request(
        vigie,
        vigie.token,
        'PUT',
        `/api/v1/projects/${vigie.projectId}/github`,
        {
          apiBaseUrl: github.url,
          repository: 'acme/shop',
          token: GITHUB_TOKEN,
        },
      );
      expect(configured.status).toBe(200);

      context = await browser().newContext({ viewport: { width: 1280, height: 800 }, timezoneId: 'UTC' });
      page = await context.newPage();
      page.setDefaultTimeout(10_000);
      watch = await watchPage(page, vigie.baseUrl);
      await logIn(page, OWNER);
    });
    afterAll(async () => {
      await context?.close();
      await vigie?.stop();
      await github?.close();
    });

    async function logIn(on: Page, email: string): Promise<void> {
      await on.goto(`${vigie.baseUrl}/login`);
      await on.getByLabel('Email').fill(email);
      await on.getByLabel('Password').fill(PASSWORD);
      await on.getByRole('button', { name: 'Log in' }).click();
      await on.getByRole('heading', { level: 1, name: 'Projects' }).waitFor();
    }

    /** Nothing a payload could have done happened, and the page passes axe. */
    async function expectSafeAndAccessible(on: Page = page, watching: PageWatch = watch): Promise<void> {
      expect(watching.dialogs).toEqual([]);
      expect(watching.foreignRequests).toEqual([]);
      expect(await watching.cspViolations()).toEqual([]);
      const injected = await on.evaluate(`({
      pwned: window.__pwned ?? null,
      elements: document.querySelectorAll('#root img, #root svg[onload], #root script, [onerror], [onload]').length,
    })`);
      expect(injected).toEqual({ pwned: null, elements: 0 });
      expect(await seriousAxeViolations(on)).toEqual([]);
    }

    const issueUrl = (id: number, search = '') => `${vigie.baseUrl}/issues/${id}${search}`;
    const readout = () => page.locator('.graph-readout');
    const markers = () => page.locator('.release-marker-label').allTextContents();
    const outcome = () => page.locator('.triage-outcome .notice');
    const statusLine = () => page.locator('.issue-status');
    const eventMeta = () => page.locator('.event-meta');
    const eventHeading = () => page.locator('#event-heading');

    it('draws the occurrences over 24 hours or 30 days with release markers and the hovered count, in the URL', async () => {
      await page.goto(issueUrl(checkout));
      await page.getByRole('heading', { level: 1, name: /^TypeError: Cannot read properties/ }).waitFor();
      await readout().filter({ hasText: '3 events in the last 24 hours, per hour' }).waitFor();
      // The project's releases first seen in the range (the hostile event's shop@2.0.0 too).
      await eventually(async () => ((await markers()).join() === 'shop@1.1,shop@2.0.0' ? true : undefined));
      await expectSafeAndAccessible();
      await screenshotBothSizes(page, `${dialect}-issue-page`);

      await page.getByRole('button', { name: '30 days' }).click();
      await page.waitForURL(/period=30d/);
      await readout().filter({ hasText: '7 events in the last 30 days, per day' }).waitFor();
      await eventually(async () =>
        (await markers()).join() === 'shop@1.0,shop@1.1,shop@2.0.0' ? true : undefined,
      );

      // Hovering the last bar (today, in UTC) reads its count.
      const midnight = Math.floor(Date.now() / DAY) * DAY;
      const today = timestamps.filter((t) => t >= midnight).length;
      const plot = await page.locator('.u-over').boundingBox();
      expect(plot).not.toBeNull();
      await page.mouse.move(plot!.x + plot!.width - 1, plot!.y + plot!.height / 2);
      const hovered = await readout()
        .filter({ hasText: /· day from/ })
        .textContent();
      expect(hovered).toMatch(new RegExp(`^${today} events? · day from `));
      await page.mouse.move(0, 0);
    });

    it('draws a chosen range, from and to, kept in the URL', async () => {
      await page.goto(issueUrl(checkout, '?period=7d'));
      await readout().filter({ hasText: '6 events in the last 7 days, per hour' }).waitFor();
      await page.getByRole('button', { name: 'Range…' }).click();
      const utc = (ms: number) => new Date(ms).toISOString().slice(0, 16);
      await page.getByLabel('From', { exact: true }).fill(utc(now - 3 * DAY));
      await page.getByLabel('To', { exact: true }).fill(utc(now - DAY));
      await expectSafeAndAccessible();
      await page.getByRole('button', { name: 'Show', exact: true }).click();
      await page.waitForURL(/start=.*end=/);
      await readout()
        .filter({ hasText: /^3 events from / })
        .waitFor();
      expect(await markers()).toEqual([]);

      // The range is the URL's: a reload draws the same.
      await page.reload();
      await readout()
        .filter({ hasText: /^3 events from / })
        .waitFor();
      await page.getByRole('button', { name: '24 hours' }).click();
      await readout().filter({ hasText: '3 events in the last 24 hours' }).waitFor();
      expect(page.url()).not.toMatch(/period|start|end/);
    });

    it('breaks the events down by tag with counts and shares, each value opening the stream', async () => {
      await page.goto(issueUrl(checkout));
      const tag = (name: string) =>
        page.locator('.tag', {
          has: page.getByRole('heading', { level: 3, name: new RegExp(`^${name} \\d`) }),
        });
      const rows = async (name: string) => {
        const values = tag(name).locator('.tag-value');
        await values.first().waitFor();
        return values.evaluateAll((items) =>
          items.map((li) =>
            ['.tag-value-text', '.tag-count', '.tag-share'].map(
              (c) => li.querySelector(c)?.textContent ?? '',
            ),
          ),
        );
      };
      expect(await rows('Release')).toEqual([
        ['shop@1.0', '4', '57%'],
        ['shop@1.1', '3', '43%'],
      ]);
      expect(await rows('Environment')).toEqual([
        ['production', '6', '86%'],
        ['staging', '1', '14%'],
      ]);
      expect(await rows('Browser')).toEqual([
        ['Chrome 120.0', '5', '71%'],
        ['Firefox 119.0', '2', '29%'],
      ]);
      const headings = await page.locator('.tag-key').allTextContents();
      expect(headings.slice(0, 4).map((h) => h.replace(/\s*\d+ values?$/, ''))).toEqual([
        'Release',
        'Environment',
        'Browser',
        'OS',
      ]);

      await tag('Browser').getByRole('link', { name: 'Firefox 119.0' }).click();
      await page.waitForURL(/\/projects\/\d+\/issues\?query=tags/);
      expect(decodeURIComponent(new URL(page.url()).searchParams.get('query') ?? '')).toBe(
        'tags[browser]:"Firefox 119.0"',
      );
      await page.getByRole('link', { name: /^TypeError: Cannot read properties/ }).waitFor();
      await page.goBack();
      await tag('Environment').getByRole('link', { name: 'staging' }).click();
      await page.waitForURL(/query=environment%3Astaging/);
      await page.getByRole('link', { name: /^TypeError: Cannot read properties/ }).waitFor();
    });

    it('pages through the events: older, first, newer, latest, each one deep-linked', async () => {
      await page.goto(issueUrl(checkout));
      await eventHeading().filter({ hasText: 'Latest event' }).waitFor();
      await eventMeta().filter({ hasText: ids.e7! }).waitFor();
      const nav = page.getByRole('navigation', { name: 'Events of this issue' });
      expect(await nav.locator('[aria-disabled="true"]').allTextContents()).toEqual(['Newer →', 'Latest ⇥']);

      await nav.getByRole('link', { name: 'Older' }).click();
      await page.waitForURL(new RegExp(`event=${ids.e6}`));
      await eventMeta().filter({ hasText: ids.e6! }).waitFor();
      await eventHeading()
        .filter({ hasText: /^Event$/ })
        .waitFor();

      await nav.getByRole('link', { name: 'First' }).click();
      await page.waitForURL(new RegExp(`event=${ids.e1}`));
      await eventHeading().filter({ hasText: 'First event' }).waitFor();
      await eventMeta().filter({ hasText: ids.e1! }).waitFor();
      expect(await nav.locator('[aria-disabled="true"]').allTextContents()).toEqual(['⇤ First', '← Older']);
      // The oldest event's release and its contexts, at a glance.
      await page.locator('.context-card', { hasText: 'Chrome 120.0' }).waitFor();
      await page.locator('.context-card', { hasText: 'macOS 15.1' }).waitFor();
      await page.locator('.context-card', { hasText: 'MacBookPro18,1' }).waitFor();

      await nav.getByRole('link', { name: 'Newer' }).click();
      await page.waitForURL(new RegExp(`event=${ids.e2}`));
      await eventMeta().filter({ hasText: ids.e2! }).waitFor();
      await nav.getByRole('link', { name: 'Latest' }).click();
      await page.waitForURL(new RegExp(`event=${ids.e7}`));
      await eventHeading().filter({ hasText: 'Latest event' }).waitFor();

      // A link to one event shows that event.
      await page.goto(issueUrl(checkout, `?event=${ids.e3}`));
      await eventMeta().filter({ hasText: ids.e3! }).waitFor();
      await page.locator('.context-card', { hasText: 'Firefox 119.0' }).waitFor();
      await expectSafeAndAccessible();
    });

    it('resolves, snoozes, assigns, comments, reviews and files on GitHub from the page, by mouse and by key', async () => {
      await page.goto(issueUrl(checkout));
      await statusLine().filter({ hasText: 'Unresolved: new' }).waitFor();

      await page.getByRole('button', { name: /^Resolve/ }).click();
      await page.getByRole('menuitem', { name: 'Resolve now' }).click();
      await statusLine()
        .filter({ hasText: `Resolved · by ${OWNER}` })
        .waitFor();
      await outcome().filter({ hasText: 'Resolve now: done.' }).waitFor();
      await page.locator('.activity-what', { hasText: `${OWNER} resolved it` }).waitFor();

      await page.keyboard.press('r');
      await outcome().filter({ hasText: 'Unresolve: done.' }).waitFor();
      await statusLine()
        .filter({ hasText: /^Unresolved/ })
        .waitFor();

      await page.getByRole('button', { name: /^Snooze/ }).click();
      await page.getByRole('menuitem', { name: 'For 1 hour' }).click();
      await statusLine()
        .filter({ hasText: /^Snoozed until .* · by owner@example.com/ })
        .waitFor();
      await outcome().filter({ hasText: 'For 1 hour: done.' }).waitFor();
      await page.keyboard.press('r');
      await outcome().filter({ hasText: 'Unresolve: done.' }).waitFor();
      await statusLine()
        .filter({ hasText: /^Unresolved/ })
        .waitFor();

      // Until a chosen date: the dialog's field, in the browser's time zone (UTC here).
      await page.keyboard.press('s');
      await page.getByRole('menuitem', { name: 'Until a date…' }).click();
      const until = page.getByLabel('Until', { exact: true });
      await until.waitFor();
      await expectSafeAndAccessible();
      const inThreeDays = new Date(Date.now() + 3 * DAY);
      await until.fill(`${inThreeDays.toISOString().slice(0, 10)}T09:30`);
      await until.press('Enter');
      await outcome()
        .filter({ hasText: /^Until .*09:30:00 UTC: done\.$/ })
        .waitFor();
      await statusLine()
        .filter({ hasText: /^Snoozed until .*09:30:00 UTC/ })
        .waitFor();
      await page.keyboard.press('r');
      await outcome().filter({ hasText: 'Unresolve: done.' }).waitFor();

      await page.keyboard.press('a');
      await page.getByRole('searchbox', { name: 'Find a member or team' }).waitFor();
      await page.keyboard.type('bruno');
      const found = page.getByRole('menu', { name: 'Assign' }).getByRole('menuitem');
      await eventually(async () => ((await found.count()) === 1 ? true : undefined));
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.locator('.facts .assignee', { hasText: 'bruno' }).waitFor();
      await page.locator('.activity-what', { hasText: `${OWNER} assigned it to bruno` }).waitFor();

      await page.getByLabel('Comment').fill('Customer id is missing after the address step.');
      await page.getByRole('button', { name: 'Comment', exact: true }).click();
      await page
        .locator('.comment-text', { hasText: 'Customer id is missing after the address step.' })
        .waitFor();

      await page.locator('main').click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('g');
      await outcome().filter({ hasText: 'Filed on GitHub as acme/shop#1.' }).waitFor();
      await page.locator('.facts').getByRole('link', { name: 'GitHub #1' }).waitFor();
      expect(github.received.map((r) => r.title)).toEqual([expect.stringMatching(/^TypeError: Cannot read/)]);

      await page.keyboard.press('?');
      const help = page.getByRole('dialog');
      await help.getByRole('heading', { name: 'Keyboard shortcuts' }).waitFor();
      await help.getByText('File on GitHub and link it').waitFor();
      await expectSafeAndAccessible();
      await page.keyboard.press('Escape');
      await help.waitFor({ state: 'detached' });
      await screenshotBothSizes(page, `${dialect}-issue-triaged`);
    });

    it('puts the status back and says who changed it when someone else acted first (409)', async () => {
      await page.goto(issueUrl(checkout));
      await statusLine()
        .filter({ hasText: /^Unresolved/ })
        .waitFor();
      const resolved = await request(vigie, brunoToken, 'POST', `/api/v1/issues/${checkout}/resolve`);
      expect(resolved.status).toBe(200);
      await page.getByRole('button', { name: /^Resolve/ }).click();
      await page.getByRole('menuitem', { name: 'Resolve now' }).click();
      await outcome()
        .filter({
          hasText:
            /^Resolve now did not apply, the issue is back as it was\. .* is resolved now: changed by bruno@example\.com/,
        })
        .waitFor();
      await statusLine()
        .filter({ hasText: `Resolved · by ${BRUNO}` })
        .waitFor();
      await expectSafeAndAccessible();
      await screenshotBothSizes(page, `${dialect}-issue-conflict`);
    });

    it('shows a support user the issue without any triage control', async () => {
      const merged = await request(vigie, vigie.token, 'POST', `/api/v1/issues/${checkout}/merge`, {
        issueIds: [cart],
      });
      expect(merged.status).toBe(200);
      const supportContext = await browser().newContext({ viewport: { width: 1280, height: 800 } });
      const support = await supportContext.newPage();
      support.setDefaultTimeout(10_000);
      const supportWatch = await watchPage(support, vigie.baseUrl);
      try {
        await logIn(support, SUPPORT);
        await support.goto(issueUrl(checkout));
        await support
          .getByRole('heading', { level: 1, name: /^TypeError: Cannot read properties/ })
          .waitFor();
        await support.locator('.graph-readout', { hasText: /events in the last 24 hours/ }).waitFor();
        await support.locator('.fingerprint').first().waitFor();
        await support.getByRole('heading', { name: 'Activity' }).waitFor();
        const controls = support.getByRole('button', {
          name: /^(Resolve|Unresolve|Ignore|Snooze|Assign|Mark reviewed|File|Discard|Unmerge|Comment)/,
        });
        expect(await controls.count()).toBe(0);
        expect(await support.getByRole('checkbox').count()).toBe(0);
        expect(await support.getByLabel('Comment').count()).toBe(0);
        // No triage key does anything.
        await support.keyboard.press('i');
        expect(await support.getByRole('dialog').count()).toBe(0);
        await expectSafeAndAccessible(support, supportWatch);
        await screenshotBothSizes(support, `${dialect}-issue-support`);
      } finally {
        await supportContext.close();
      }
    });

    it('unmerges a fingerprint after a confirmation, and links to the issue it went back to', async () => {
      await page.goto(issueUrl(checkout));
      const fingerprint = page.locator('.fingerprint');
      await fingerprint.first().waitFor();
      expect(await fingerprint.count()).toBe(1);
      await fingerprint.getByRole('checkbox').check();
      await page.getByRole('button', { name: 'Unmerge', exact: true }).click();
      const confirm = page.getByRole('alertdialog');
      await confirm.getByRole('heading', { name: 'Split these events out of this issue?' }).waitFor();
      await expectSafeAndAccessible();
      await screenshotBothSizes(page, `${dialect}-issue-unmerge`);
      await confirm.getByRole('button', { name: 'Unmerge' }).click();
      await page.getByText(`Unmerged. 1 event moved to issue #${cart}.`).waitFor();
      await page.getByRole('link', { name: `issue #${cart}` }).click();
      await page.getByRole('heading', { level: 1, name: /^RangeError/ }).waitFor();
      await page
        .locator('.activity-what', { hasText: `${OWNER} split it back out of #${checkout}` })
        .waitFor();
    });

    it('shows every hostile string of an event as text', async () => {
      await page.goto(issueUrl(hostile));
      await page.getByRole('heading', { level: 1, name: `TypeError: ${HOSTILE_VALUE}` }).waitFor();
      const main = page.locator('main');
      await main.getByText(HOSTILE_MESSAGE).waitFor();
      await main.locator('.frame-fn', { hasText: 'pay<img' }).waitFor();
      await main.locator('.crumb-message', { hasText: /^to \/cart <img src=/ }).waitFor();
      await main
        .locator('.context-card', { hasText: `Chrome <img src="http://${PAYLOAD_HOST}/c32"` })
        .waitFor();
      await main.locator('.context-card', { hasText: '<script>alert(35)</script>' }).waitFor();
      await main.locator('.kv-panel', { hasText: `key<img src="http://${PAYLOAD_HOST}/c39"` }).waitFor();
      // Tag keys are checked at ingest (letters, digits, _.:-); values are anything, shown as text.
      await main.getByRole('button', { name: /^Show all \d+ tags$/ }).click();
      await main.locator('.tag-value-text', { hasText: '/checkout"><svg onload' }).waitFor();
      await main.locator('.kv-row', { hasText: 'mallory@example.com' }).waitFor();
      const headers = await main
        .locator('.panel', { has: page.getByRole('heading', { name: 'Request' }) })
        .textContent();
      expect(headers).toContain(`Mozilla/5.0 <img src="http://${PAYLOAD_HOST}/11"`);
      expect(headers).not.toContain('sk_live_supersecret');
      await page.getByText('Raw JSON of the event').click();
      await main.locator('.raw-json pre', { hasText: 'onerror' }).waitFor();
      await expectSafeAndAccessible();
      await screenshotBothSizes(page, `${dialect}-issue-hostile`);
    });

    it('discards an issue after a confirmation, and goes back to the stream', async () => {
      await page.goto(issueUrl(hostile));
      await page.getByRole('button', { name: 'Discard…' }).click();
      const confirm = page.getByRole('alertdialog');
      await confirm.getByRole('heading', { name: 'Discard this issue?' }).waitFor();
      await confirm.getByRole('button', { name: 'Discard the issue and its events' }).click();
      await page.waitForURL(/\/projects\/\d+\/issues/);
      const gone = await request(vigie, vigie.token, 'GET', `/api/v1/issues/${hostile}`);
      expect(gone.status).toBe(404);
      expect(watch.foreignRequests.filter((u) => u.includes(PAYLOAD_HOST))).toEqual([]);
    });

    it('says where to connect GitHub when the project has no integration, with a link to its settings', async () => {
      const removed = await request(
        vigie,
        vigie.token,
        'DELETE',
        `/api/v1/projects/${vigie.projectId}/github`,
      );
      expect(removed.status).toBeLessThan(300);
      await page.goto(issueUrl(cart));
      await page.getByRole('button', { name: 'File on GitHub' }).click();
      const notice = outcome().filter({ hasText: 'This project has no GitHub integration yet.' });
      await notice.waitFor();
      const link = notice.getByRole('link', { name: "the project's settings" });
      expect(await link.getAttribute('href')).toBe(`/projects/${vigie.projectId}/settings#github`);
      await expectSafeAndAccessible();
      await screenshotBothSizes(page, `${dialect}-issue-github-missing`);
      await link.click();
      await page.getByRole('heading', { name: 'GitHub' }).first().waitFor();
      expect(new URL(page.url()).hash).toBe('#github');
    });
  },
  BROWSER_TEST_MS,
);
