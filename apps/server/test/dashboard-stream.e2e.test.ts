// The projects page and the issue stream in real Chromium, as a triager works them: sparklines and
// counts from the API, search completion by keyboard, environment and release pickers, "select all N
// issues matching this search", keyboard triage (assign by typing, snooze until N more events, file
// on GitHub against a local stand-in), a 409 that rolls back and says who changed the issue; and a
// support user who reads the same stream without any triage control.

import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from './auth-fixtures.ts';
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
import { addMember, type Member, request } from './triage-fixtures.ts';

const PASSWORD = 'a long enough password';
/** More than a page (50), so that "all N matching" means more than what is shown. */
const LOAD_ISSUES = 56;
const GITHUB_TOKEN = 'ghp_streamtest';
/** Each step takes full-page screenshots of 50 rows at three sizes and runs axe: seconds on a busy machine. */
const SLOW = 90_000;

const browser = dashboardBrowser();

describe.each(testDialects)('the projects page and the issue stream on %s', (dialect) => {
  let vigie: RunningVigie;
  let github: FakeGithub;
  let ana: Member;
  let context: BrowserContext;
  let page: Page;
  let watch: PageWatch;
  const db = () => vigie.app.vigie.database;
  const stream = (query: string) =>
    `${vigie.baseUrl}/projects/${vigie.projectId}/issues?query=${encodeURIComponent(query)}`;

  /** A browser context signed in as this person (the session cookie from the login endpoint). */
  async function signedIn(email: string): Promise<{ context: BrowserContext; page: Page; watch: PageWatch }> {
    const login = await vigie.fetch('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: vigie.baseUrl },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    const [name, value] = login.headers.getSetCookie()[0]!.split(';')[0]!.split(/=(.*)/s) as [string, string];
    const ctx = await browser().newContext({ viewport: { width: 1280, height: 800 } });
    await ctx.addCookies([{ name, value, url: vigie.baseUrl }]);
    const p = await ctx.newPage();
    p.setDefaultTimeout(10_000);
    return { context: ctx, page: p, watch: await watchPage(p, vigie.baseUrl) };
  }

  async function expectClean(p: Page, w: PageWatch): Promise<void> {
    expect(w.dialogs).toEqual([]);
    expect(w.foreignRequests).toEqual([]);
    expect(await w.cspViolations()).toEqual([]);
    expect(await seriousAxeViolations(p)).toEqual([]);
  }

  const rows = () => page.locator('tbody tr');
  const rowCount = (n: number) => eventually(async () => ((await rows().count()) === n ? true : undefined));
  const outcome = (text: string | RegExp) => page.locator('.triage-outcome').getByText(text);

  beforeAll(async () => {
    // PostgreSQL needs a configured key for the GitHub token; SQLite makes one in its data folder.
    vigie = await startVigie(dialect, { VIGIE_SECRET_KEY: 'b2'.repeat(32) }, { listen: true });
    github = await startFakeGithub({ token: GITHUB_TOKEN, repositories: ['acme/shop'] });
    await addUser(db(), { email: 'owner@example.com', password: PASSWORD, isAdmin: true });
    await addUser(db(), {
      email: 'support@example.com',
      password: PASSWORD,
      role: 'support',
      projectId: vigie.projectId,
    });
    ana = await addMember(db().db, 'ana@example.com', 'member', vigie.projectId);
    const dsnKey = new URL(vigie.dsn).username;
    const now = Date.now();
    await sendEvents(vigie, vigie.projectId, dsnKey, [
      errorEvent({ type: 'TypeError', value: 'cart is undefined', fn: 'cart', file: '/srv/shop/cart.js' }),
      errorEvent({ type: 'RangeError', value: 'Invalid page', fn: 'paginate', file: '/srv/shop/page.js' }),
      errorEvent({ type: 'SyntaxError', value: 'Unexpected token <', fn: 'parse', file: '/srv/shop/api.js' }),
      // An hour earlier too: the sparklines have two bars.
      errorEvent({
        type: 'TypeError',
        value: 'cart is undefined',
        fn: 'cart',
        file: '/srv/shop/cart.js',
        timestamp: now - 3_600_000,
      }),
      ...Array.from({ length: LOAD_ISSUES }, (_, i) =>
        errorEvent({
          type: `LoadError${i}`,
          value: `load test ${i}`,
          fn: `load${i}`,
          file: `/srv/load/step${i}.js`,
          environment: 'staging',
          release: 'shop@2.0.0-rc1',
        }),
      ),
    ]);
    ({ context, page, watch } = await signedIn('owner@example.com'));
  });
  afterAll(async () => {
    await context?.close();
    await github?.close();
    await vigie?.stop();
  });

  it(
    'shows each project with its last 24 hours, unresolved and new counts, and a link to its stream',
    async () => {
      await page.goto(`${vigie.baseUrl}/`);
      const card = page.locator('.project-card', { hasText: 'Default' });
      await card.getByRole('img', { name: /^60 events in the last 24 hours/ }).waitFor();
      await card.getByRole('link', { name: `${LOAD_ISSUES + 3} unresolved issues` }).waitFor();
      expect(await card.locator('.project-figures dd').allTextContents()).toEqual([
        `${LOAD_ISSUES + 3}`,
        `${LOAD_ISSUES + 3}`,
      ]);
      await expectClean(page, watch);
      await screenshotBothSizes(page, `${dialect}-projects-stats`);
      await card.getByRole('link', { name: 'Default', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: /Issues/ }).waitFor();
    },
    SLOW,
  );

  it(
    'draws a sparkline on every row, over 24 hours or 14 days',
    async () => {
      await page.goto(stream('environment:production'));
      await rowCount(3);
      await rows()
        .first()
        .getByRole('img', { name: /in the last 24 hours/ })
        .waitFor();
      expect(await page.locator('tbody svg.sparkline').count()).toBe(3);
      const cart = rows().filter({ hasText: 'TypeError: cart is undefined' });
      await cart.getByRole('img', { name: '2 events in the last 24 hours; busiest hour: 1' }).waitFor();
      await page.getByRole('button', { name: '14 days' }).click();
      await page.waitForURL(/stats=14d/);
      await cart.getByRole('img', { name: '2 events in the last 14 days; busiest day: 2' }).waitFor();
      await page.getByRole('columnheader', { name: 'Last 14 d' }).waitFor();
      await page.getByRole('button', { name: '24 hours' }).click();
      await cart.getByRole('img', { name: /in the last 24 hours/ }).waitFor();
    },
    SLOW,
  );

  it(
    'completes keys and values at the cursor by keyboard, and keeps the search in the URL',
    async () => {
      await page.goto(stream('is:unresolved'));
      await rowCount(50);
      const search = page.getByRole('combobox', { name: 'Search issues' });
      await search.click();
      await search.press('End');
      await search.pressSequentially(' env');
      const options = page.locator('[role="listbox"]:not([aria-busy="true"])').getByRole('option');
      await options.filter({ hasText: 'environment' }).waitFor();
      await expect(search.getAttribute('aria-expanded')).resolves.toBe('true');
      await search.press('ArrowDown');
      await expect(options.first().getAttribute('aria-selected')).resolves.toBe('true');
      await search.press('Enter');
      await expect(search.inputValue()).resolves.toBe('is:unresolved environment:');
      // The key is in: its values follow, from the project's events.
      await options.filter({ hasText: 'staging' }).waitFor();
      await search.pressSequentially('sta');
      await options.filter({ hasText: 'staging' }).waitFor();
      await expect(options.count()).resolves.toBe(1);
      await expectClean(page, watch);
      await screenshotBothSizes(page, `${dialect}-stream-completion`);
      await search.press('Tab');
      await expect(search.inputValue()).resolves.toBe('is:unresolved environment:staging ');
      await search.press('Escape');
      await expect(search.getAttribute('aria-expanded')).resolves.toBe('false');
      await expect(search.inputValue()).resolves.toBe('is:unresolved environment:staging ');
      await search.press('Enter');
      await page.waitForURL(
        /query=is%3Aunresolved\+environment%3Astaging$|query=is%3Aunresolved%20environment%3Astaging$/,
      );
      await rowCount(50);
      expect(await rows().filter({ hasText: 'TypeError' }).count()).toBe(0);
    },
    SLOW,
  );

  it(
    'narrows the list with the environment and release pickers, which edit the search',
    async () => {
      await page.goto(stream('is:unresolved'));
      await rowCount(50);
      await page.getByLabel('Environment').selectOption('production');
      await page.waitForURL(/environment%3Aproduction/);
      await rowCount(3);
      await expect(page.getByRole('combobox', { name: 'Search issues' }).inputValue()).resolves.toBe(
        'is:unresolved environment:production',
      );
      await page.getByLabel('Environment').selectOption({ label: 'All environments' });
      await rowCount(50);
      await page.getByLabel('Release').selectOption('shop@2.0.0-rc1');
      await page.waitForURL(/release%3Ashop%402.0.0-rc1/);
      await rowCount(50);
      expect(await rows().filter({ hasText: 'LoadError' }).count()).toBe(50);
      await expectClean(page, watch);
      await screenshotBothSizes(page, `${dialect}-stream-filters`);
    },
    SLOW,
  );

  it(
    'selects all the issues matching the search, beyond the page, and ignores them in one action',
    async () => {
      await page.goto(stream('is:unresolved release:shop@2.0.0-rc1'));
      await rowCount(50);
      await page.getByRole('checkbox', { name: 'Select every issue on this page' }).check();
      await page
        .getByRole('button', { name: `Select all ${LOAD_ISSUES} issues matching this search` })
        .click();
      await page.getByText(`All ${LOAD_ISSUES} issues matching this search are selected.`).waitFor();
      await page.getByText(`All ${LOAD_ISSUES} matching selected`).waitFor();
      await expectClean(page, watch);
      await screenshotBothSizes(page, `${dialect}-stream-select-all`);
      await page.getByRole('button', { name: 'Ignore', exact: true }).click();
      await outcome(`Ignore: ${LOAD_ISSUES} issues of the ${LOAD_ISSUES} matches.`).waitFor();
      await page.getByRole('heading', { name: 'No issue matches this search' }).waitFor();
      const ignored = await vigie.api<{ count: number }>(
        `/api/v1/projects/${vigie.projectId}/issues/count?query=${encodeURIComponent('is:ignored')}`,
      );
      expect(ignored.count).toBe(LOAD_ISSUES);
    },
    SLOW,
  );

  it(
    'rolls a refused action back and says what the issue is now and who changed it',
    async () => {
      await page.goto(stream('environment:production'));
      await rowCount(3);
      const first = rows().first();
      const title = (await first.locator('.issue-title').textContent())!;
      await page.keyboard.press('j');
      // Someone else resolves it while the page shows it unresolved.
      const issueId = Number(await first.getAttribute('data-issue-id'));
      const resolved = await request(vigie, ana.token, 'POST', `/api/v1/issues/${issueId}/resolve`);
      expect(resolved.status).toBe(200);
      await page.keyboard.press('r');
      await page.getByRole('menu', { name: 'Resolve' }).waitFor();
      await page.keyboard.press('Enter');
      await outcome(
        `Resolve now did not apply to 1 issue, put back as it was. “${title}” is resolved now: changed by ana@example.com just now.`,
      ).waitFor();
      // Then the list shows the issue as the server has it.
      await first.locator('.badge', { hasText: 'resolved' }).waitFor();
      await expectClean(page, watch);
      await screenshotBothSizes(page, `${dialect}-stream-conflict`);
    },
    SLOW,
  );

  it(
    'assigns by typing a name, and snoozes until a chosen number of events',
    async () => {
      await page.goto(stream('is:unresolved environment:production'));
      await rowCount(2);
      await page.keyboard.press('j');
      await page.keyboard.press('a');
      await page.getByRole('searchbox', { name: 'Find a member or team' }).waitFor();
      await page.keyboard.type('ana@');
      const found = page.getByRole('menu', { name: 'Assign' }).getByRole('menuitem');
      await found.filter({ hasText: 'ana@example.com' }).waitFor();
      await eventually(async () => ((await found.count()) === 1 ? true : undefined));
      // The field names the highlighted item a moment after typing (React Aria leaves screen readers time).
      const field = page.getByRole('searchbox', { name: 'Find a member or team' });
      const highlighted = await found.first().getAttribute('id');
      await eventually(async () =>
        (await field.getAttribute('aria-activedescendant')) === highlighted ? true : undefined,
      );
      await expectClean(page, watch);
      await screenshotBothSizes(page, `${dialect}-stream-assign`);
      await page.keyboard.press('Enter');
      await outcome('Assign to ana: 1 issue.').waitFor();
      await rows().first().locator('.assignee', { hasText: 'ana' }).waitFor();

      await page.keyboard.press('s');
      await page.getByRole('menu', { name: 'Snooze' }).waitFor();
      await page.getByRole('menuitem', { name: 'Until N more events…' }).click();
      const count = page.getByRole('spinbutton', { name: 'More events' });
      await count.waitFor();
      await expectClean(page, watch);
      await screenshotBothSizes(page, `${dialect}-stream-snooze-count`);
      await count.fill('250');
      await count.press('Enter');
      await outcome('Until 250 more events: 1 issue.').waitFor();
      await rowCount(1);
      const snoozed = await vigie.api<{ issues: Array<{ snooze: { kind: string; count: number } | null }> }>(
        `/api/v1/projects/${vigie.projectId}/issues?query=${encodeURIComponent('is:snoozed')}`,
      );
      expect(snoozed.issues.map((i) => i.snooze)).toEqual([
        expect.objectContaining({ kind: 'events', count: 250 }),
      ]);
    },
    SLOW,
  );

  it(
    'files a GitHub issue with g as soon as the rows show, and says where to set GitHub up when the project has none',
    async () => {
      // What this person may do comes with the projects list. Answered after the issues, it once left
      // the rows on screen without their checkboxes and with the read-only note for a moment, and a g
      // pressed then did nothing. Hold it back until the issues have come and had two frames to show.
      const issuesPath = `/api/v1/projects/${vigie.projectId}/issues`;
      const issuesAnswered = page
        .waitForResponse((r) => new URL(r.url()).pathname === issuesPath)
        .then((r) => r.finished());
      await page.route(
        (url) => url.pathname === '/api/v1/projects',
        async (route) => {
          await issuesAnswered;
          await page.evaluate(
            'new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))',
          );
          await route.continue();
        },
        { times: 1 },
      );
      // Anything shown on the way, as it is shown (from the next page load on).
      await page.addInitScript(`
        window.seenReadOnly = [];
        new MutationObserver(() => {
          if (document.querySelector('.read-only-note')) window.seenReadOnly.push('the read-only note');
          const row = document.querySelector('tbody tr[data-issue-id]');
          if (row && !row.querySelector('input[type="checkbox"]')) window.seenReadOnly.push('a row without its checkbox');
        }).observe(document, { childList: true, subtree: true });
      `);
      await page.goto(stream('is:unresolved environment:production'));
      await rowCount(1);
      await page.keyboard.press('j');
      await page.keyboard.press('g');
      await outcome('This project has no GitHub integration yet.').waitFor();
      expect(await page.evaluate<string[]>('window.seenReadOnly')).toEqual([]);
      const settings = page.locator('.triage-outcome').getByRole('link', { name: "the project's settings" });
      expect(await settings.getAttribute('href')).toBe(`/projects/${vigie.projectId}/settings#github`);

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
      await page.keyboard.press('g');
      await outcome('Filed on GitHub: acme/shop#1.').waitFor();
      await rows().first().locator('.badge', { hasText: 'GitHub #1' }).waitFor();
      expect(github.received.map((r) => r.title)).toEqual([
        (await rows().first().locator('.issue-title').textContent())!,
      ]);
      await expectClean(page, watch);
      await screenshotBothSizes(page, `${dialect}-stream`);
    },
    SLOW,
  );

  it(
    'shows a support user the stream read-only: no checkbox, no triage button, no triage key',
    async () => {
      const support = await signedIn('support@example.com');
      try {
        const p = support.page;
        await p.goto(stream('environment:production'));
        await p.locator('tbody tr').nth(2).waitFor();
        await p.getByText("You can read this project's issues; triage is for its members.").waitFor();
        expect(await p.getByRole('checkbox').count()).toBe(0);
        expect(
          await p
            .getByRole('button', { name: /^(Resolve|Ignore|Snooze|Assign|Mark reviewed|File on GitHub)/ })
            .count(),
        ).toBe(0);
        await p.keyboard.press('j');
        await p.keyboard.press('x');
        await p.keyboard.press('i');
        expect(await p.getByRole('menu').count()).toBe(0);
        await p.keyboard.press('?');
        const help = p.getByRole('dialog');
        await help.getByRole('heading', { name: 'Keyboard shortcuts' }).waitFor();
        expect(await help.getByText('Ignore').count()).toBe(0);
        await help.getByText('Open the issue').waitFor();
        await p.keyboard.press('Escape');
        await expectClean(p, support.watch);
        await screenshotBothSizes(p, `${dialect}-stream-support`);
        // Nothing changed on the server.
        const all = await vigie.api<{ issues: Array<{ status: string }> }>(
          `/api/v1/projects/${vigie.projectId}/issues?query=${encodeURIComponent('environment:production is:ignored')}`,
        );
        expect(all.issues).toEqual([]);
      } finally {
        await support.context.close();
      }
    },
    SLOW,
  );
});
