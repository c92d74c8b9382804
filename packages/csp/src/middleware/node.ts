// The CSP middleware for plain node:http servers: call it first in the request handler; it sets the headers,
// rewrites HTML bodies when asked to, and returns the response's nonce and controls.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { rewriteHtmlBodies } from './body-rewriter.ts';
import type { CspCore, CspResponse } from './core.ts';
import { createCspCore } from './core.ts';
import type { CspOptions } from './options.ts';

/**
 * Applies the CSP to one response and returns its controls (nonce, override, append).
 *
 * @example
 * const csp: NodeCspHandler = cspNode({ policy: "default-src 'self'" });
 * createServer((req, res) => { csp(req, res); res.end('ok'); });
 */
export type NodeCspHandler = ((req: IncomingMessage, res: ServerResponse) => CspResponse) & { core: CspCore };

const responses = new WeakMap<ServerResponse, CspResponse>();

function pathnameOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

/**
 * Attaches the CSP to a response of a node:http server (also what the Express adapter does).
 * When autoNonce is on, conditional headers of HTML navigations are dropped: a 304 would let the browser reuse a
 * page whose nonces no longer match the new header.
 *
 * @example
 * import { createServer } from 'node:http';
 * const csp = cspNode({ policy: "script-src 'nonce-{nonce}' 'strict-dynamic'; object-src 'none'; base-uri 'none'" });
 * createServer((req, res) => {
 *   const { nonce } = csp(req, res);
 *   res.setHeader('content-type', 'text/html');
 *   res.end(`<script nonce="${nonce}">start()</script>`);
 * }).listen(3000);
 */
export function cspNode(options: CspOptions): NodeCspHandler {
  const core = createCspCore(options);
  const { autoNonce, runtimeHashBytes } = core.compiled;
  const handler = (req: IncomingMessage, res: ServerResponse): CspResponse => {
    const csp = core.start(pathnameOf(req), (headers) => {
      if (res.headersSent)
        throw new Error(
          'The CSP changed after the response headers were sent; choose overrides and appends earlier.',
        );
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    });
    if (autoNonce || runtimeHashBytes > 0) {
      if (autoNonce && /text\/html/.test(req.headers.accept ?? '')) {
        delete req.headers['if-none-match'];
        delete req.headers['if-modified-since'];
      }
      rewriteHtmlBodies(req, res, { nonce: csp.nonce, autoNonce, runtimeHashBytes }, csp);
    }
    responses.set(res, csp);
    return csp;
  };
  return Object.assign(handler, { core });
}

/**
 * The CSP controls of a response the middleware has seen (e.g. in a handler far from where it ran).
 *
 * @example
 * const nonce = cspOf(res)?.nonce;
 */
export function cspOf(res: ServerResponse): CspResponse | undefined {
  return responses.get(res);
}
