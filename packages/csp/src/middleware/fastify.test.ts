import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { hashSource } from '../hash/digest.ts';
import { cspFastify } from './fastify.ts';

async function buildApp() {
  const app = Fastify();
  await app.register(
    cspFastify({
      policy:
        "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic'; style-src 'self'; frame-ancestors 'none'",
      reportOnly: "default-src 'self'; report-to vigie",
      reportTo: { group: 'vigie', url: 'https://vigie.example.com/api/reports' },
      autoNonce: true,
      runtimeHashes: 1024,
      overrides: { embed: { 'frame-ancestors': "'self' https://partner.example.com" } },
      routes: [{ path: /^\/widgets\//, override: 'embed' }],
    }),
  );
  app.get('/', async (_request, reply) =>
    reply.type('text/html').send('<style>p{margin:0}</style><script>start()</script>'),
  );
  app.get('/nonce', async (request, reply) => ({ request: request.cspNonce, reply: reply.cspNonce }));
  app.get('/widgets/clock', async () => 'clock');
  app.get('/share', async (_request, reply) => {
    reply.csp.override('embed');
    return 'share';
  });
  return app;
}

describe('cspFastify', () => {
  it('nonces inline scripts, hashes inline styles and sends both policies with Reporting-Endpoints', async () => {
    const app = await buildApp();
    const response = await app.inject({ method: 'GET', url: '/' });
    const enforced = response.headers['content-security-policy'] as string;
    const nonce = /'nonce-([^']+)'/.exec(enforced)?.[1];
    expect(response.body).toBe(
      `<style nonce="${nonce}">p{margin:0}</style><script nonce="${nonce}">start()</script>`,
    );
    expect(enforced).toBe(
      `default-src 'self'; script-src 'nonce-${nonce}' 'strict-dynamic' ${hashSource('start()')}; ` +
        `style-src 'self' ${hashSource('p{margin:0}')}; frame-ancestors 'none'; report-to vigie`,
    );
    expect(response.headers['content-security-policy-report-only']).toBe(
      `default-src 'self'; script-src 'self' ${hashSource('start()')}; style-src 'self' ${hashSource('p{margin:0}')}; report-to vigie`,
    );
    expect(response.headers['reporting-endpoints']).toBe('vigie="https://vigie.example.com/api/reports"');
    expect(Number(response.headers['content-length'])).toBe(Buffer.byteLength(response.body));
  });

  it('decorates request and reply with the same nonce, fresh per request', async () => {
    const app = await buildApp();
    const first = (await app.inject({ url: '/nonce' })).json<{ request: string; reply: string }>();
    const second = (await app.inject({ url: '/nonce' })).json<{ request: string; reply: string }>();
    expect(first.request).toBe(first.reply);
    expect(first.request).not.toBe(second.request);
    expect(Buffer.from(first.request, 'base64')).toHaveLength(16);
  });

  it('applies overrides by route pattern and from a handler', async () => {
    const app = await buildApp();
    for (const url of ['/widgets/clock', '/share']) {
      const response = await app.inject({ url });
      expect(response.headers['content-security-policy'], url).toContain(
        "frame-ancestors 'self' https://partner.example.com",
      );
    }
    expect((await app.inject({ url: '/nonce' })).headers['content-security-policy']).toContain(
      "frame-ancestors 'none'",
    );
  });
});
