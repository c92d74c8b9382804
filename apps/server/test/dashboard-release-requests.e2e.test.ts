// A release page in real Chromium for an app that only traces (no sessions): the comparison shows requests and
// errors per request instead of session figures, and the gate's verdict shows the requests it rested on, the
// transactions and their sample rate. Nothing injected; axe finds nothing serious; screenshots at both sizes.

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
import {
  envelopeOf,
  errorEvent,
  postEnvelope,
  transactionEnvelope,
  transactionEvent,
} from './support/events.ts';

const PASSWORD = 'a long enough password';
const MINUTE = 60_000;
const browser = dashboardBrowser();

describe.each(testDialects)('a release page judged per request on %s', (dialect) => {
  let vigie: RunningVigie;
  let member: TestUser;
  let context: BrowserContext;
  let page: Page;
  let watch: PageWatch;
  const now = Date.now();

  const send = (body: string) => postEnvelope(vigie, body);
  const traffic = async (release: string, at: number, errors: number) => {
    for (let i = 0; i < 8; i++) {
      const batch = Array.from({ length: 50 }, () => transactionEvent({ release, timestamp: at }));
      await send(transactionEnvelope(batch, '0.5'));
    }
    for (let i = 0; i < errors; i++) {
      await send(
        envelopeOf(
          errorEvent({
            release,
            type: 'TypeError',
            value: 'total is <b>NaN</b>',
            fn: 'checkoutTotal',
            timestamp: at,
          }),
        ),
      );
    }
  };

  beforeAll(async () => {
    vigie = await startVigie(dialect, {}, { listen: true });
    member = await addUser(vigie.app.vigie.database, {
      email: 'rita@example.com',
      password: PASSWORD,
      role: 'member',
      projectId: vigie.projectId,
    });
    // 400 transactions traced at 50% each: 800 requests; api@1 errs on 1%, api@2 on 30%.
    await traffic('api@1', now - 20 * MINUTE, 8);
    await traffic('api@2', now - 5 * MINUTE, 240);
    const gate = await vigie.fetch(
      `/api/v1/projects/${vigie.projectId}/gate?release=api@2&baseline=api@1&environment=production&source=argo`,
      { headers: { authorization: `Bearer ${vigie.token}` } },
    );
    expect(((await gate.json()) as { verdict: string }).verdict).toBe('fail');

    ({ context, page, watch } = await signedInPage(browser(), vigie.baseUrl, member.email, PASSWORD));
  }, 120_000);
  afterAll(async () => {
    await context?.close();
    await vigie?.stop();
  });

  const main = () => page.locator('main');

  it('compares requests and errors per request, and shows the verdict’s requests', async () => {
    await page.goto(`${vigie.baseUrl}/projects/${vigie.projectId}/releases/api@2`);
    await page.getByRole('heading', { level: 1, name: /api@2/ }).waitFor();
    const compare = main().getByRole('region', { name: 'Compared with the release before it' });
    await compare.getByRole('columnheader', { name: 'Change' }).waitFor();
    const rows = await compare.getByRole('rowheader').allTextContents();
    expect(rows).toEqual(['Requests', 'Errors per request', 'Error events', 'New issues', 'Regressions']);
    const perRequest = compare.getByRole('row').filter({ hasText: 'Errors per request' });
    await expect(perRequest.getByRole('cell').allTextContents()).resolves.toEqual([
      '0.300',
      '0.010',
      '+0.290',
    ]);
    const requests = compare.getByRole('row').filter({ hasText: 'Requests' });
    await expect(requests.getByRole('cell').allTextContents()).resolves.toEqual(['800', '800', 'same']);

    const verdict = main().getByRole('region', { name: 'Gate verdicts' }).getByRole('listitem').first();
    await verdict.getByText('fail', { exact: true }).waitFor();
    await verdict.getByText('The numbers and why').click();
    const numbers = verdict.getByRole('table');
    await expect(numbers.getByRole('rowheader').allTextContents()).resolves.toEqual([
      'Requests',
      'Error events',
      'Errors per request',
    ]);
    const requestRow = numbers.getByRole('row').filter({ hasText: 'Requests' });
    await expect(requestRow.getByRole('cell').allTextContents()).resolves.toEqual([
      '≈800400 traced at 0.5',
      '≈800400 traced at 0.5',
    ]);
    await compare.getByText('Requests are estimated from traced transactions').waitFor();
    await verdict
      .getByText(/^Neither side sent sessions in the window, so errors are judged per request/)
      .waitFor();
    await verdict.getByText(/^Errors per request: 0\.300 against 0\.010 .*Fail\.$/).waitFor();
    await screenshotBothSizes(page, 'release-per-request');
    expect(await signsOfInjection(page, watch)).toEqual([]);
    expect(await seriousAxeViolations(page), 'light').toEqual([]);
  });
});
