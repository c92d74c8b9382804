// Real Chromium (Debian's package, driven by playwright-core) for the dashboard's tests: one browser
// per test file, pages that record what must never happen (a dialog, a request to a payload's host,
// a CSP violation), axe-core run inside the page, and screenshots at a desktop and a phone size.

import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { BUILT_DASHBOARD } from '../../src/web/dashboard.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const SCREENSHOTS = fileURLToPath(new URL('../screenshots/', import.meta.url));

export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

/** `extraArgs`: more Chromium switches, e.g. `--short-reporting-delay` for CSP reporting tests. */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', ...extraArgs],
  });
}

/**
 * The test file's one Chromium, for the dashboard's tests: launched before the file's tests (after
 * checking that the dashboard is built), closed after them. Call at the top level of the file.
 * @example const browser = dashboardBrowser(); // then browser().newContext() in a test
 */
export function dashboardBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (!existsSync(path.join(BUILT_DASHBOARD, 'index.html')))
      throw new Error('The dashboard is not built: run `npm run build` (npm install does it).');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('Chromium is not launched yet: use the browser inside a test or hook.');
    return browser;
  };
}

// Browser-side code is given as text: the server's tests are type-checked without the DOM library.
const RECORD_CSP_VIOLATIONS = `
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sample + ' at ' + e.sourceFile + ':' + e.lineNumber);
});`;

/** What a page did that a safe dashboard never does. */
export interface PageWatch {
  dialogs: string[];
  /** Requests to hosts other than Vigie's. */
  foreignRequests: string[];
  /** CSP violations the page reported (Trusted Types included). */
  cspViolations(): Promise<string[]>;
}

export async function watchPage(page: Page, origin: string): Promise<PageWatch> {
  const watch = {
    dialogs: [] as string[],
    foreignRequests: [] as string[],
    cspViolations: () => page.evaluate<string[]>('window.__csp ?? []').catch(() => ['(page gone)']),
  };
  page.on('dialog', (dialog) => {
    watch.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:')) watch.foreignRequests.push(url);
  });
  // Runs before the page's own scripts, outside its CSP (DevTools protocol), in every document.
  await page.addInitScript(RECORD_CSP_VIOLATIONS);
  return watch;
}

/**
 * What a hostile string could have done on the page and did not: a dialog, a request to another
 * host, a CSP violation, `window.__pwned` set, an element injected (images, scripts, event-handler
 * attributes; the dashboard shows no image from an event) or a `javascript:` link. Empty when safe.
 */
export async function signsOfInjection(page: Page, watch: PageWatch): Promise<string[]> {
  const found = [
    ...watch.dialogs.map((d) => `dialog: ${d}`),
    ...watch.foreignRequests.map((u) => `request to ${u}`),
    ...(await watch.cspViolations()).map((v) => `CSP violation: ${v}`),
  ];
  const inPage = await page.evaluate<string[]>(`(() => {
    const found = [];
    if (window.__pwned !== undefined) found.push('window.__pwned = ' + window.__pwned);
    const selectors = '#root img, #root iframe, #root object, #root embed, #root script, #root svg[onload], [onerror], [onload], [onclick], [onmouseover], [onfocus]';
    for (const el of document.querySelectorAll(selectors)) found.push('element: ' + el.outerHTML.slice(0, 120));
    for (const a of document.querySelectorAll('a[href], form[action]')) {
      const url = (a.getAttribute('href') ?? a.getAttribute('action') ?? '').trim().toLowerCase();
      if (url.startsWith('javascript:') || url.startsWith('data:') || url.startsWith('vbscript:'))
        found.push('link: ' + a.outerHTML.slice(0, 120));
    }
    return found;
  })()`);
  return [...found, ...inPage];
}

/** The path patterns of the dashboard's pages (apps/web/src/router.tsx), such as `/issues/$issueId`. */
export function appRoutes(): string[] {
  const router = readFileSync(new URL('../../../web/src/router.tsx', import.meta.url), 'utf8');
  return [...router.matchAll(/\bpath: '([^']+)'/g)].map((m) => m[1]!);
}

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; html: string }>;
}

/** axe-core's serious and critical violations on the page as it is now, one line each. */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern; once per document.
  if (!(await page.evaluate<boolean>("typeof axe !== 'undefined'"))) await page.evaluate(axeSource);
  // Only the violations: axe then skips gathering the passes and the inapplicable rules' nodes.
  const violations = await page.evaluate<AxeViolation[]>(
    "axe.run({ resultTypes: ['violations'] }).then((result) => result.violations)",
  );
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      // The element's opening tag says which one it is better than React Aria's generated ids.
      (v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.html.slice(0, 160)).join(', ')})`,
    );
}

/** A new desktop-sized page signed in to the dashboard with `email` and `password`, and its watch. */
export async function signedInPage(
  browser: Browser,
  baseUrl: string,
  email: string,
  password: string,
): Promise<{ context: BrowserContext; page: Page; watch: PageWatch }> {
  const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const watch = await watchPage(page, baseUrl);
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Projects' }).waitFor();
  return { context, page, watch };
}

/**
 * Whether the dashboard's tests save screenshots: with VIGIE_SCREENSHOTS=1, to look at the pages a
 * change touched. Nothing asserts on them, and they were a fifth of the browser tests' time in CI.
 */
export const SCREENSHOTS_WANTED = process.env.VIGIE_SCREENSHOTS === '1';

/**
 * With VIGIE_SCREENSHOTS=1, saves the page, full length, at both sizes (screenshots/<name>-desktop.png
 * and -phone.png) and in the dark theme at the desktop size (-dark.png); otherwise does nothing.
 */
export async function screenshotBothSizes(page: Page, name: string): Promise<void> {
  if (!SCREENSHOTS_WANTED) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${size}.png`), fullPage: true });
  }
  await page.setViewportSize(VIEWPORTS.desktop);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-dark.png`), fullPage: true });
  await page.emulateMedia({ colorScheme: 'light' });
}
