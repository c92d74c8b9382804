// The CSP middleware for Express: the node:http middleware, with the nonce in `res.locals.cspNonce` (where
// templates and helmet-style configs expect it) and the controls in `res.locals.csp`.

import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { CspCore } from './core.ts';
import { cspNode } from './node.ts';
import type { CspOptions } from './options.ts';

/**
 * Express middleware. Register it after compression, so it sees the HTML before it is compressed.
 *
 * @example
 * app.use(cspExpress({
 *   policy: { scriptSrc: ["'nonce-{nonce}'", "'strict-dynamic'"], objectSrc: ["'none'"], baseUri: ["'none'"] },
 *   reportUri: '/csp-reports',
 *   autoNonce: true,
 * }));
 * app.get('/', (req, res) => res.render('home', { nonce: res.locals.cspNonce }));
 * app.get('/admin', (req, res) => { res.locals.csp.append('charts'); res.render('admin'); });
 */
export function cspExpress(options: CspOptions): RequestHandler & { core: CspCore } {
  const node = cspNode(options);
  const middleware = (req: Request, res: Response, next: NextFunction): void => {
    const csp = node(req, res);
    res.locals.cspNonce = csp.nonce;
    res.locals.csp = csp;
    next();
  };
  return Object.assign(middleware, { core: node.core });
}
