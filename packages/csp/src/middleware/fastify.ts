// The CSP plugin for Fastify: headers at onRequest, nonce and controls decorated on request and reply, HTML
// payloads (strings and buffers) rewritten at onSend. Streamed payloads pass untouched: nonce them in templates.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { inlineHashes } from './body-rewriter.ts';
import type { CspResponse, ResponseHooks } from './core.ts';
import { createCspCore } from './core.ts';
import { insertNonce } from './html-nonce.ts';
import type { CspOptions } from './options.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** This response's CSP nonce (set by @vigie/csp). */
    cspNonce: string;
  }
  interface FastifyReply {
    /** This response's CSP nonce (set by @vigie/csp). */
    cspNonce: string;
    /** This response's CSP controls: override and append (set by @vigie/csp). */
    csp: CspResponse;
  }
}

const responses = new WeakMap<FastifyReply, CspResponse & ResponseHooks>();

/**
 * A Fastify plugin, not encapsulated, so its hooks cover the routes of the instance it is registered on.
 *
 * @example
 * const plugin: CspFastifyPlugin = cspFastify({ policy: "default-src 'self'" });
 * await app.register(plugin);
 */
export type CspFastifyPlugin = ((
  instance: FastifyInstance,
  options: unknown,
  done: (error?: Error) => void,
) => void) & {
  [key: symbol]: unknown;
};

function isHtml(reply: FastifyReply): boolean {
  return (
    /^text\/html/i.test(String(reply.getHeader('content-type') ?? '')) &&
    reply.getHeader('content-encoding') === undefined
  );
}

/**
 * Builds the plugin (options validated now: a CspConfigError is thrown for a bad configuration).
 *
 * @example
 * const app = Fastify();
 * await app.register(cspFastify({ policy: "script-src 'nonce-{nonce}' 'strict-dynamic'; object-src 'none'", autoNonce: true }));
 * app.get('/', (request, reply) => reply.type('text/html').send(`<script>start()</script>`)); // gets the nonce
 * app.get('/pay', (request, reply) => { reply.csp.append('payments'); return page(reply.cspNonce); });
 */
export function cspFastify(options: CspOptions): CspFastifyPlugin {
  const core = createCspCore(options);
  const { autoNonce, runtimeHashBytes } = core.compiled;
  const plugin = (fastify: FastifyInstance, _options: unknown, done: (error?: Error) => void): void => {
    const { live } = core;
    if (live !== undefined) fastify.addHook('onClose', async () => live.close());
    fastify.decorateRequest('cspNonce', '');
    fastify.decorateReply('cspNonce', '');
    // Fastify 5 refuses object defaults on decorators; each reply gets its own controls at onRequest.
    fastify.decorateReply('csp', null as unknown as CspResponse);
    fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      const csp = core.start(request.url.split('?')[0] ?? '/', (headers) => {
        if (reply.sent)
          throw new Error('The CSP changed after the reply was sent; choose overrides and appends earlier.');
        reply.headers(headers);
      });
      request.cspNonce = csp.nonce;
      reply.cspNonce = csp.nonce;
      reply.csp = csp;
      responses.set(reply, csp);
    });
    if (autoNonce || runtimeHashBytes > 0) {
      fastify.addHook('onSend', async (_request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
        const csp = responses.get(reply);
        if (csp === undefined || !isHtml(reply) || (typeof payload !== 'string' && !Buffer.isBuffer(payload)))
          return payload;
        const html = payload.toString();
        if (runtimeHashBytes > 0 && Buffer.byteLength(html) <= runtimeHashBytes)
          csp.setRuntimeHashes(inlineHashes(html));
        if (!autoNonce) return payload;
        reply.removeHeader('content-length');
        reply.removeHeader('etag');
        return insertNonce(html, csp.nonce);
      });
    }
    done();
  };
  // What fastify-plugin does: no encapsulation, so the hooks apply to the routes of the parent instance.
  return Object.assign(plugin, {
    [Symbol.for('skip-override')]: true,
    [Symbol.for('fastify.display-name')]: 'vigie-csp',
  });
}
