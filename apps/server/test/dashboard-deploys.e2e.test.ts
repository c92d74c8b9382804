// Deploys on every graph of the dashboard, in real Chromium: deploys recorded through the API show on the
// projects page's sparklines (each project its own, only those of the 24 hours drawn, the latest one a link
// to its release), on the issue stream's sparklines (24 hours or 14 days), on the CSP violations'
// sparklines, and on the issue page's and the releases page's charts, where each marker is a link named
// in words whose tooltip shows on hover and on keyboard focus. The release page's comparison reads whole
// at 390 px. Nothing injected; axe finds nothing serious; screenshots at both sizes.

import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject } from '../src/projects/project.repository.ts';
import { setMember } from '../src/teams/members.repository.ts';
import { addUser, type TestUser } from './auth-fixtures.ts';
import { type RunningVigie, startVigie } from './support/app.ts';
import {
  dashboardBrowser,
  type PageWatch,
  screenshotBothSizes,
  seriousAxeViolations,
  signedInPage,
  signsOfInjection,
  VIEWPORTS,
} from './support/browser.ts';
import { testDialects } from './support/databases.ts';
import { envelopeOf, errorEvent } from './support/events.ts';

const PASSWORD = 'a long enough password';
const HOUR = 3_600_000;
const browser = dashboardBrowser();
/** As long as the page's own waits: the deploys arrive after the graph they mark. */
const POLL = { timeout: 10_000 };
/** A release name a page must show as text. */
const HOSTILE_RELEASE = 'shop@<img src=x onerror=alert(1)>';

describe.each(testDialects)('deploy markers on every graph on %s', (dialect) => {
  let vigie: RunningVigie;
  let member: TestUser;
  let blog: number;
  let context: BrowserContext;
  let page: Page;
  let watch: PageWatch;
  const now = Date.now();
  const ago = (hours: number) => new Date(now - hours * HOUR).toISOString();

  const send = async (event: Record<string, unknown>) => {
    const key = new URL(vigie.dsn).username;
    const r = await vigie.fetch(`/api/${vigie.projectId}/envelope/?sentry_key=${key}`, {
      method: 'POST',
      body: envelopeOf(event),
    });
    expect(r.status, await r.clone().text()).toBe(200);
  };
  const deploy = async (projectId: number, body: Record<string, unknown>) => {
    const r = await vigie.fetch(`/api/v1/projects/${projectId}/deploys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${vigie.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(r.status, await r.clone().text()).toBe(201);
  };
  const cspReport = async () => {
    const key = new URL(vigie.dsn).username;
    const r = await vigie.fetch(`/api/${vigie.projectId}/csp-report/?sentry_key=${key}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/csp-report',
        'user-agent':
          'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
      },
      body: JSON.stringify({
        'csp-report': {
          'document-uri': 'https://shop.example/cart',
          'effective-directive': 'script-src-elem',
          'blocked-uri': 'https://cdn.vendor.example/lib.js',
          'original-policy': "default-src 'self'; report-uri /csp",
          disposition: 'report',
        },
      }),
    });
    expect(r.status).toBeLessThan(300);
  };

  beforeAll(async () => {
    vigie = await startVigie(dialect, {}, { listen: true });
    const { db } = vigie.app.vigie.database;
    member = await addUser(vigie.app.vigie.database, {
      email: 'dana@example.com',
      password: PASSWORD,
      role: 'member',
      projectId: vigie.projectId,
    });
    blog = (await createProject(db, 'Blog')).id;
    await setMember(db, blog, { userId: member.id }, 'member');
    for (const [release, hours] of [
      ['shop@1', 80],
      ['shop@2', 5],
      ['shop@2', 2],
      [HOSTILE_RELEASE, 1],
    ] as const) {
      await send(errorEvent({ release, timestamp: now - hours * HOUR }));
    }
    // In the stream's 14 days and the charts' 7 days, not in the 24 hours of the sparklines.
    await deploy(vigie.projectId, { release: 'shop@1', environment: 'production', finishedAt: ago(72) });
    await deploy(vigie.projectId, {
      release: 'shop@2',
      environment: 'production',
      strategy: 'rolling',
      finishedAt: ago(4),
    });
    await deploy(vigie.projectId, { release: HOSTILE_RELEASE, environment: 'staging', finishedAt: ago(1.5) });
    await deploy(blog, { release: 'blog@7', environment: 'production', finishedAt: ago(3) });
    await cspReport();

    ({ context, page, watch } = await signedInPage(browser(), vigie.baseUrl, member.email, PASSWORD));
  }, 120_000);
  afterAll(async () => {
    await context?.close();
    await vigie?.stop();
  });

  const main = () => page.locator('main');
  const card = (name: string) =>
    main()
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { level: 2, name }) });
  /** The accessible name the focused element was given, if any. */
  const focusedName = () =>
    page.evaluate<string>(
      'document.activeElement.getAttribute("aria-label") ?? document.activeElement.outerHTML',
    );
  /** The tooltip of a chart's deploy marker: shown on hover and focus only. */
  const tip = (marker: Locator) => marker.locator('.deploy-tip');

  it("marks each project's deploys of the last 24 hours on its sparkline, the latest a link", async () => {
    const shop = card('Default');
    const sparkline = shop.getByRole('img', { name: /events in the last 24 hours/ });
    await expect
      .poll(() => sparkline.getAttribute('aria-label'), POLL)
      .toMatch(/2 deploys: shop@2 to production [^;]+; shop@<img src=x onerror=alert\(1\)> to staging /);
    // One tick per deploy, each with its words on hover; the 72-hour-old one and the blog's are not here.
    await shop.getByTitle(/^shop@2 deployed to production \(rolling\), /).waitFor();
    await expect.poll(() => shop.getByTitle(/deployed to/).count(), POLL).toBe(2);
    await expect.poll(() => shop.getByTitle(/^(shop@1|blog@7) deployed/).count(), POLL).toBe(0);
    await card('Blog')
      .getByTitle(/^blog@7 deployed to production, /)
      .waitFor();
    await expect(
      card('Blog')
        .getByTitle(/deployed to/)
        .count(),
    ).resolves.toBe(1);
    // The latest deploy in words, its release a link (the release's name is text, not markup).
    await expect(shop.getByText(/to staging, .+ ago/).textContent()).resolves.toMatch(
      /^▲ shop@<img src=x onerror=alert\(1\)> to staging, 1 h ago \(\+1 more\)$/,
    );
    await screenshotBothSizes(page, 'deploys-projects');
    expect(await signsOfInjection(page, watch)).toEqual([]);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await shop.getByRole('link', { name: HOSTILE_RELEASE }).click();
    await page.getByRole('heading', { level: 1, name: /shop@<img/ }).waitFor();
    expect(await signsOfInjection(page, watch)).toEqual([]);
  });

  it("marks the project's deploys on the stream's sparklines, over 24 hours or 14 days", async () => {
    await page.goto(`${vigie.baseUrl}/projects/${vigie.projectId}/issues?query=`);
    const row = main().getByRole('row').filter({ hasText: 'TypeError' }).first();
    const sparkline = row.getByRole('img', { name: /in the last 24 hours/ });
    await expect
      .poll(() => sparkline.getAttribute('aria-label'), POLL)
      .toMatch(/; busiest hour: \d+\. 2 deploys: /);
    await expect.poll(() => row.getByTitle(/deployed to/).count(), POLL).toBe(2);
    await page.getByRole('button', { name: '14 days' }).click();
    const fortnight = row.getByRole('img', { name: /in the last 14 days/ });
    await expect
      .poll(() => fortnight.getAttribute('aria-label'), POLL)
      .toMatch(/3 deploys: shop@1 to production /);
    await expect.poll(() => row.getByTitle(/deployed to/).count(), POLL).toBe(3);
    await expect.poll(() => row.getByTitle(/^blog@7/).count(), POLL).toBe(0);
    await screenshotBothSizes(page, 'deploys-stream');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it("draws each deploy on the issue page's chart as a link whose words show on keyboard focus and hover", async () => {
    await page.goto(`${vigie.baseUrl}/projects/${vigie.projectId}/issues?query=`);
    await main().getByRole('row').filter({ hasText: 'TypeError' }).first().getByRole('link').first().click();
    await page.getByRole('heading', { name: 'Occurrences' }).waitFor();
    await page.getByRole('button', { name: '7 days' }).click();
    const markers = main().getByRole('link', { name: / deployed to / });
    await markers.nth(2).waitFor();
    // The 168 hours' table for screen readers stays out of the layout: the page ends where its content does.
    await expect(
      page.evaluate('document.documentElement.scrollHeight - document.querySelector("main").scrollHeight'),
    ).resolves.toBeLessThan(200);
    await expect(
      markers.evaluateAll((links) => links.map((l) => l.getAttribute('aria-label'))),
    ).resolves.toEqual([
      expect.stringMatching(/^shop@1 deployed to production, /),
      expect.stringMatching(/^shop@2 deployed to production \(rolling\), /),
      expect.stringMatching(/^shop@<img src=x onerror=alert\(1\)> deployed to staging, /),
    ]);
    const shop2 = markers.nth(1);
    await expect(tip(shop2).isVisible()).resolves.toBe(false);
    // From the last range button, Tab reaches the first deploy, then the next.
    const tabToShop2 = async () => {
      await page.getByRole('button', { name: 'Range…' }).focus();
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await expect(focusedName()).resolves.toMatch(/^shop@2 /);
    };
    await tabToShop2();
    await tip(shop2).waitFor({ state: 'visible' });
    // The tooltip says what the link's name says.
    await expect(tip(shop2).textContent()).resolves.toBe(await shop2.getAttribute('aria-label'));
    await expect(tip(shop2).textContent()).resolves.toMatch(
      /^shop@2 deployed to production \(rolling\), \d+ \w+ \d{4}, [\d:]+ \w+$/,
    );
    await page.keyboard.press('Tab');
    await expect(focusedName()).resolves.toMatch(/^shop@<img src=x onerror=alert\(1\)> /);
    await expect(tip(shop2).isVisible()).resolves.toBe(false);
    await markers.nth(0).hover();
    await tip(markers.nth(0)).waitFor({ state: 'visible' });
    expect(await signsOfInjection(page, watch)).toEqual([]);
    expect(await seriousAxeViolations(page)).toEqual([]);
    // The screenshots with the tooltip of the deploy in focus; then Enter opens its release.
    await tabToShop2();
    await screenshotBothSizes(page, 'deploys-issue');
    await tabToShop2();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: /shop@2/ }).waitFor();
  });

  it("draws the deploys on the releases page's chart the same way", async () => {
    await page.goto(`${vigie.baseUrl}/projects/${vigie.projectId}/releases?period=7d`);
    const graph = main().getByRole('region', { name: 'Events, releases and deploys' });
    const markers = graph.getByRole('link', { name: / deployed to / });
    await markers.nth(2).waitFor();
    await expect.poll(() => markers.count(), POLL).toBe(3);
    await markers.nth(1).hover();
    await tip(markers.nth(1)).waitFor({ state: 'visible' });
    await expect(tip(markers.nth(1)).textContent()).resolves.toMatch(
      /^shop@2 deployed to production \(rolling\),/,
    );
    await screenshotBothSizes(page, 'deploys-releases');
    expect(await signsOfInjection(page, watch)).toEqual([]);
  });

  it("marks the project's deploys on the CSP violations' sparklines", async () => {
    await page.goto(`${vigie.baseUrl}/projects/${vigie.projectId}/csp`);
    const violations = main().getByRole('region', { name: /Reported violations/ });
    const sparkline = violations.getByRole('img', { name: /in the last 24 hours/ });
    await expect
      .poll(() => sparkline.getAttribute('aria-label'), POLL)
      .toMatch(/^1 event in the last 24 hours; .+\. 2 deploys: /);
    await expect.poll(() => violations.getByTitle(/deployed to/).count(), POLL).toBe(2);
    await screenshotBothSizes(page, 'deploys-csp');
  });

  it('shows the release page’s comparison whole at 390 px, stacked by figure', async () => {
    await page.goto(`${vigie.baseUrl}/projects/${vigie.projectId}/releases/shop@2?period=7d`);
    const compare = main().getByRole('region', { name: 'Compared with the release before it' });
    await compare.getByRole('columnheader', { name: 'Change' }).waitFor();
    await page.setViewportSize(VIEWPORTS.phone);
    // Still a table to assistive technology, with its headers and cells.
    await expect(compare.getByRole('columnheader').allTextContents()).resolves.toEqual([
      'Over the last 7 days',
      'shop@2',
      'shop@1',
      'Change',
    ]);
    const errors = compare.getByRole('row').filter({ hasText: 'Error events' });
    await expect(errors.getByRole('cell').allTextContents()).resolves.toEqual(['2', '1', '+1']);
    // Every header and cell lies inside the panel, none cut by its right edge or scrolled out of sight.
    const panel = (await compare.boundingBox())!;
    expect(panel.x + panel.width).toBeLessThanOrEqual(VIEWPORTS.phone.width);
    const boxes = await compare
      .locator('th, td')
      .evaluateAll((cells) => cells.map((c) => c.getBoundingClientRect().right));
    expect(boxes.length).toBeGreaterThan(8);
    for (const right of boxes) expect(right).toBeLessThanOrEqual(panel.x + panel.width);
    await page.setViewportSize(VIEWPORTS.desktop);
    await screenshotBothSizes(page, 'deploys-release');
    await page.setViewportSize(VIEWPORTS.phone);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.setViewportSize(VIEWPORTS.desktop);
  });
});
