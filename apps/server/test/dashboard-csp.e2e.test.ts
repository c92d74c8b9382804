// The CSP pages in real Chromium, as a team lead rolling out a policy goes through them: the reporting setup
// shows the header lines for the project's key; the builder shows what was reported (a hostile sample
// rendered as text), the proposal with each source's evidence, Accept/Reject, the draft edited by hand
// with its findings and replay updating, publishing as report-only, the versions, and an nginx export.
// Every page passes axe-core and is saved at 1280×800 and 390×844, light and dark, in screenshots/.

import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from './auth-fixtures.ts';
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

const OWNER = { email: 'lead@example.com', password: 'a long enough password' };
const SITE = 'https://shop.example';
const HOSTILE = '<img src=x onerror="window.__pwned=1">';

const browser = dashboardBrowser();

describe.each(testDialects)('the CSP pages on %s', (dialect) => {
  let vigie: RunningVigie;
  let context: BrowserContext;
  let page: Page;
  let watch: PageWatch;
  let key: string;

  const report = (path: string, directive: string, blocked: string, extra: Record<string, string> = {}) =>
    vigie.fetch(`/api/${vigie.projectId}/csp-report/?sentry_key=${key}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/csp-report',
        'user-agent': extra.firefox
          ? 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0'
          : 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
      },
      body: JSON.stringify({
        'csp-report': {
          'document-uri': `${SITE}${path}`,
          'effective-directive': directive,
          'blocked-uri': blocked,
          'original-policy': "default-src 'self'; report-uri /csp",
          disposition: 'report',
          ...extra,
        },
      }),
    });

  beforeAll(async () => {
    vigie = await startVigie(dialect, {}, { listen: true });
    key = new URL(vigie.dsn).username;
    await addUser(vigie.app.vigie.database, { ...OWNER, isAdmin: true });
    for (const path of ['/', '/products/1', '/products/2', '/cart']) {
      await report(path, 'script-src-elem', 'https://cdn.vendor.example/lib.js');
      await report(path, 'img-src', 'https://images.vendor.example/p.png');
    }
    await report('/products/3', 'script-src-elem', 'https://cdn.vendor.example/lib.js', { firefox: '1' });
    await report('/checkout', 'script-src-elem', 'http://ads.isp.example/inject.js');
    await report('/', 'script-src-elem', 'inline', { 'script-sample': HOSTILE });
    await report('/', 'script-src-elem', 'chrome-extension://abc/x.js');
    context = await browser().newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    watch = await watchPage(page, vigie.baseUrl);
    await page.goto(`${vigie.baseUrl}/login`);
    await page.getByLabel('Email').fill(OWNER.email);
    await page.getByLabel('Password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Projects' }).waitFor();
  });
  afterAll(async () => {
    await context?.close();
    await vigie?.stop();
  });

  it('shows the header lines to paste and the middleware option for the project’s key', async () => {
    await page.goto(`${vigie.baseUrl}/projects/${vigie.projectId}/settings/csp`);
    await page.getByRole('heading', { level: 1, name: /CSP reporting/ }).waitFor();
    // The endpoint is on the host DSNs name (the configured public URL).
    const { keys } = await vigie.api<{ keys: { dsn: string }[] }>(`/api/v1/projects/${vigie.projectId}/keys`);
    const origin = new URL(keys[0]!.dsn).origin;
    const endpoint = `${origin}/api/${vigie.projectId}/csp-report/?sentry_key=${key}`;
    await expect
      .poll(() => page.locator('#headers').textContent())
      .toContain(`Reporting-Endpoints: vigie="${endpoint}"`);
    const headers = await page.locator('#headers').textContent();
    expect(headers).toContain(
      `Content-Security-Policy-Report-Only: default-src 'self'; object-src 'none'; base-uri 'self'; report-uri ${endpoint}; report-to vigie`,
    );
    expect(headers).toContain(`${origin}/api/${vigie.projectId}/security/?sentry_key=${key}`);
    expect(await page.locator('#middleware').textContent()).toContain('livePolicy');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshotBothSizes(page, 'csp-settings');
  });

  it('builds a policy from the evidence, edits it by hand with live findings and replay, publishes it and exports it', async () => {
    await page.goto(`${vigie.baseUrl}/projects/${vigie.projectId}/csp`);
    await page.getByRole('heading', { level: 1, name: /Content Security Policy/ }).waitFor();
    // What was reported, the hostile sample shown as text; the extension's report counted as noise.
    const violations = page.locator('#violations');
    await violations.getByText('https://cdn.vendor.example').first().waitFor();
    expect(await violations.textContent()).toContain(`“${HOSTILE}”`);
    expect(await violations.textContent()).toContain('1 report set aside as noise');

    // The proposal: the CDN with its evidence, the lone injected host held back.
    const proposal = page.locator('#proposal');
    const cdn = proposal.getByRole('listitem').filter({ hasText: 'https://cdn.vendor.example' });
    await cdn.waitFor();
    expect(await cdn.textContent()).toMatch(
      /proposed[\s\S]*5 reports · 3 pages[\s\S]*Chrome 156, Firefox 140/,
    );
    const ads = proposal.getByRole('listitem').filter({ hasText: 'http://ads.isp.example' });
    expect(await ads.textContent()).toContain('held back');
    await ads.getByRole('button', { name: 'Reject' }).click();
    await expect.poll(() => ads.textContent()).toContain('rejected');

    // The draft starts as the proposal; the replay says it blocks the inline script and the rejected host.
    const draft = page.locator('#draft');
    const textarea = draft.getByRole('textbox', { name: 'Policy' });
    await expect.poll(() => textarea.inputValue()).toContain('https://cdn.vendor.example');
    await expect
      .poll(() => draft.textContent())
      .toMatch(/2 of the 11 reports of the last 7 days would be blocked/);
    // Removing the CDN by hand: the replay lists the pages it would break.
    await draft.getByRole('button', { name: 'Remove https://cdn.vendor.example from script-src' }).click();
    await expect.poll(() => draft.textContent()).toMatch(/7 of the 11 reports/);
    expect(await draft.getByRole('table', { name: 'What the draft would block' }).textContent()).toContain(
      '/products/:id',
    );
    // Adding it back by hand.
    await draft.getByRole('textbox', { name: 'Directive', exact: true }).fill('script-src');
    await draft.getByRole('textbox', { name: 'Source', exact: true }).fill('https://cdn.vendor.example');
    await draft.getByRole('button', { name: 'Add', exact: true }).click();
    await expect.poll(() => draft.textContent()).toMatch(/2 of the 11 reports/);
    expect(await draft.getByRole('list', { name: 'Findings' }).textContent()).toMatch(/\S/);
    await screenshotBothSizes(page, 'csp-builder');

    // Publishing the draft as report-only makes version 1, served to the middleware.
    await page.getByRole('button', { name: 'Publish the draft as report-only' }).click();
    await page.getByText('Published version 1.').waitFor();
    const live = await vigie.api<{ version: number; reportOnly: string; enforce: null }>(
      `/api/v1/projects/${vigie.projectId}/csp/policy`,
    );
    expect(live).toMatchObject({
      version: 1,
      enforce: null,
      reportOnly: expect.stringContaining('https://cdn.vendor.example'),
    });
    await page.locator('#published').getByText('Version 1, published by lead@example.com').waitFor();
    expect(await page.getByRole('table', { name: 'Published versions' }).textContent()).toMatch(
      /v1\s+report-only/,
    );

    // Rolling forward: version 1's policy enforced, the draft (now with fonts from the vendor) reported.
    await draft.getByRole('textbox', { name: 'Directive', exact: true }).fill('font-src');
    await draft.getByRole('textbox', { name: 'Source', exact: true }).fill('https://fonts.vendor.example');
    await draft.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('button', { name: 'Roll forward: enforce v1, report the draft' }).click();
    await page.getByText('Published version 2.').waitFor();
    const rolled = await vigie.api<{ version: number; enforce: string; reportOnly: string }>(
      `/api/v1/projects/${vigie.projectId}/csp/policy`,
    );
    expect(rolled).toMatchObject({
      version: 2,
      enforce: live.reportOnly,
      reportOnly: expect.stringContaining("font-src 'self' https://fonts.vendor.example"),
    });
    await expect
      .poll(() => page.getByRole('table', { name: 'Published versions' }).textContent())
      .toMatch(/v2\s*enforced\s*report-only/);

    // The strict alternative: a nonce and 'strict-dynamic', with the reported inline script's hash.
    await page.getByRole('radio', { name: /Strict/ }).check();
    await expect
      .poll(() => page.locator('#proposal').textContent())
      .toMatch(/script-src 'nonce-\{nonce\}' 'strict-dynamic' 'sha256-/);

    // Exported for nginx.
    await page.getByLabel('Format').selectOption('nginx');
    await page.getByRole('button', { name: 'Export the draft' }).click();
    await expect
      .poll(() => page.locator('#export').textContent())
      .toContain('add_header Content-Security-Policy-Report-Only');

    expect(await signsOfInjection(page, watch)).toEqual([]);
    expect(await seriousAxeViolations(page)).toEqual([]);
  });
});
