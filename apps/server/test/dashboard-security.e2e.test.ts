// Every page of the dashboard, in real Chromium, over data an attacker wrote: events whose message,
// exception, tags, user, breadcrumbs, request, contexts and frames hold HTML, scripts and
// `javascript:` URLs, and names of people, teams and tokens that do too. On each page (as it lands in
// apps/web/src/router.tsx) nothing of it may run or be requested, no element may be injected and no
// CSP violation happen; axe-core finds no serious or critical violation in the light or the dark theme.

import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/auth/password.ts';
import { createToken } from '../src/auth/token.repository.ts';
import { createUser } from '../src/auth/users.repository.ts';
import { setupUrlIfNoAccount } from '../src/projects/first-run.ts';
import { setMember } from '../src/teams/members.repository.ts';
import { call } from './auth-fixtures.ts';
import {
  HOSTILE_MESSAGE,
  HOSTILE_VALUE,
  hostileEventEverywhere,
  PAYLOAD_HOST,
} from './dashboard-payloads.ts';
import { type RunningVigie, startVigie, TEST_PASSWORD_HASH_COST } from './support/app.ts';
import {
  appRoutes,
  dashboardBrowser,
  type PageWatch,
  screenshotBothSizes,
  seriousAxeViolations,
  signsOfInjection,
  watchPage,
} from './support/browser.ts';
import { testDialects } from './support/databases.ts';
import { errorEvent, sendEvents } from './support/events.ts';

const img = (n: number) =>
  `<img src="http://${PAYLOAD_HOST}/n${n}" onerror="window.__pwned='n${n}';alert('n${n}')">`;
/** Names people and teams gave themselves: shown by the settings, rotation and activity pages. */
const NAMES = {
  owner: `Olive ${img(1)}`,
  support: `Sam "><svg onload="alert('n2')"></svg>`,
  team: `Backend ${img(3)}`,
  token: `deploy <script>window.__pwned='n4'</script>`,
  comment: `looked at it ${img(5)} javascript:alert('n6')`,
};
const OWNER = { email: 'olive@example.com', password: 'a long enough password' };

const browser = dashboardBrowser();

describe.each(testDialects)('the dashboard over hostile data on %s', (dialect) => {
  let vigie: RunningVigie;
  let context: BrowserContext;
  let page: Page;
  let watch: PageWatch;
  let setupUrl: string;
  let hostileIssue: number;

  const admin = (method: string, url: string, body?: unknown) =>
    call(vigie, method, url, { bearer: vigie.token, ...(body === undefined ? {} : { body }) });

  beforeAll(async () => {
    vigie = await startVigie(dialect, { VIGIE_SECRET_KEY: 'c3'.repeat(32) }, { listen: true });
    setupUrl = (await setupUrlIfNoAccount(vigie.app.vigie.database.db, vigie.baseUrl))!;
    const { db } = vigie.app.vigie.database;
    const dsnKey = new URL(vigie.dsn).username;
    await sendEvents(vigie, vigie.projectId, dsnKey, [
      hostileEventEverywhere(),
      errorEvent({
        type: 'RangeError',
        value: 'Invalid array length',
        fn: 'paginate',
        file: '/srv/lib/page.js',
      }),
    ]);
    const issues = await vigie.api<{ issues: Array<{ id: number; title: string }> }>(
      `/api/v1/projects/${vigie.projectId}/issues?query=`,
    );
    hostileIssue = issues.issues.find((i) => i.title.startsWith('TypeError'))!.id;

    // People, a team, a token and a comment named by someone hostile.
    const owner = await createUser(db, {
      email: OWNER.email,
      name: NAMES.owner,
      passwordHash: await hashPassword(OWNER.password, TEST_PASSWORD_HASH_COST),
      isAdmin: true,
    });
    const support = await createUser(db, {
      email: 'sam@example.com',
      name: NAMES.support,
      passwordHash: null,
      isAdmin: false,
    });
    await setMember(db, vigie.projectId, { userId: owner.id }, 'owner');
    await setMember(db, vigie.projectId, { userId: support.id }, 'member');
    await createToken(db, { name: NAMES.token, scopes: ['read'], userId: owner.id });
    for (const [method, url, body] of [
      ['POST', '/api/v1/teams', { name: NAMES.team, slug: 'backend' }],
      ['POST', '/api/v1/teams/backend/members', { userId: owner.id }],
      ['PUT', `/api/v1/projects/${vigie.projectId}/rotation`, { userIds: [owner.id, support.id] }],
      ['POST', `/api/v1/issues/${hostileIssue}/comments`, { text: NAMES.comment }],
    ] as const) {
      const answer = await admin(method, url, body);
      expect(answer.status, `${method} ${url}: ${answer.text}`).toBeLessThan(300);
    }

    context = await browser().newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    watch = await watchPage(page, vigie.baseUrl);
  });
  afterAll(async () => {
    await context?.close();
    await vigie?.stop();
  });

  /** Nothing ran, and axe finds nothing serious in either theme; then the page's screenshots. */
  async function expectSafeInBothThemes(name: string): Promise<void> {
    // Whatever the page loads lazily (charts, code blocks) has loaded.
    await page.waitForLoadState('networkidle');
    expect(await signsOfInjection(page, watch)).toEqual([]);
    expect(await seriousAxeViolations(page), `${name}, light`).toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    try {
      expect(await seriousAxeViolations(page), `${name}, dark`).toEqual([]);
    } finally {
      await page.emulateMedia({ colorScheme: 'light' });
    }
    await screenshotBothSizes(page, `security-${dialect}-${name}`);
    expect(await signsOfInjection(page, watch)).toEqual([]);
  }

  const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name });
  const main = () => page.locator('main');

  it('the setup and login pages', async () => {
    await page.goto(`${vigie.baseUrl}/login`);
    await heading('Log in to Vigie').waitFor();
    await expectSafeInBothThemes('login');
    await page.goto(setupUrl);
    await heading(/^(Create the owner account|This setup link no longer works)$/).waitFor();
    await expectSafeInBothThemes('setup');

    await page.goto(`${vigie.baseUrl}/login`);
    await page.getByLabel('Email').fill(OWNER.email);
    await page.getByLabel('Password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await heading('Projects').waitFor();
  });

  it('the projects page', async () => {
    await page.goto(`${vigie.baseUrl}/`);
    await heading('Projects').waitFor();
    await page.getByRole('link', { name: 'Default' }).first().waitFor();
    await expectSafeInBothThemes('projects');
  });

  it('the stream and its assign menu', async () => {
    await page.goto(`${vigie.baseUrl}/projects/${vigie.projectId}/issues?query=`);
    await page.getByText(`TypeError: ${HOSTILE_VALUE}`).waitFor();
    await expectSafeInBothThemes('stream');
    await page.keyboard.press('j');
    await page.keyboard.press('a');
    await page.getByRole('menu', { name: 'Assign' }).waitFor();
    await expectSafeInBothThemes('stream-assign-menu');
    await page.keyboard.press('Escape');
  });

  it('the issue page: the event, its tags and the activity', async () => {
    await page.goto(`${vigie.baseUrl}/issues/${hostileIssue}`);
    await heading(`TypeError: ${HOSTILE_VALUE}`).waitFor();
    await main().getByText(HOSTILE_MESSAGE).first().waitFor();
    await main().getByText(NAMES.comment).waitFor();
    await expectSafeInBothThemes('issue');
    await main().getByText('Raw JSON of the event').click();
    await main().locator('.raw-json pre').waitFor();
    await expectSafeInBothThemes('issue-raw-json');
    // Two pages' worth of axe runs and screenshots: more than the default 30 s on a busy machine.
  }, 90_000);

  // The pages below come as they land in the router: each checks over the same hostile data.
  const routed = new Set(appRoutes());
  const visit = (url: string) => () => page.goto(`${vigie.baseUrl}${url}`).then(() => undefined);
  const laterPages: Array<{ route: string; name: string; open: () => Promise<void>; shows?: string }> = [
    {
      route: '/customers',
      name: 'customers',
      open: visit('/customers?query=mallory%40example.com'),
      shows: 'mallory@example.com',
    },
    {
      route: '/customers/$key',
      name: 'customer',
      open: async () => {
        await visit('/customers?query=mallory%40example.com')();
        await main().getByRole('link').filter({ hasText: 'mallory@example.com' }).first().click();
      },
      shows: 'TypeError',
    },
    {
      route: '/projects/$projectId/triage',
      name: 'triage',
      open: () => visit(`/projects/${vigie.projectId}/triage`)(),
    },
    {
      route: '/projects/$projectId/settings',
      name: 'project-settings',
      open: () => visit(`/projects/${vigie.projectId}/settings`)(),
    },
    {
      route: '/projects/$projectId/alerts',
      name: 'alerts',
      // The outbox read into alerts: the hostile issues fired the default "new issue" rule.
      open: async () => {
        await vigie.app.vigie.jobs.runNow('alert-delivery');
        await visit(`/projects/${vigie.projectId}/alerts`)();
      },
      shows: 'A new issue',
    },
    {
      route: '/projects/$projectId/settings/alerts',
      name: 'alert-settings',
      open: () => visit(`/projects/${vigie.projectId}/settings/alerts`)(),
      shows: 'New issues to Slack',
    },
    { route: '/settings', name: 'settings', open: visit('/settings') },
    { route: '/settings/teams', name: 'teams', open: visit('/settings/teams'), shows: 'backend' },
    { route: '/account', name: 'account', open: visit('/account') },
    { route: '/admin/users', name: 'admin-users', open: visit('/admin/users'), shows: 'sam@example.com' },
  ];
  for (const later of laterPages) {
    it.skipIf(!routed.has(later.route))(`the ${later.name} page`, async () => {
      await later.open();
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      if (later.shows) await main().getByText(later.shows).first().waitFor();
      await expectSafeInBothThemes(later.name);
    });
  }

  it('never requested the payloads’ host, from any page', () => {
    expect(watch.foreignRequests).toEqual([]);
    expect(watch.dialogs).toEqual([]);
  });
});
