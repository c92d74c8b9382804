// Ownership in the dashboard, in real Chromium: the stream shows each unassigned issue's suggested owner
// (with the rule and what it matched on hover), and `a` in keyboard triage proposes it first, so that
// Enter assigns the issue to it; the rules editor in project settings (problems at their line and column,
// unknown owners, the preview against an issue before saving, the mode, CODEOWNERS pasted or read from
// GitHub with its handles mapped); the issue page's suggested owner with one-click assign, and an
// auto-assignment in the activity log as done by the rule. On SQLite and PostgreSQL.

import { randomBytes } from 'node:crypto';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOwnershipJob } from '../src/ownership/ownership-job.ts';
import { setMember } from '../src/teams/members.repository.ts';
import { createTeam } from '../src/teams/teams.repository.ts';
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
import { request } from './triage-fixtures.ts';

const PASSWORD = 'a long enough password';
const GITHUB_TOKEN = 'github_pat_11DASHBOARD0123456789_owners';

const browser = dashboardBrowser();

describe.each(testDialects)('suggested owners in the dashboard on %s', (dialect) => {
  let vigie: RunningVigie;
  let context: BrowserContext;
  let page: Page;
  let watch: PageWatch;
  let github: FakeGithub;
  const issueIds = { invoice: 0, page: 0 };
  const api = (method: string, path: string, body?: unknown) =>
    request(vigie, vigie.token, method, path, body);
  const ownershipUrl = (rest = '') => `/api/v1/projects/${vigie.projectId}/ownership${rest}`;
  const runJob = () => runOwnershipJob(vigie.app.vigie.database.db, { nowMs: Date.now() });

  beforeAll(async () => {
    // The GitHub token is stored encrypted: PostgreSQL has no data folder to keep a generated key in.
    const env: Record<string, string> =
      dialect === 'postgres' ? { VIGIE_SECRET_KEY: randomBytes(32).toString('hex') } : {};
    vigie = await startVigie(dialect, env, { listen: true });
    github = await startFakeGithub({ token: GITHUB_TOKEN, repositories: ['acme/shop'] });
    const { db } = vigie.app.vigie.database;
    await addUser(vigie.app.vigie.database, {
      email: 'owner@example.com',
      password: PASSWORD,
      isAdmin: true,
    });
    const billing = await createTeam(db, 'Billing', 'billing');
    await setMember(db, vigie.projectId, { teamId: billing.id }, 'member');
    const checkout = await createTeam(db, 'Checkout', 'checkout');
    await setMember(db, vigie.projectId, { teamId: checkout.id }, 'member');
    const saved = await request(vigie, vigie.token, 'PUT', `/api/v1/projects/${vigie.projectId}/ownership`, {
      rules: 'path:billing/** #billing',
    });
    expect(saved.status).toBe(200);
    await sendEvents(vigie, vigie.projectId, new URL(vigie.dsn).username, [
      errorEvent({
        type: 'TypeError',
        value: 'invoice total is NaN',
        fn: 'total',
        file: '/srv/shop/billing/invoice.js',
      }),
      errorEvent({ type: 'RangeError', value: 'Invalid page', fn: 'paginate', file: '/srv/shop/page.js' }),
    ]);
    await runOwnershipJob(db, { nowMs: Date.now() });
    const listed = await api('GET', `/api/v1/projects/${vigie.projectId}/issues?query=is:unresolved`);
    for (const issue of (listed.body as { issues: { id: number; title: string }[] }).issues) {
      if (issue.title.includes('invoice total')) issueIds.invoice = issue.id;
      if (issue.title.includes('Invalid page')) issueIds.page = issue.id;
    }
    expect(issueIds.invoice * issueIds.page).toBeGreaterThan(0);

    const login = await vigie.fetch('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: vigie.baseUrl },
      body: JSON.stringify({ email: 'owner@example.com', password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    const [name, value] = login.headers.getSetCookie()[0]!.split(';')[0]!.split(/=(.*)/s) as [string, string];
    context = await browser().newContext({ viewport: { width: 1280, height: 800 } });
    await context.addCookies([{ name, value, url: vigie.baseUrl }]);
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    watch = await watchPage(page, vigie.baseUrl);
  });
  afterAll(async () => {
    await context?.close();
    await vigie?.stop();
    await github?.close();
  });

  const expectNothingUnsafe = async () => {
    expect(watch.dialogs).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
    expect(await watch.cspViolations()).toEqual([]);
    expect(await seriousAxeViolations(page)).toEqual([]);
  };
  const text = async (locator: Locator) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();

  it('shows the suggested owner in the stream, and a then Enter assigns the issue to it', async () => {
    await page.goto(
      `${vigie.baseUrl}/projects/${vigie.projectId}/issues?query=${encodeURIComponent('is:unresolved')}`,
    );
    const rows = page.locator('tbody tr');
    await eventually(async () => ((await rows.count()) === 2 ? true : undefined));
    const invoiceRow = rows.filter({ hasText: 'invoice total is NaN' });
    const suggested = invoiceRow.locator('.suggested-owner');
    await suggested.waitFor();
    expect(await suggested.getAttribute('title')).toBe(
      'owned by #billing: /srv/shop/billing/invoice.js matched `path:billing/**`',
    );
    expect(await rows.filter({ hasText: 'Invalid page' }).locator('.suggested-owner').count()).toBe(0);

    // Highlight the invoice issue, then a: the suggested owner comes first, highlighted.
    const index = (await rows.allTextContents()).findIndex((t) => t.includes('invoice total is NaN'));
    for (let i = 0; i <= index; i++) await page.keyboard.press('j');
    await page.keyboard.press('a');
    const items = page.getByRole('menu', { name: 'Assign' }).getByRole('menuitem');
    await items.first().filter({ hasText: '#billing (suggested)' }).waitFor();
    expect(watch.dialogs).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
    expect(await watch.cspViolations()).toEqual([]);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshotBothSizes(page, `${dialect}-ownership-stream-assign`);
    await page.keyboard.press('Enter');
    await page.locator('.triage-outcome').getByText('Assign to #billing: 1 issue.').waitFor();
    await invoiceRow.locator('.assignee', { hasText: '#billing' }).waitFor();
  }, 90_000);

  it('sorts the stream by owner: the owned issue first, the one without an owner last', async () => {
    await page.goto(
      `${vigie.baseUrl}/projects/${vigie.projectId}/issues?query=${encodeURIComponent('is:unresolved')}`,
    );
    const rows = page.locator('tbody tr');
    const titles = async () =>
      (await rows.allTextContents()).map((t) => (t.includes('invoice') ? 'invoice' : 'page'));
    // Most recently seen first by default: the page error came last.
    await eventually(async () => ((await rows.count()) === 2 ? true : undefined));
    expect(await titles()).toEqual(['page', 'invoice']);
    await page.getByLabel('Sort by').selectOption({ label: 'Owner' });
    await page.waitForURL(/sort=owner/);
    await eventually(async () => ((await titles())[0] === 'invoice' ? true : undefined));
    expect(await titles()).toEqual(['invoice', 'page']);
    expect(await rows.first().locator('.suggested-owner, .assignee').first().textContent()).toContain(
      '#billing',
    );
    await expectNothingUnsafe();
    await screenshotBothSizes(page, `${dialect}-ownership-stream-sort`);
  }, 90_000);
  it('edits the rules: problems at their line and column, unknown owners, a preview before saving', async () => {
    const section = page.locator('#ownership');
    const editor = section.getByLabel('Rules', { exact: true });
    // A project without rules: the editor starts with the comment that says how rules are read.
    const before = await api('GET', ownershipUrl());
    expect((await api('PUT', ownershipUrl(), { rules: '' })).status).toBe(200);
    await page.goto(`${vigie.baseUrl}/projects/${vigie.projectId}/settings#ownership`);
    await editor.waitFor();
    expect((await editor.inputValue()).split('\n')[0]).toBe(
      '# The last matching rule wins: put broad rules first, exceptions after them.',
    );
    const { rules } = before.body as { rules: string };
    expect((await api('PUT', ownershipUrl(), { rules })).status).toBe(200);
    await page.reload();
    await editor.waitFor();
    expect(await editor.inputValue()).toBe('path:billing/** #billing');
    await expect
      .poll(() => text(section.locator('#ownership-rules-help')))
      .toContain('The last matching rule wins');
    expect(await section.getByRole('radio', { name: /^Suggest/ }).isChecked()).toBe(true);

    // A rule that cannot be read: the server's 400, with its line and column, and nothing saved.
    await editor.fill('path:billing/** #billing\nmodule: #billing\nurl:*/checkout/* #checkout');
    await section.getByRole('button', { name: 'Save rules' }).click();
    const problems = section.locator('.ownership-problems');
    await problems.waitFor();
    expect(await text(problems)).toContain('Nothing was saved: these lines cannot be read.');
    const problemLine = await text(problems.locator('li').first());
    expect(problemLine).toMatch(/at line 2, column \d+: expected/);
    const column = Number(/line 2, column (\d+)/.exec(problemLine)![1]);
    await problems.getByRole('button', { name: `Go to line 2, column ${column}` }).click();
    const caret = await editor.evaluate((el) => (el as unknown as { selectionStart: number }).selectionStart);
    expect(caret).toBe('path:billing/** #billing\n'.length + column - 1);
    expect(await editor.getAttribute('aria-invalid')).toBe('true');
    const stored = await api('GET', ownershipUrl());
    expect((stored.body as { rules: string }).rules).toBe('path:billing/** #billing');

    // The draft against an issue, before saving: the last matching rule wins, unknown owners are said.
    await editor.fill('path:billing/** #billing\npath:**/invoice.js #biling');
    await section.getByLabel('Issue', { exact: true }).selectOption(String(issueIds.invoice));
    await section.getByRole('button', { name: 'Test the rules' }).click();
    const outcome = section.locator('.ownership-outcome');
    await outcome.getByText('owned by #biling').waitFor();
    expect(await text(outcome.locator('.ownership-explanation'))).toBe(
      'owned by #biling: /srv/shop/billing/invoice.js matched `path:**/invoice.js`',
    );
    expect(await outcome.locator('.ownership-facts dd').allTextContents()).toEqual([
      '#biling (unknown: no team has this slug)',
      'path:**/invoice.js #biling (rules line 2)',
      'the file of an in-app frame: /srv/shop/billing/invoice.js',
    ]);
    const unknown = outcome.locator('.ownership-unknown');
    expect(await text(unknown.locator('strong'))).toBe(
      'One owner is not a member or a team of this project:',
    );
    expect(await unknown.locator('li').allTextContents()).toEqual([
      '#biling (Rules line 2, column 20): no team has this slug',
    ]);

    // Another issue, pasted by its id: no rule of the draft matches it; then a rule that does.
    await section.getByLabel('or its id or link').fill(`#${issueIds.page}`);
    await section.getByRole('button', { name: 'Test the rules' }).click();
    await outcome.getByText(`No rule matches issue #${issueIds.page}`).waitFor();
    await editor.fill('path:billing/** #billing\npath:**/page.js #checkout');
    await section.getByRole('button', { name: 'Test the rules' }).click();
    await outcome.getByText('owned by #checkout: /srv/shop/page.js matched `path:**/page.js`').waitFor();
    await section.getByLabel('or its id or link').fill('not an issue');
    await section.getByRole('button', { name: 'Test the rules' }).click();
    await section.getByText('“not an issue” is not an issue id').waitFor();
    await section.getByLabel('or its id or link').fill('');
    expect(((await api('GET', ownershipUrl())).body as { rules: string }).rules).toBe(
      'path:billing/** #billing',
    );
    await expectNothingUnsafe();

    await section.getByRole('button', { name: 'Save rules' }).click();
    await section.getByText('Rules saved.').waitFor();
    expect(((await api('GET', ownershipUrl())).body as { rules: string }).rules).toBe(
      'path:billing/** #billing\npath:**/page.js #checkout',
    );
    await section.scrollIntoViewIfNeeded();
    await screenshotBothSizes(page, `${dialect}-ownership-settings`);
  }, 90_000);

  it('imports CODEOWNERS from GitHub, refreshes it, maps its handles, and refuses a bad pasted file', async () => {
    await api('PUT', `/api/v1/projects/${vigie.projectId}/github`, {
      apiBaseUrl: github.url,
      repository: 'acme/shop',
      token: GITHUB_TOKEN,
    });
    github.files.set('acme/shop:.github/CODEOWNERS', '/srv/shop/billing/ @acme/billing\n');
    // The same URL as the last test's: load the page again, as a person would after setting up GitHub.
    await page.goto(`${vigie.baseUrl}/projects/${vigie.projectId}/settings#ownership`);
    await page.reload();
    const panel = page.locator('.ownership-codeowners');
    await panel.getByText('No CODEOWNERS file imported.').waitFor();

    // Pasted with a pattern GitHub does not support: refused with its line and column.
    await panel.getByLabel('CODEOWNERS file').fill('*.js @ana\n!*.test.js @ana\n');
    await panel.getByRole('button', { name: 'Import' }).click();
    await panel.getByText('Nothing was imported: these lines cannot be read.').waitFor();
    expect(await text(panel.locator('.ownership-problems li'))).toBe(
      'CODEOWNERS line 2, column 1: expected a path pattern (CODEOWNERS has no ! or [ ] patterns)',
    );

    await panel.getByRole('radio', { name: 'Read it from GitHub' }).check();
    await panel.getByLabel('Path in acme/shop').waitFor();
    await panel.getByRole('button', { name: 'Import' }).click();
    await panel.getByText('1 rule from acme/shop:.github/CODEOWNERS').waitFor();
    const handles = panel.locator('.handle-mapping');
    expect(await text(handles.locator('tbody tr td.mono'))).toBe('@acme/billing unmapped');

    github.files.set('acme/shop:.github/CODEOWNERS', '/srv/shop/billing/ @acme/billing\n*.py @ana\n');
    await panel.getByRole('button', { name: 'Refresh from GitHub' }).click();
    await panel.getByText('2 rules from acme/shop:.github/CODEOWNERS').waitFor();
    expect(github.fileRequests.filter((p) => p === '.github/CODEOWNERS').length).toBeGreaterThanOrEqual(2);
    await handles.locator('tbody tr').nth(1).waitFor();
    expect(await handles.locator('tbody tr td.mono').allTextContents()).toEqual([
      '@acme/billing unmapped',
      '@ana unmapped',
    ]);

    await handles.getByLabel('@acme/billing is').selectOption('team:billing');
    await handles.getByRole('button', { name: 'Save the mapping' }).click();
    await handles.getByText('Mapping saved.').waitFor();
    await eventually(async () =>
      (await handles.locator('tbody tr td.mono').allTextContents()).join('|') ===
      '@acme/billing|@ana unmapped'
        ? true
        : undefined,
    );
    expect(await handles.getByLabel('@acme/billing is').inputValue()).toBe('team:billing');
    const saved = (await api('GET', ownershipUrl())).body as {
      handles: { handle: string; team: { slug: string } | null }[];
      unmappedHandles: string[];
      rules: string;
    };
    expect(saved.handles).toEqual([
      expect.objectContaining({
        handle: '@acme/billing',
        team: expect.objectContaining({ slug: 'billing' }),
      }),
    ]);
    expect(saved.unmappedHandles).toEqual(['@ana']);
    // Kept apart from the hand-written rules.
    expect(saved.rules).toBe('path:billing/** #billing\npath:**/page.js #checkout');
    await expectNothingUnsafe();
    await panel.scrollIntoViewIfNeeded();
    await screenshotBothSizes(page, `${dialect}-ownership-codeowners`);
  }, 90_000);

  it('shows the suggested owner on the issue page, assigns it in one click, and a proposes it first', async () => {
    await runJob();
    await page.goto(`${vigie.baseUrl}/issues/${issueIds.page}`);
    const owners = page.locator('.issue-owners');
    await owners.waitFor();
    expect(await text(owners)).toBe(
      'Suggested owner owned by #checkout: /srv/shop/page.js matched `path:**/page.js` Assign to #checkout',
    );
    await page.keyboard.press('a');
    const items = page.getByRole('menu', { name: 'Assign' }).getByRole('menuitem');
    await items.first().filter({ hasText: '#checkout (suggested)' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('menu', { name: 'Assign' }).waitFor({ state: 'detached' });

    await owners.getByRole('button', { name: 'Assign to #checkout' }).click();
    await page.locator('.triage-outcome').getByText('Assign to #checkout: done.').waitFor();
    await page.locator('.issue-head .assignee', { hasText: '#checkout' }).waitFor();
    await owners.getByText('· assigned').waitFor();
    await page
      .locator('.activity-entry', { hasText: 'owner@example.com assigned it to #checkout' })
      .waitFor();
    await expectNothingUnsafe();
    await screenshotBothSizes(page, `${dialect}-ownership-issue`);
  }, 90_000);

  it('auto-assign mode: a new issue is assigned by the rule, and its activity says so', async () => {
    await page.goto(`${vigie.baseUrl}/projects/${vigie.projectId}/settings#ownership`);
    const section = page.locator('#ownership');
    await section.getByRole('radio', { name: /^Auto-assign/ }).check();
    await section.getByText('Mode saved: auto-assign.').waitFor();
    expect(((await api('GET', ownershipUrl())).body as { mode: string }).mode).toBe('auto');

    await sendEvents(vigie, vigie.projectId, new URL(vigie.dsn).username, [
      errorEvent({
        type: 'TypeError',
        value: 'refund failed',
        fn: 'refund',
        file: '/srv/shop/billing/refund.js',
      }),
    ]);
    await runJob();
    const listed = await api(
      'GET',
      `/api/v1/projects/${vigie.projectId}/issues?query=${encodeURIComponent('refund failed')}`,
    );
    const [refund] = (listed.body as { issues: { id: number }[] }).issues;
    await page.goto(`${vigie.baseUrl}/issues/${refund!.id}`);
    await page.locator('.issue-head .assignee', { hasText: '#billing' }).waitFor();
    const entry = page.locator('.activity-entry.activity-assign');
    await entry.first().waitFor();
    expect(await text(entry.locator('.activity-what'))).toBe(
      'Assigned to #billing by ownership rule `path:billing/**`',
    );
    expect(await text(page.locator('.issue-owners'))).not.toContain('Assign to');
    await expectNothingUnsafe();
  }, 90_000);
});
