// A week of triage through the dashboard only, as a new team lives it: Vigie starts as a real
// process on a fresh database and prints a setup link; the owner creates their account in Chromium;
// the real @sentry/node SDK sends the shop's errors to the printed DSN and they appear in the open
// stream; the owner connects GitHub (a local stand-in) in the settings, dispatches the whole inbox by
// keyboard, each outcome at least once, reads an issue page, and creates a support user, who finds a
// customer's errors and sees no triage controls. The API is used only to check what the UI did.
// Screenshots of every step at 1280×800 and 390×844 (and dark) go to screenshots/week-*.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGithub, startFakeGithub } from './github-fake.ts';
import { eventually } from './support/app.ts';
import {
  appRoutes,
  dashboardBrowser,
  type PageWatch,
  SCREENSHOTS,
  screenshotBothSizes,
  seriousAxeViolations,
  signsOfInjection,
  watchPage,
} from './support/browser.ts';
import { createTestDatabase, type TestDatabase, testDialects } from './support/databases.ts';
import { type ServerProcess, startServerProcess } from './support/server-process.ts';

const shop = fileURLToPath(new URL('./clients/sentry-node-shop.ts', import.meta.url));

const OWNER = { email: 'lea@shop.example', password: 'correct horse battery staple' };
const SUPPORT = { email: 'sam@shop.example', name: 'Sam Support', password: 'support staff password 1' };

/** The shop's errors the real SDK sends: nine issues, most with their customer in the user field. */
function runShop(dsn: string, scenario: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [shop, scenario], {
      env: { ...process.env, SENTRY_DSN: dsn, SHOP_RELEASE: 'shop@1.4.2' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`shop exited ${code}`))));
  });
}

/** The settings and users pages, which the GitHub and support steps go through, are in the app. */
const routes = new Set(appRoutes());
const withSettings = routes.has('/projects/$projectId/settings') && routes.has('/admin/users');

const browser = dashboardBrowser();

describe.each(testDialects)('a week of triage in the dashboard on %s', (dialect) => {
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  let server: ServerProcess;
  let github: FakeGithub;
  let context: BrowserContext;
  let page: Page;
  let watch: PageWatch;
  /** What the first start printed. */
  let printed: { setupUrl: string; dsn: string; token: string };
  /** The dashboard's origin as the printed link names it (localhost, not 127.0.0.1). */
  let origin: string;
  let step = 0;

  beforeAll(async () => {
    // Steps are numbered: a step that went away must not leave its screenshots behind.
    for (const old of existsSync(SCREENSHOTS) ? readdirSync(SCREENSHOTS) : [])
      if (old.startsWith(`week-${dialect}-`)) rmSync(path.join(SCREENSHOTS, old));
    let env: Record<string, string>;
    if (dialect === 'sqlite') {
      const dir = mkdtempSync(path.join(tmpdir(), 'vigie-week-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      env = { VIGIE_DATA_DIR: dir };
    } else {
      const database: TestDatabase = await createTestDatabase('postgres');
      cleanups.push(() => database.drop());
      if (database.target.kind !== 'postgres') throw new Error('expected postgres');
      env = { DATABASE_URL: database.target.url, VIGIE_DATA_DIR: tmpdir() };
    }
    // Up to a minute to start: on a machine busy with other test files, PostgreSQL takes its time.
    server = await startServerProcess({ ...env, VIGIE_SECRET_KEY: 'b2'.repeat(32) }, undefined, {
      readyTimeoutMs: 60_000,
    });
    cleanups.push(async () => {
      server.child.kill('SIGTERM');
      await server.exited;
    });
    github = await startFakeGithub({ token: 'ghp_dashboardweek', repositories: ['shop/web'] });
    cleanups.push(() => github.close());
    const out = server.stdout();
    printed = {
      setupUrl: /Dashboard:\s+(\S+\/setup\/\S+)/.exec(out)?.[1] ?? '',
      dsn: /DSN:\s+(\S+)/.exec(out)?.[1] ?? '',
      token: /Admin token:\s+(vigie_\S+)/.exec(out)?.[1] ?? '',
    };
    expect(printed.setupUrl, out).not.toBe('');
    origin = new URL(printed.setupUrl).origin;
    context = await browser().newContext({ viewport: { width: 1280, height: 800 } });
    cleanups.push(() => context.close());
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    watch = await watchPage(page, origin);
  }, 120_000);
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  /** The page is safe and accessible as it is now; its screenshots are saved as the next step. */
  async function checkAndShoot(name: string): Promise<void> {
    expect(await signsOfInjection(page, watch)).toEqual([]);
    expect(await seriousAxeViolations(page)).toEqual([]);
    step += 1;
    await screenshotBothSizes(page, `week-${dialect}-${String(step).padStart(2, '0')}-${name}`);
  }

  /** The API's view, with the printed admin token: only to check what the UI did. */
  async function api<T>(url: string): Promise<T> {
    const answer = await fetch(new URL(url, server.baseUrl), {
      headers: { authorization: `Bearer ${printed.token}` },
    });
    expect(answer.status, url).toBe(200);
    return (await answer.json()) as T;
  }

  const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name });
  const rows = () => page.locator('tbody tr[data-issue-id]');

  it('creates the owner account with the setup link the first start printed', async () => {
    await page.goto(printed.setupUrl);
    await heading('Create the owner account').waitFor();
    await checkAndShoot('setup');
    await page.getByLabel('Email').fill(OWNER.email);
    await page.getByLabel(/^Password \(at least/).fill(OWNER.password);
    await page.getByLabel('Password again').fill(OWNER.password);
    await page.getByRole('button', { name: 'Create the account' }).click();
    await heading('Projects').waitFor();
    await page.getByText(OWNER.email).waitFor();
    await checkAndShoot('projects');
  });

  it('shows the errors the real SDK sends to the printed DSN in the open stream, without a reload', async () => {
    await page.getByRole('link', { name: 'Default' }).first().click();
    // A project that never got an event shows how to send one, with the DSN the first run printed.
    await page.getByRole('heading', { name: 'No events yet' }).waitFor();
    await page.getByText(printed.dsn).first().waitFor();
    await checkAndShoot('stream-empty');

    await runShop(printed.dsn, 'week');
    await runShop(printed.dsn, 'handled');
    // The stream refreshes itself: no reload, no navigation.
    await page.getByText("TypeError: Cannot read properties of undefined (reading 'price')").waitFor({
      timeout: 20_000,
    });
    await eventually(async () => ((await rows().count()) === 9 ? true : undefined), 20_000);
    // Seen a few seconds ago, though the page had shown no time since it opened.
    const times = await page.locator('tbody .reltime').allTextContents();
    expect(times.length).toBeGreaterThanOrEqual(9);
    for (const time of times) expect(time).toMatch(/^(just now|\d+ s ago)$/);
    await checkAndShoot('stream');
  }, 90_000);

  it.skipIf(!withSettings)(
    'connects GitHub in the project settings, against the local stand-in',
    async () => {
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Project settings' })
        .click();
      const panel = page.locator('section#github');
      await panel.getByText('Not configured').waitFor();
      await panel.getByLabel('Repository').fill('shop/web');
      await panel.getByLabel('API base URL').fill(github.url);
      await panel.getByLabel('Token').fill(github.token);
      await panel.getByRole('button', { name: 'Save' }).click();
      await panel.locator('dd', { hasText: 'shop/web' }).waitFor();
      await checkAndShoot('settings-github');
      // The token left the page: the form asks for it only to change it.
      expect(await page.content()).not.toContain(github.token);

      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Projects' }).click();
      await page.getByRole('link', { name: 'Default' }).first().click();
      await eventually(async () => ((await rows().count()) === 9 ? true : undefined));
    },
    60_000,
  );

  it('dispatches the whole inbox by keyboard, each outcome at least once', async () => {
    await page.keyboard.press('?');
    await page.getByRole('dialog').getByRole('heading', { name: 'Keyboard shortcuts' }).waitFor();
    await checkAndShoot('shortcuts');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    const outcomes: Record<string, string> = {};
    /** Highlights the first row (j then k lands there from anywhere) and says its title. */
    const first = async () => {
      await page.keyboard.press('j');
      await page.keyboard.press('k');
      const title = (await rows().first().locator('.issue-title').textContent()) ?? '';
      await page.locator('tbody tr.is-focused').first().waitFor();
      return title;
    };
    /** Runs `keys` on the first row and waits for the outcome and for the row to leave the inbox. */
    const dispatch = async (keys: string[], done: string, outcome: string, shot?: string) => {
      const left = await rows().count();
      const title = await first();
      for (const [n, key] of keys.entries()) {
        await page.keyboard.press(key);
        // A menu opened: shown once, then chosen from by keyboard.
        if (n === 0 && keys.length > 1) {
          await page.getByRole('menu').waitFor();
          if (shot) await checkAndShoot(shot);
        }
      }
      await page.getByText(done).waitFor();
      await eventually(async () => ((await rows().count()) === left - 1 ? true : undefined));
      outcomes[title] = outcome;
    };

    // Two at once: x selects the first two rows, e marks both reviewed.
    const titles = await rows().locator('.issue-title').allTextContents();
    await first();
    await page.keyboard.press('x');
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    await page.getByText('2 selected').waitFor();
    await checkAndShoot('stream-selection');
    await page.keyboard.press('e');
    await page.getByText('Mark reviewed: 2 issues.').waitFor();
    await eventually(async () => ((await rows().count()) === 7 ? true : undefined));
    outcomes[titles[0]!] = 'reviewed';
    outcomes[titles[1]!] = 'reviewed';

    await dispatch(['r', 'Enter'], 'Resolve now: 1 issue.', 'resolved now', 'resolve-menu');
    await dispatch(['r', 'ArrowDown', 'Enter'], 'Resolve in the next release: 1 issue.', 'resolved next');
    await dispatch(['i'], 'Ignore: 1 issue.', 'ignored');
    await dispatch(['s', 'Enter'], 'For 1 hour: 1 issue.', 'snoozed', 'snooze-menu');
    await dispatch(['a', 'Enter'], 'Assign to me: 1 issue.', 'assigned', 'assign-menu');
    await dispatch(['e'], 'Mark reviewed: 1 issue.', 'reviewed');
    if (withSettings) await dispatch(['g'], 'Filed on GitHub: shop/web#1.', 'on GitHub');
    else await dispatch(['i'], 'Ignore: 1 issue.', 'ignored');
    await page.getByRole('heading', { name: 'Inbox zero' }).waitFor();
    await checkAndShoot('inbox-zero');

    const project = (await api<{ projects: Array<{ id: number }> }>('/api/v1/projects')).projects[0]!;
    const issues = await api<{
      issues: Array<{
        title: string;
        status: string;
        resolution: { kind: string } | null;
        assignee: unknown;
        inbox: unknown;
        externalIssue: { url: string; number: number | null } | null;
      }>;
    }>(`/api/v1/projects/${project.id}/issues?query=&limit=100`);
    const seen = Object.fromEntries(
      issues.issues.map((i) => [
        i.title,
        i.status === 'resolved'
          ? `resolved ${i.resolution?.kind === 'inNextRelease' ? 'next' : 'now'}`
          : i.status === 'unresolved'
            ? i.assignee
              ? 'assigned'
              : i.externalIssue
                ? 'on GitHub'
                : 'reviewed'
            : i.status,
      ]),
    );
    expect(seen).toEqual(outcomes);
    expect(issues.issues.filter((i) => i.inbox !== null)).toEqual([]);
    // The stand-in got one issue, as GitHub's API documents it, for the issue filed with g.
    const filed = Object.entries(outcomes).filter(([, outcome]) => outcome === 'on GitHub');
    expect(github.received.map((r) => [r.owner, r.repo, r.title])).toEqual(
      filed.map(([title]) => ['shop', 'web', title]),
    );
  }, 120_000);

  it('shows an issue page with its graph, stack, breadcrumbs and why its events are one issue', async () => {
    await page.getByLabel('Search issues').fill('price');
    await page.getByLabel('Search issues').press('Enter');
    await page
      .getByRole('link', { name: "TypeError: Cannot read properties of undefined (reading 'price')" })
      .click();
    await heading("TypeError: Cannot read properties of undefined (reading 'price')").waitFor();
    const main = page.locator('main');
    await main.getByRole('heading', { name: 'Occurrences' }).waitFor();
    await main.locator('.graph canvas').first().waitFor();
    await main.getByText('checkoutTotal').first().waitFor();
    await main.getByRole('heading', { name: 'Breadcrumbs' }).waitFor();
    await main.locator('.crumb-message', { hasText: 'ana opened the checkout' }).waitFor();
    await main.getByRole('heading', { name: 'Why these events are one issue' }).waitFor();
    await checkAndShoot('issue');
  }, 60_000);

  it.skipIf(!withSettings)(
    'the owner creates a support user in the admin users page',
    async () => {
      await page.locator('summary', { hasText: OWNER.email }).click();
      await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Users' }).click();
      await heading('Users').waitFor();
      const form = page.locator('section', { has: page.getByRole('heading', { name: 'New account' }) });
      await form.getByLabel('Email').fill(SUPPORT.email);
      await form.getByLabel('Name').fill(SUPPORT.name);
      await form.getByLabel(/^First password/).fill(SUPPORT.password);
      await form.getByLabel('Role on a project').selectOption({ label: 'Default' });
      await form.getByLabel('Role', { exact: true }).selectOption('support');
      await form.getByRole('button', { name: 'Create the account' }).click();
      const accounts = page.locator('section', { has: page.getByRole('heading', { name: 'Accounts' }) });
      await accounts.getByText(SUPPORT.email).waitFor();
      await checkAndShoot('admin-users');
      await page.getByRole('button', { name: 'Log out' }).click();
      await heading('Log in to Vigie').waitFor();
    },
    60_000,
  );

  it.skipIf(!withSettings)(
    "the support user finds a customer's errors, and sees no triage controls",
    async () => {
      await page.getByLabel('Email').fill(SUPPORT.email);
      await page.getByLabel('Password').fill(SUPPORT.password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await heading('Projects').waitFor();
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
      await heading('Customer lookup').waitFor();
      await page.getByLabel(/^User id, email/).fill('ana@example.com');
      await page.getByRole('button', { name: 'Look up' }).click();
      await page.locator('main').getByRole('link').filter({ hasText: 'ana@example.com' }).first().click();
      const checkout = "TypeError: Cannot read properties of undefined (reading 'price')";
      await page.locator('main').getByText(checkout).first().waitFor();
      await checkAndShoot('customer');

      const triageButtons = page.getByRole('button', {
        name: /^(Resolve|Unresolve|Ignore|Snooze|Assign|Mark reviewed|File on GitHub)\b/,
      });
      await page.locator('main').getByRole('link', { name: checkout }).first().click();
      await heading(checkout).waitFor();
      await page.getByRole('heading', { name: 'Occurrences' }).waitFor();
      expect(await triageButtons.count()).toBe(0);
      await checkAndShoot('issue-as-support');

      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Projects' }).click();
      await page.getByRole('link', { name: 'Default' }).first().click();
      await page.getByRole('link', { name: 'All', exact: true }).click();
      await eventually(async () => ((await rows().count()) === 9 ? true : undefined));
      expect(await triageButtons.count()).toBe(0);
      expect(await page.locator('tbody input[type=checkbox]').count()).toBe(0);
      // The triage keys do nothing: no menu opens, nothing changes.
      await page.keyboard.press('j');
      await page.keyboard.press('r');
      await page.keyboard.press('i');
      expect(await page.getByRole('menu').count()).toBe(0);
      await checkAndShoot('stream-as-support');
      const after = await api<{ issues: Array<{ status: string }> }>(
        '/api/v1/projects/1/issues?query=is%3Aignored&limit=100',
      );
      expect(after.issues).toHaveLength(1);
    },
    90_000,
  );
});
