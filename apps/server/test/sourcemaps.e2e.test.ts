// The browser end to end: a Vite app using the real @sentry/browser, built with @sentry/vite-plugin
// uploading its source maps to Vigie, runs in real Chromium on an origin of its own and throws three
// bugs. Vigie takes the SDK's requests (CORS, the sentry_key query, uncompressed fetch bodies, the
// keepalive request sent as the page goes away), and the issues show the original TypeScript files,
// lines, functions and code. Rebuilt with an unrelated change, the same bugs land in the same three
// issues. Breadcrumbs, the browser and OS from the user agent, the visitor's address. Both databases.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type RunningVigie, startVigie } from './support/app.ts';
import { launchChromium } from './support/browser.ts';
import { testDialects } from './support/databases.ts';
import { buildShop, type ShopBuild, serveShop } from './support/vite-shop.ts';

interface Frame {
  filename: string | null;
  absPath: string | null;
  function: string | null;
  lineno: number | null;
  colno: number | null;
  inApp: boolean | null;
  contextLine: string | null;
  preContext?: string[];
  symbolication?: { status: string; map?: string; via?: string; reason?: string };
}
interface StoredEvent {
  data: {
    exceptions: Array<{ type: string; value: string; frames: Frame[]; rawFrames?: Frame[] }>;
    breadcrumbs: Array<{
      category?: string;
      type?: string;
      message?: string;
      data?: Record<string, unknown>;
    }>;
    contexts: Record<string, { name?: string; version?: string }>;
    user: { ipAddress?: string } | null;
    symbolication?: { status: string };
    release: string;
  };
}
interface Issue {
  id: number;
  title: string;
  culprit: string | null;
  count: number;
  userCount: number;
  fingerprint: { strategy: string; components: Array<{ id: string; value: string }> };
}

describe.each(testDialects)('a Vite app with @sentry/browser → Vigie on %s', (dialect) => {
  let vigie: RunningVigie;
  let browser: Browser;
  const builds: ShopBuild[] = [];
  const closers: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    vigie = await startVigie(dialect, {}, { listen: true });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    for (const close of closers) await close();
    for (const build of builds) build.remove();
    await vigie?.stop();
  });

  const issues = async () =>
    (await vigie.api<{ issues: Issue[] }>(`/api/v1/projects/${vigie.projectId}/issues?limit=50`)).issues;
  const latest = (issue: Issue) => vigie.api<StoredEvent>(`/api/v1/issues/${issue.id}/events/latest`);
  const byTitle = (all: Issue[], part: string) => all.find((i) => i.title.includes(part));

  /** Builds the shop (maps uploaded by the Vite plugin), serves it, and clicks through its three bugs. */
  async function throwTheThreeBugs(release: string, variant: 1 | 2): Promise<Page> {
    const build = await buildShop({
      dsn: vigie.dsn,
      release,
      variant,
      upload: { by: 'vite-plugin', url: vigie.baseUrl, token: vigie.token, project: 'default' },
    });
    builds.push(build);
    const shop = await serveShop(build.dist);
    closers.push(shop.close);
    const page = await browser.newPage();
    await page.goto(`${shop.origin}/`);
    await page.waitForFunction('window.shopReady === true');
    await page.click('#next');
    for (const button of ['#total', '#coupon', '#pay']) await page.click(button);
    return page;
  }

  it('maps the three minified bugs to the TypeScript that threw them', async () => {
    const page = await throwTheThreeBugs('shop@1', 1);
    const all = await eventually(async () => {
      const listed = await issues();
      return listed.length >= 3 ? listed : undefined;
    }).catch(async (error) => {
      throw new Error(`${error}: ${JSON.stringify(await issues())}`);
    });
    const cart = byTitle(all, "reading 'reduce'")!;
    const coupon = byTitle(all, 'Unknown coupon')!;
    const payment = byTitle(all, 'Payment declined')!;
    expect([cart, coupon, payment].every(Boolean)).toBe(true);

    const top = async (issue: Issue) => (await latest(issue)).data.exceptions.at(-1)!.frames.at(-1)!;
    expect(await top(cart)).toMatchObject({
      filename: 'src/cart.ts',
      function: 'totalOf',
      lineno: 8,
      inApp: true,
      contextLine: '  return lines.reduce((sum, line) => sum + line.price * line.quantity, 0);',
      symbolication: { status: 'mapped', via: 'debug_id', map: expect.stringMatching(/\.js\.map$/) },
    });
    expect(await top(coupon)).toMatchObject({
      filename: 'src/coupon.ts',
      function: 'applyCoupon',
      lineno: 7,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the TypeScript source line, as written
      contextLine: '    throw new RangeError(`Unknown coupon ${code}`);',
    });
    expect(await top(payment)).toMatchObject({ filename: 'src/payment.ts', function: 'charge', lineno: 4 });
    expect(cart.culprit).toContain('src/cart.ts');

    const event = await latest(coupon);
    expect(event.data.symbolication?.status).toBe('mapped');
    // The minified frames are kept beside the original ones.
    expect(event.data.exceptions.at(-1)!.rawFrames!.at(-1)!.filename).toMatch(/\/assets\/index-[\w-]+\.js$/);
    // Frames of @sentry/browser itself come from node_modules: not in-app.
    const sdkFrames = event.data.exceptions
      .at(-1)!
      .frames.filter((f) => f.filename?.includes('node_modules'));
    expect(sdkFrames.every((f) => f.inApp === false)).toBe(true);
    // Grouped by the original in-app frames.
    expect(coupon.fingerprint.strategy).toBe('stacktrace');
    expect(coupon.fingerprint.components).toContainEqual({
      id: 'frame',
      value: 'src/coupon.ts in applyCoupon',
      hint: expect.any(String),
    });

    // What the browser told: clicks, the navigation, the fetch; the browser and OS from the user agent.
    const categories = event.data.breadcrumbs.map((c) => c.category);
    expect(categories).toEqual(expect.arrayContaining(['ui.click', 'navigation']));
    expect((await latest(payment)).data.breadcrumbs.map((c) => c.category)).toContain('fetch');
    expect(event.data.contexts.browser?.name).toMatch(/Chrom/);
    expect(event.data.contexts.os?.name).toBe('Linux');
    // infer_ip: "auto" (sendDefaultPii): the visitor's address, so the visitor counts as a user.
    expect(event.data.user?.ipAddress).toBe('127.0.0.1');
    expect(coupon.userCount).toBe(1);

    // Non-Error values rejected, without a message or a stack trace: one issue each, not one for all.
    await page.click('#reject-status');
    await page.click('#reject-field');
    const rejections = await eventually(async () => {
      const found = (await issues()).filter((i) => i.title.includes('promise rejection'));
      return found.length >= 2 ? found : undefined;
    });
    expect(rejections.map((i) => i.fingerprint.strategy)).toEqual(['exception', 'exception']);

    // Leaving the page: the SDK's keepalive request still arrives.
    await page.goto('about:blank');
    await eventually(async () => byTitle(await issues(), 'Shopper left the checkout'));
    await page.close();
  }, 240_000);

  it('counts the same bugs of a rebuilt app, every line moved, in the same three issues', async () => {
    const before = await issues();
    const page = await throwTheThreeBugs('shop@2', 2);
    const after = await eventually(async () => {
      const listed = await issues();
      const counted = ['reduce', 'Unknown coupon', 'Payment declined'].map(
        (t) => byTitle(listed, t)?.count ?? 0,
      );
      return counted.every((n) => n === 2) ? listed : undefined;
    });
    await page.close();
    expect(after.map((i) => i.id).sort()).toEqual(before.map((i) => i.id).sort());
    const coupon = byTitle(after, 'Unknown coupon')!;
    const event = await latest(coupon);
    expect(event.data.release).toBe('shop@2');
    expect(event.data.exceptions.at(-1)!.frames.at(-1)).toMatchObject({
      filename: 'src/coupon.ts',
      lineno: 9,
    });
  }, 240_000);
});
