// The releases pages in real Chromium: a member opens Releases from the project, reads each release's
// health (adoption, crash-free sessions and users, errors per session, new issues), sees the deploys on the
// events graph and the gate's verdicts beside the deploys (who asked, the numbers, the answer), then opens the
// bad release and reads it beside the release before it. Nothing injected; axe finds nothing serious;
// screenshots at both sizes.

import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, type TestUser } from './auth-fixtures.ts';
import { type RunningVigie, startVigie } from './support/app.ts';
import {
  dashboardBrowser,
  type PageWatch,
  screenshotBothSizes,
  seriousAxeViolations,
  signedInPage,
  signsOfInjection,
} from './support/browser.ts';
import { testDialects } from './support/databases.ts';
import { envelopeOf, errorEvent, postEnvelope } from './support/events.ts';

const PASSWORD = 'a long enough password';
const MINUTE = 60_000;
const browser = dashboardBrowser();

describe.each(testDialects)('the releases pages on %s', (dialect) => {
  let vigie: RunningVigie;
  let member: TestUser;
  let context: BrowserContext;
  let page: Page;
  let watch: PageWatch;
  const now = Date.now();

  const send = (body: string) => postEnvelope(vigie, body);
  const item = (type: string, payload: unknown) =>
    `${JSON.stringify({ sent_at: new Date().toISOString() })}\n${JSON.stringify({ type })}\n${JSON.stringify(payload)}\n`;
  const aggregates = (release: string, exited: number, errored: number) =>
    send(
      item('sessions', {
        aggregates: [{ started: new Date(now - 10 * MINUTE).toISOString(), exited, errored, crashed: 0 }],
        attrs: { release, environment: 'production' },
      }),
    );
  const api = async (method: string, path: string, body?: unknown) => {
    const r = await vigie.fetch(`/api/v1/projects/${vigie.projectId}${path}`, {
      method,
      headers: { authorization: `Bearer ${vigie.token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(r.status, await r.clone().text()).toBeLessThan(300);
  };

  beforeAll(async () => {
    vigie = await startVigie(dialect, {}, { listen: true });
    member = await addUser(vigie.app.vigie.database, {
      email: 'rita@example.com',
      password: PASSWORD,
      role: 'member',
      projectId: vigie.projectId,
    });
    await aggregates('shop@1', 950, 50);
    for (let i = 0; i < 20; i++)
      await send(
        envelopeOf(
          errorEvent({ release: 'shop@1', environment: 'production', timestamp: now - 20 * MINUTE }),
        ),
      );
    await aggregates('shop@2', 950, 50);
    for (let i = 0; i < 9; i++) {
      await send(
        item('session', {
          sid: randomUUID(),
          did: `user-${i}`,
          init: true,
          started: new Date(now - 9 * MINUTE).toISOString(),
          status: i === 0 ? 'crashed' : 'exited',
          errors: i === 0 ? 1 : 0,
          attrs: { release: 'shop@2', environment: 'production' },
        }),
      );
    }
    for (let i = 0; i < 20; i++)
      await send(
        envelopeOf(errorEvent({ release: 'shop@2', environment: 'production', timestamp: now - 4 * MINUTE })),
      );
    await aggregates('shop@3', 700, 300);
    for (let i = 0; i < 120; i++) {
      await send(
        envelopeOf(
          errorEvent({
            release: 'shop@3',
            environment: 'production',
            type: 'TypeError',
            value: 'total is <b>NaN</b>',
            fn: 'checkoutTotal',
            timestamp: now - 3 * MINUTE,
          }),
        ),
      );
    }
    await api('POST', '/deploys', {
      release: 'shop@2',
      environment: 'production',
      strategy: 'rolling',
      finishedAt: new Date(now - 30 * MINUTE).toISOString(),
    });
    await api('POST', '/deploys', {
      release: 'shop@3',
      environment: 'production',
      strategy: 'blue-green',
      url: 'https://ci.example.com/runs/7',
    });
    await api('GET', '/gate?release=shop@2&baseline=shop@1&environment=production&source=argo');
    await api('GET', '/gate?release=shop@3&baseline=shop@1&environment=production&source=cli');

    ({ context, page, watch } = await signedInPage(browser(), vigie.baseUrl, member.email, PASSWORD));
  }, 120_000);
  afterAll(async () => {
    await context?.close();
    await vigie?.stop();
  });

  const main = () => page.locator('main');

  it('lists the releases with their health, the deploys on the graph and the verdicts beside them', async () => {
    await page
      .getByRole('navigation', { name: 'Default views' })
      .getByRole('link', { name: 'Releases' })
      .click();
    await page.getByRole('heading', { level: 1, name: /Releases/ }).waitFor();
    const table = main().getByRole('table').first();
    await table.getByRole('link', { name: 'shop@3' }).waitFor();
    await expect(table.getByRole('columnheader').allTextContents()).resolves.toEqual([
      'Release',
      'Adoption',
      'Crash-free sessions',
      'Crash-free users',
      'Errors per session',
      'New issues',
      'Regressions',
      'Last deploy',
    ]);
    const shop2 = table
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: 'shop@2', exact: true }) });
    const cells = await shop2.getByRole('cell').allTextContents();
    expect(cells.slice(0, 5)).toEqual(['34%', '99.90% of 1,009', '88.89%', '0.020', '0']);
    expect(cells[6]).toMatch(/^production · rolling, .+ ago$/);
    // Deploy markers on the events graph, for both deploys.
    await expect(main().locator('.deploy-marker').count()).resolves.toBe(2);
    const verdicts = main().getByRole('region', { name: 'Gate verdicts' });
    await verdicts.getByText('fail', { exact: true }).waitFor();
    await verdicts.getByText('pass', { exact: true }).waitFor();
    await verdicts.getByText(/through vigie gate$/).waitFor();
    await verdicts.getByText(/through Argo Rollouts$/).waitFor();
    const deploys = main().getByRole('region', { name: 'Deploys' });
    await deploys.getByRole('link', { name: 'pipeline run' }).waitFor();
    await screenshotBothSizes(page, 'releases');
    expect(await signsOfInjection(page, watch)).toEqual([]);
    expect(await seriousAxeViolations(page), 'light').toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await seriousAxeViolations(page), 'dark').toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('shows the bad release beside the one before it, with its new issue and the failed verdict', async () => {
    await main().getByRole('table').first().getByRole('link', { name: 'shop@3' }).click();
    await page.getByRole('heading', { level: 1, name: /shop@3/ }).waitFor();
    const compare = main().getByRole('region', { name: 'Compared with the release before it' });
    await compare.getByRole('columnheader', { name: 'Change' }).waitFor();
    await expect(compare.getByRole('columnheader').allTextContents()).resolves.toEqual([
      'Over the last 7 days',
      'shop@3',
      'shop@2',
      'Change',
    ]);
    const errors = compare.getByRole('row').filter({ hasText: 'Errors per session' });
    await expect(errors.getByRole('cell').allTextContents()).resolves.toEqual(['0.120', '0.020', '+0.100']);
    // The event's title stays text.
    await main()
      .getByRole('region', { name: 'New issues' })
      .getByRole('link', { name: 'TypeError: total is <b>NaN</b>' })
      .waitFor();
    const verdict = main().getByRole('region', { name: 'Gate verdicts' }).getByRole('listitem').first();
    await verdict.getByText('fail', { exact: true }).waitFor();
    await verdict.getByText('The numbers and why').click();
    await verdict.getByText(/Sessions with errors: 30\.00% against 5\.00%/).waitFor();
    await screenshotBothSizes(page, 'release');
    expect(await signsOfInjection(page, watch)).toEqual([]);
    expect(await seriousAxeViolations(page), 'light').toEqual([]);
  });

  it("draws the deploys on the issue page's graph too", async () => {
    await main()
      .getByRole('region', { name: 'New issues' })
      .getByRole('link', { name: 'TypeError: total is <b>NaN</b>' })
      .click();
    await page.getByRole('heading', { name: 'Occurrences' }).waitFor();
    await main().locator('.deploy-marker').first().waitFor();
    await expect(main().locator('.deploy-marker').count()).resolves.toBe(2);
    await main()
      .getByText(/^shop@3 deployed to production /)
      .waitFor({ state: 'attached' });
    await screenshotBothSizes(page, 'issue-with-deploys');
  });
});
