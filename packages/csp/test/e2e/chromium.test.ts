// End to end in real Chromium: the Express middleware's nonces and manifest hashes let a site's own scripts and
// styles run under an enforced strict policy with no violation, while an injected script is blocked and reported.

import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { readHashManifest } from '../../src/hash/manifest.ts';
import { cspExpress } from '../../src/middleware/express.ts';
import { APP_JS, HASHED, HOME, LOADED_JS, TAMPERED } from './pages.ts';

const CHROMIUM = '/usr/bin/chromium';
const present = existsSync(CHROMIUM);
if (!present)
  console.warn(`Skipping the Chromium end-to-end test: ${CHROMIUM} is absent (apt-get install -y chromium).`);

/** The manifest `vigie-csp hash` prints for the hashed page, as a deploy step would build it. */
async function hashManifest(): Promise<unknown> {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-csp-e2e-'));
  try {
    writeFileSync(join(dir, 'legal.html'), HASHED);
    let stdout = '';
    let stderr = '';
    const code = await runCli(['hash', join(dir, 'legal.html')], {
      stdout: (text) => {
        stdout += text;
      },
      stderr: (text) => {
        stderr += text;
      },
      readStdin: async () => '',
    });
    if (code !== 0) throw new Error(`vigie-csp hash failed: ${stderr}`);
    return JSON.parse(stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Browser-side code is given as text: this package is type-checked without the DOM library.
const RECORD_VIOLATIONS = `window.violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample });
});`;

/** An image from an origin the policies do not allow, loaded to make a violation on purpose. */
const MARKER_IMAGE = 'http://marker.invalid/after-load.png';

interface Violation {
  directive: string;
  blocked: string;
  sample: string;
}

function buildSite(reports: unknown[], manifest: unknown) {
  const app = express();
  app.disable('x-powered-by');
  app.post(
    '/csp-reports',
    express.json({ type: ['application/csp-report', 'application/reports+json'] }),
    (req, res) => {
      reports.push(req.body);
      res.status(204).end();
    },
  );
  // A legacy section without nonces: its own policy, inline script allowed by the manifest's hash.
  const legal = express.Router();
  legal.use(
    cspExpress({
      policy: "default-src 'self'; script-src 'self' 'report-sample'; object-src 'none'; base-uri 'none'",
      reportUri: '/csp-reports',
      hashes: readHashManifest(manifest),
    }),
  );
  legal.get('/', (_req, res) => res.type('html').send(HASHED));
  legal.get('/tampered', (_req, res) => res.type('html').send(TAMPERED));
  app.use('/legal', legal);
  app.use(
    cspExpress({
      policy:
        "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic' 'report-sample'; style-src 'self' 'nonce-{nonce}'; " +
        "object-src 'none'; base-uri 'none'",
      reportUri: '/csp-reports',
      autoNonce: true,
    }),
  );
  app.get('/', (_req, res) => res.type('html').send(HOME));
  app.get('/app.js', (_req, res) => res.type('js').send(APP_JS));
  app.get('/loaded-by-app.js', (_req, res) => res.type('js').send(LOADED_JS));
  return app;
}

async function waitFor<T>(read: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(!present)(
  'strict CSP from the Express middleware in real Chromium (needs /usr/bin/chromium)',
  () => {
    const reports: unknown[] = [];
    let server: Server;
    let base: string;
    let browser: Browser;

    beforeAll(async () => {
      server = buildSite(reports, await hashManifest()).listen(0, '127.0.0.1');
      await once(server, 'listening');
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      });
    });

    afterAll(async () => {
      await browser?.close();
      await new Promise((resolve) => server?.close(resolve));
    });

    async function open(path: string): Promise<Page> {
      const page = await browser.newPage();
      await page.addInitScript(RECORD_VIOLATIONS);
      await page.goto(`${base}${path}`);
      return page;
    }

    const violations = (page: Page) => page.evaluate<Violation[]>('window.violations');
    const dynamicScriptRan = (page: Page) => page.waitForFunction('window.dynamicRan === true');

    it('runs the nonced inline scripts, styles and strict-dynamic scripts with zero violations', async () => {
      const page = await open('/');
      await dynamicScriptRan(page);
      const state = await page.evaluate(`({
        inline: window.inlineRan,
        external: window.externalRan,
        text: document.getElementById('status').textContent,
        color: getComputedStyle(document.getElementById('status')).color,
      })`);
      expect(state).toEqual({ inline: true, external: true, text: 'ready', color: 'rgb(0, 128, 0)' });
      // A violation made on purpose after the page ran: once its event and its report are in, any
      // violation of the page's own code, raised earlier, would be in before them.
      await page.evaluate(`new Image().src = '${MARKER_IMAGE}'`);
      await waitFor(() => (reports.length > 0 ? reports : undefined));
      expect(await violations(page)).toEqual([{ directive: 'img-src', blocked: MARKER_IMAGE, sample: '' }]);
      expect(reports).toEqual([
        {
          'csp-report': expect.objectContaining({
            'blocked-uri': MARKER_IMAGE,
            'effective-directive': 'img-src',
          }),
        },
      ]);
      reports.splice(0);
      await page.close();
    });

    it('runs the inline script allowed by the manifest hash, and blocks it once edited', async () => {
      const page = await open('/legal');
      expect(await page.evaluate('window.hashedRan')).toBe(true);
      expect(await violations(page)).toEqual([]);
      const tampered = await open('/legal/tampered');
      expect(await tampered.evaluate('window.hashedRan')).toBeUndefined();
      expect(await violations(tampered)).toEqual([
        { directive: 'script-src-elem', blocked: 'inline', sample: 'window.hashedRan = "tampered";' },
      ]);
      await waitFor(() => (reports.length > 0 ? reports : undefined));
      reports.splice(0);
      await page.close();
      await tampered.close();
    });

    it('blocks a script injected through the page without the nonce and delivers its report to the collector', async () => {
      // Injected through the page's own DOM XSS sink (document.write of the fragment), so it is parser-inserted.
      // A script created with createElement by page code would run: 'strict-dynamic' trusts what trusted code builds.
      const page = await open(`/#${encodeURIComponent('<script>window.pwned = true;</script>')}`);
      await dynamicScriptRan(page);
      const injected = await page.evaluate<string[]>(
        "[...document.querySelectorAll('#greeting script')].map((s) => s.outerHTML)",
      );
      expect(injected.at(-1)).toBe('<script>window.pwned = true;</script>');
      expect(await page.evaluate('window.pwned')).toBeUndefined();
      expect(await violations(page)).toEqual([
        { directive: 'script-src-elem', blocked: 'inline', sample: 'window.pwned = true;' },
      ]);
      const [report] = await waitFor(() => (reports.length > 0 ? reports : undefined));
      expect(report).toMatchObject({
        'csp-report': {
          'document-uri': `${base}/`,
          'effective-directive': 'script-src-elem',
          'blocked-uri': 'inline',
          'script-sample': 'window.pwned = true;',
          disposition: 'enforce',
        },
      });
      await page.close();
    });
  },
);
