// Ownership in the dashboard, in real Chromium: the stream shows each unassigned issue's suggested owner
// (with the rule and what it matched on hover), and `a` in keyboard triage proposes it first, so that
// Enter assigns the issue to it. On SQLite and PostgreSQL.

import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOwnershipJob } from '../src/ownership/ownership-job.ts';
import { setMember } from '../src/teams/members.repository.ts';
import { createTeam } from '../src/teams/teams.repository.ts';
import { addUser } from './auth-fixtures.ts';
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

const browser = dashboardBrowser();

describe.each(testDialects)('suggested owners in the dashboard on %s', (dialect) => {
  let vigie: RunningVigie;
  let context: BrowserContext;
  let page: Page;
  let watch: PageWatch;

  beforeAll(async () => {
    vigie = await startVigie(dialect, {}, { listen: true });
    const { db } = vigie.app.vigie.database;
    await addUser(vigie.app.vigie.database, {
      email: 'owner@example.com',
      password: PASSWORD,
      isAdmin: true,
    });
    const billing = await createTeam(db, 'Billing', 'billing');
    await setMember(db, vigie.projectId, { teamId: billing.id }, 'member');
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
  });

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
});
