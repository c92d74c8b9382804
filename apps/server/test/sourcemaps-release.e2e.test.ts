// Source maps found by release and URL, without debug ids, and maps that come after their events, in
// real Chromium with the real @sentry/browser, on both databases. The Vite shop is built without the
// Sentry plugin (no debug id in the bundle): its files are uploaded one by one to the release as older
// sentry-cli and plugins do, or as an artifact bundle by sentry-cli 3 without `inject`; an event that
// arrived before its build's maps is mapped the next time it is read, and the mapped event is kept.
// The issue page shows the original frames, the minified ones on a toggle, which map each came from
// and why a frame was not mapped; screenshots at both sizes.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePayload } from '../src/storage/payload.ts';
import { addUser } from './auth-fixtures.ts';
import { PAYLOAD_HOST } from './dashboard-payloads.ts';
import { eventually, type RunningVigie, startVigie } from './support/app.ts';
import {
  dashboardBrowser,
  type PageWatch,
  screenshotBothSizes,
  seriousAxeViolations,
  signsOfInjection,
  watchPage,
} from './support/browser.ts';
import { testDialects } from './support/databases.ts';
import { newEventId, sendEvents } from './support/events.ts';
import { buildShop, type ShopBuild, sentryCli, serveShop } from './support/vite-shop.ts';

const ADMIN = 'admin@example.com';
const PASSWORD = 'a long enough password';

interface Frame {
  filename: string | null;
  function: string | null;
  lineno: number | null;
  contextLine: string | null;
  symbolication?: { status: string; map?: string; via?: string; release?: string; reason?: string };
}
interface StoredEvent {
  eventId: string;
  data: {
    exceptions: Array<{ frames: Frame[]; rawFrames?: Frame[] }>;
    symbolication?: { status: string; reason?: string };
  };
}
interface Issue {
  id: number;
  title: string;
  fingerprint: { summary: string };
}

// biome-ignore lint/suspicious/noTemplateCurlyInString: the TypeScript source line, as written
const COUPON_THROW = 'throw new RangeError(`Unknown coupon ${code}`);';

const browser = dashboardBrowser();

describe.each(testDialects)(
  'source maps by release and URL, and maps after their events, on %s',
  (dialect) => {
    let vigie: RunningVigie;
    let context: BrowserContext;
    let dashboard: Page;
    let watch: PageWatch;
    const builds: ShopBuild[] = [];
    const closers: Array<() => Promise<void>> = [];

    beforeAll(async () => {
      vigie = await startVigie(dialect, {}, { listen: true });
      await addUser(vigie.app.vigie.database, { email: ADMIN, password: PASSWORD, isAdmin: true });
      context = await browser().newContext({ viewport: { width: 1280, height: 800 }, timezoneId: 'UTC' });
      dashboard = await context.newPage();
      dashboard.setDefaultTimeout(15_000);
      watch = await watchPage(dashboard, vigie.baseUrl);
      await dashboard.goto(`${vigie.baseUrl}/login`);
      await dashboard.getByLabel('Email').fill(ADMIN);
      await dashboard.getByLabel('Password').fill(PASSWORD);
      await dashboard.getByRole('button', { name: 'Log in' }).click();
      await dashboard.getByRole('heading', { level: 1, name: 'Projects' }).waitFor();
    }, 60_000);
    afterAll(async () => {
      await context?.close();
      for (const close of closers) await close();
      for (const build of builds) build.remove();
      await vigie?.stop();
    });

    const issues = async () =>
      (await vigie.api<{ issues: Issue[] }>(`/api/v1/projects/${vigie.projectId}/issues?limit=50`)).issues;
    const readEvent = (eventId: string) => vigie.api<StoredEvent>(`/api/v1/events/${eventId}`);
    /** The event as stored, read from the database without the API's late symbolication. */
    const stored = async (eventId: string) => {
      const row = await vigie.app.vigie.database.db
        .selectFrom('events')
        .select('payload')
        .where('event_id', '=', eventId)
        .executeTakeFirstOrThrow();
      return decodePayload(row.payload);
    };

    /** Builds the shop for `release` without the Sentry plugin: no debug id in the bundle. */
    async function build(release: string): Promise<ShopBuild> {
      const shop = await buildShop({ dsn: vigie.dsn, release, upload: { by: 'none' } });
      builds.push(shop);
      return shop;
    }
    /** Serves the build, throws its coupon bug in Chromium, and finds the event of this release. */
    async function throwCoupon(shop: ShopBuild, release: string): Promise<{ issue: Issue; eventId: string }> {
      const served = await serveShop(shop.dist);
      closers.push(served.close);
      const page = await browser().newPage();
      await page.goto(`${served.origin}/`);
      await page.waitForFunction('window.shopReady === true');
      await page.click('#coupon');
      const found = await eventually(async () => {
        for (const issue of await issues()) {
          if (!issue.title.includes('Unknown coupon')) continue;
          const { events } = await vigie.api<{ events: Array<{ eventId: string; release: string | null }> }>(
            `/api/v1/issues/${issue.id}/events`,
          );
          const event = events.find((e) => e.release === release);
          if (event) return { issue, eventId: event.eventId };
        }
        return undefined;
      });
      await page.close();
      return found;
    }
    const topFrame = (event: StoredEvent) => event.data.exceptions.at(-1)!.frames.at(-1)!;
    const eventPage = (found: { issue: Issue; eventId: string }) =>
      `${vigie.baseUrl}/issues/${found.issue.id}?event=${found.eventId}`;

    it('says why a minified event is not mapped when the project has no source maps', async () => {
      const found = await throwCoupon(await build('none@1'), 'none@1');
      expect((await readEvent(found.eventId)).data.symbolication).toMatchObject({
        status: 'unmapped',
        reason: 'no source maps were uploaded to this project',
      });
      await dashboard.goto(eventPage(found));
      await dashboard
        .locator('.event-unmapped', {
          hasText: 'Minified frames, not mapped: no source maps were uploaded to this project.',
        })
        .waitFor();
    }, 180_000);

    it('maps by release and URL the files uploaded one by one, as older sentry-cli and plugins upload them', async () => {
      const shop = await build('legacy@1');
      const assets = path.join(shop.dist, 'assets');
      // sentry-cli's form: the file, its URL as `name`, and `header` lines (Sourcemap for a minified file).
      for (const name of readdirSync(assets)) {
        const form = new FormData();
        form.append('file', new Blob([readFileSync(path.join(assets, name))]), name);
        form.append('name', `~/assets/${name}`);
        if (name.endsWith('.js')) form.append('header', `Sourcemap:${name}.map`);
        const response = await fetch(
          `${vigie.baseUrl}/api/0/projects/acme/default/releases/legacy@1/files/`,
          {
            method: 'POST',
            headers: { authorization: `Bearer ${vigie.token}` },
            body: form,
          },
        );
        expect(response.status).toBe(201);
      }
      const found = await throwCoupon(shop, 'legacy@1');
      expect(topFrame(await readEvent(found.eventId))).toMatchObject({
        filename: 'src/coupon.ts',
        function: 'applyCoupon',
        lineno: 7,
        symbolication: {
          status: 'mapped',
          via: 'release',
          release: 'legacy@1',
          map: expect.stringMatching(/^~\/assets\/index-[\w-]+\.js\.map$/),
        },
      });
    }, 180_000);

    it('maps an event that came before its maps once sentry-cli uploads them, keeps it mapped, and shows both traces', async () => {
      const shop = await build('late@1');
      const found = await throwCoupon(shop, 'late@1');
      const before = await readEvent(found.eventId);
      const minifiedFile = topFrame(before).filename!;
      expect(minifiedFile).toMatch(/\/assets\/index-[\w-]+\.js$/);
      const bundlePath = `~${new URL(minifiedFile).pathname}`;
      // The project holds maps, not this release's: each frame says why it was not mapped.
      expect(topFrame(before).symbolication).toEqual({
        status: 'unmapped',
        reason: `release late@1 has no file at ${bundlePath} and no ${bundlePath}.map`,
      });

      await dashboard.goto(eventPage(found));
      const main = dashboard.locator('main');
      const stack = main.locator('.exception').last();
      await stack
        .locator('.stack-unmapped', { hasText: `not mapped: release late@1 has no file at ${bundlePath}` })
        .waitFor();
      await stack
        .locator('.frame', { hasText: bundlePath.slice(1) })
        .first()
        .locator('.badge-unmapped')
        .waitFor();
      expect(await main.getByRole('button', { name: 'Minified' }).count()).toBe(0);
      await screenshotBothSizes(dashboard, `${dialect}-sourcemaps-unmapped`);

      // sentry-cli 3 without `inject`: an artifact bundle with the release and no debug ids.
      const upload = await sentryCli(
        ['sourcemaps', 'upload', '--org', 'acme', '--project', 'default', '--release', 'late@1', shop.dist],
        { url: vigie.baseUrl, token: vigie.token },
      );
      expect(upload.stdout).toContain('Upload type: artifact bundle');

      // The page read again maps the event, and the mapped event is what is stored now.
      await dashboard.reload();
      const frames = stack.getByRole('list', { name: 'Frames' });
      const coupon = frames.locator('.frame', { hasText: 'src/coupon.ts:7' });
      await coupon.locator('.frame-fn', { hasText: 'in applyCoupon' }).waitFor();
      await coupon.locator('.source-failing', { hasText: COUPON_THROW }).waitFor();
      const note = await coupon.locator('.frame-map').textContent();
      expect(note).toMatch(
        new RegExp(
          `^Minified at ${literal(minifiedFile)}:\\d+:\\d+, mapped with ${literal(bundlePath)}\\.map, found by release late@1 and the file's URL$`,
        ),
      );
      const maps = await stack.locator('.stack-maps li').allTextContents();
      expect(maps).toEqual([
        expect.stringMatching(
          new RegExp(
            `^Source map ${literal(bundlePath)}\\.map, found by release late@1 and the file's URL: \\d+ frames mapped\\.$`,
          ),
        ),
      ]);
      expect(await stack.locator('.badge-unmapped').count()).toBe(0);
      const kept = await stored(before.eventId);
      expect(kept.symbolication?.status).toBe('mapped');
      expect(kept.exceptions.at(-1)!.frames.at(-1)).toMatchObject({ filename: 'src/coupon.ts', lineno: 7 });
      // Why the issue's events are together, in words.
      await main
        .locator('.grouping-summary', { hasText: /^Grouped by \d+ in-app frames? of the stack trace\.$/ })
        .waitFor();
      expect(await signsOfInjection(dashboard, watch)).toEqual([]);
      expect(await seriousAxeViolations(dashboard)).toEqual([]);
      await screenshotBothSizes(dashboard, `${dialect}-sourcemaps-original`);

      // The minified trace, as the browser sent it, a click away.
      await main.getByRole('button', { name: 'Minified' }).click();
      const minified = stack.getByRole('list', { name: 'Minified frames' });
      await minified
        .locator('.frame-file', { hasText: new RegExp(`^${literal(minifiedFile)}:\\d+:\\d+$`) })
        .first()
        .waitFor();
      expect(await minified.getByText('src/coupon.ts').count()).toBe(0);
      expect(await main.getByRole('button', { name: 'Minified' }).getAttribute('aria-pressed')).toBe('true');
      await screenshotBothSizes(dashboard, `${dialect}-sourcemaps-minified`);
      await main.getByRole('button', { name: 'Original' }).click();
      await frames.waitFor();
    }, 180_000);

    it("shows a hostile file name in a frame's reason as text", async () => {
      const file = `<img src="http://${PAYLOAD_HOST}/f" onerror="window.__pwned=1">.js`;
      const eventId = newEventId();
      await sendEvents(vigie, vigie.projectId, new URL(vigie.dsn).username, [
        {
          event_id: eventId,
          timestamp: Date.now() / 1000,
          platform: 'javascript',
          release: 'late@1',
          exception: {
            values: [
              {
                type: 'Error',
                value: 'hostile frame',
                stacktrace: {
                  frames: [{ filename: file, function: 'x', lineno: 1, colno: 2, in_app: true }],
                },
              },
            ],
          },
        },
      ]);
      const { issueId } = await vigie.api<{ issueId: number }>(`/api/v1/events/${eventId}`);
      await dashboard.goto(`${vigie.baseUrl}/issues/${issueId}?event=${eventId}`);
      const reason = `1 frame not mapped: release late@1 has no file at ${file} and no ${file}.map.`;
      await dashboard.locator('.stack-unmapped', { hasText: reason }).waitFor();
      await dashboard
        .locator('.frame-map', { hasText: `Not mapped: release late@1 has no file at ${file}` })
        .waitFor();
      expect(await signsOfInjection(dashboard, watch)).toEqual([]);
    }, 60_000);
  },
);

const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
