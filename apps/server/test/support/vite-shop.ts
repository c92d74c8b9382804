// The small Vite app of test/fixtures/vite-shop (TypeScript, @sentry/browser, three bugs), built for
// real: minified, with source maps, uploaded to Vigie by @sentry/vite-plugin or by sentry-cli
// (`sourcemaps inject` + `sourcemaps upload`), and served over HTTP from an origin of its own.

import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const FIXTURE = fileURLToPath(new URL('../fixtures/vite-shop/', import.meta.url));
const VITE = fileURLToPath(new URL('../../../../node_modules/vite/bin/vite.js', import.meta.url));
const SENTRY_CLI = fileURLToPath(new URL('../../../../node_modules/.bin/sentry-cli', import.meta.url));
const run = promisify(execFile);

export interface ShopBuild {
  /** The built files (index.html, assets/*.js and their .map). */
  dist: string;
  remove(): void;
}

export interface ShopOptions {
  dsn: string;
  release: string;
  /** 2 adds an unrelated change above each bug, so every line and column moves. */
  variant?: 1 | 2;
  /** Who uploads the maps: the Vite plugin during the build, sentry-cli after it, or nobody. */
  upload: { by: 'vite-plugin' | 'sentry-cli'; url: string; token: string; project: string } | { by: 'none' };
}

export async function buildShop(options: ShopOptions): Promise<ShopBuild> {
  const root = mkdtempSync(path.join(tmpdir(), 'vigie-shop-'));
  cpSync(FIXTURE, root, { recursive: true });
  // @sentry/browser from the repository's node_modules, as the app's own would be.
  writeFileSync(path.join(root, 'package.json'), '{"type":"module","private":true}');
  symlinkSync(
    fileURLToPath(new URL('../../../../node_modules', import.meta.url)),
    path.join(root, 'node_modules'),
  );
  if (options.variant === 2) {
    for (const file of ['cart.ts', 'coupon.ts', 'payment.ts', 'main.ts']) {
      const at = path.join(root, 'src', file);
      const text = readFileSync(at, 'utf8');
      writeFileSync(
        at,
        `// Release 2: nothing changed here but this comment and a constant.\nexport const RELEASE_NOTE = 'v2';\n${text}`,
      );
    }
  }
  const dist = path.join(root, 'dist');
  const upload = options.upload;
  // `vite build` in a process of its own, as CI runs it: the plugin keeps per-process state (the
  // one Sentry URL it trusts), which tests starting several Vigies would trip over.
  await run(process.execPath, [VITE, 'build'], {
    cwd: root,
    timeout: 120_000,
    env: {
      ...process.env,
      SHOP_DSN: options.dsn,
      SHOP_RELEASE: options.release,
      ...(upload.by === 'vite-plugin'
        ? {
            SENTRY_AUTH_TOKEN: upload.token,
            SENTRY_URL: upload.url,
            // Any slug does; one per Vigie, since the plugin caches each organisation's URL.
            SENTRY_ORG: `org-${new URL(upload.url).port}`,
            SENTRY_PROJECT: upload.project,
          }
        : { SENTRY_AUTH_TOKEN: '' }),
    },
  });
  if (upload.by === 'sentry-cli') {
    await sentryCli(['sourcemaps', 'inject', dist]);
    await sentryCli(
      [
        'sourcemaps',
        'upload',
        '--org',
        'any-org-slug',
        '--project',
        upload.project,
        '--release',
        options.release,
        dist,
      ],
      { url: upload.url, token: upload.token },
    );
  }
  return { dist, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** Runs the real sentry-cli binary (npm's @sentry/cli ships it), against Vigie when given its URL. */
export async function sentryCli(
  args: string[],
  vigie?: { url: string; token: string },
): Promise<{ stdout: string; stderr: string }> {
  const env = { ...process.env, SENTRY_LOG_LEVEL: 'warn', SENTRY_DISABLE_UPDATE_CHECK: '1' };
  const global = vigie ? ['--url', vigie.url, '--auth-token', vigie.token] : [];
  return run(SENTRY_CLI, [...global, ...args], { env, timeout: 60_000 });
}

/** Serves a build's files at an origin of their own (as a CDN would), until closed. */
export async function serveShop(dist: string): Promise<{ origin: string; close(): Promise<void> }> {
  const types: Record<string, string> = {
    '.html': 'text/html',
    '.js': 'text/javascript',
    '.map': 'application/json',
  };
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://shop');
    const file = url.pathname === '/' ? '/index.html' : url.pathname;
    try {
      const body = readFileSync(path.join(dist, path.normalize(file).replace(/^(\.\.[/\\])+/, '')));
      response.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end('{"error":"not found"}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return {
    origin: `http://127.0.0.1:${address.port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
