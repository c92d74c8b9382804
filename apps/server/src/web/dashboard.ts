// Serves the dashboard built by apps/web (`npm install` builds it): hashed assets under /assets/ with
// year-long immutable caching, each as the brotli or gzip copy the build wrote beside it when the
// browser accepts one (`Vary: Accept-Encoding`), and index.html, never cached, for `/` and every
// deep link the app routes itself (/issues/12…). API, ingest and health routes are untouched: the
// app's paths are listed rather than caught by a wildcard, so that the router answers /api/ paths as
// it always did (test/dashboard-serving.test.ts checks the list against the app's router).
// The HTML carries the dashboard's CSP, with a fresh nonce per response.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import { cspFastify } from '@vigie/csp';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RoutePlugin } from '../http.ts';
import { DASHBOARD_CSP } from './dashboard-csp.ts';

/** Where `npm run build -w apps/web` writes the dashboard. */
export const BUILT_DASHBOARD = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

export interface DashboardOptions {
  /** The built dashboard: index.html and assets/. */
  root: string;
}

/** Where index.html wants the response's nonce (a meta tag React Aria reads). */
const NONCE_SLOT = '__CSP_NONCE__';

/** The top-level paths of the dashboard's pages (apps/web/src/router.tsx): each deep link gets the app. */
export const APP_PATHS = [
  '/',
  '/login',
  '/setup/*',
  '/projects/*',
  '/issues/*',
  '/customers',
  '/customers/*',
  '/account',
  '/settings',
  '/settings/*',
  '/admin/*',
];

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Vigie: the dashboard is not built</title></head>
<body><main><h1>The dashboard is not built</h1>
<p>Vigie's API and ingest work, but the web dashboard has not been built in this copy.
Build it with <code>npm run build -w apps/web</code> (<code>npm install</code> does it), then restart Vigie.</p>
</main></body></html>
`;

export const dashboardRoutes: RoutePlugin<DashboardOptions> = async (app, { root }) => {
  await app.register(cspFastify(DASHBOARD_CSP));
  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
  });

  const indexFile = path.join(root, 'index.html');
  const built = existsSync(indexFile);
  if (built) {
    await app.register(fastifyStatic, {
      root: path.join(root, 'assets'),
      prefix: '/assets/',
      // Routes for the files present now: a build's file names are fixed, and a miss is the 404.
      wildcard: false,
      index: false,
      decorateReply: false,
      maxAge: '365d',
      immutable: true,
      // x.js.br and x.js.gz are x.js's encodings, chosen by Accept-Encoding, not files of their own.
      preCompressed: true,
      globIgnore: ['**/*.br', '**/*.gz'],
    });
  } else {
    app.log.warn(
      { root },
      'the dashboard is not built: run `npm run build -w apps/web` (npm install does it), then restart',
    );
  }
  // Read once: the build does not change under a running server, and each response adds its nonce.
  const html = built ? readFileSync(indexFile, 'utf8') : NOT_BUILT_PAGE;

  const page = async (_request: FastifyRequest, reply: FastifyReply) =>
    reply
      .status(built ? 200 : 503)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(html.replaceAll(NONCE_SLOT, reply.cspNonce));
  for (const url of APP_PATHS) app.get(url, page);
};
