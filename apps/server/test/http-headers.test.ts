// What every answer carries whatever the route: the security headers a dashboard needs, and while the
// server drains, Vigie's own 503 with Retry-After instead of Fastify's. Nothing here is stored, so
// SQLite alone runs it.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningVigie, startVigie } from './support/app.ts';
import { envelopeOf, errorEvent } from './support/events.ts';

describe('security headers and draining', () => {
  let vigie: RunningVigie;
  beforeAll(async () => {
    // Behind a proxy that says which scheme the client used, as in production behind TLS.
    vigie = await startVigie('sqlite', { VIGIE_TRUST_PROXY: 'true' });
  });
  afterAll(async () => {
    await vigie.stop();
  });

  const envelopeUrl = () => `/api/${vigie.projectId}/envelope/?sentry_key=${new URL(vigie.dsn).username}`;
  const bearer = () => ({ authorization: `Bearer ${vigie.token}` });

  const expectSecurityHeaders = (response: Response, what: string) => {
    expect(
      {
        nosniff: response.headers.get('x-content-type-options'),
        referrer: response.headers.get('referrer-policy'),
        frame: response.headers.get('x-frame-options'),
        csp: response.headers.get('content-security-policy'),
        coop: response.headers.get('cross-origin-opener-policy'),
      },
      what,
    ).toEqual({
      nosniff: 'nosniff',
      referrer: 'no-referrer',
      frame: 'DENY',
      csp: "default-src 'none'; frame-ancestors 'none'",
      coop: 'same-origin',
    });
  };

  it('sends the security headers on API, ingest, error and probe answers alike', async () => {
    const answers: Array<[string, Response]> = [
      ['API', await vigie.fetch('/api/v1/projects', { headers: bearer() })],
      ['API 401', await vigie.fetch('/api/v1/projects')],
      ['ingest', await vigie.fetch(envelopeUrl(), { method: 'POST', body: envelopeOf(errorEvent()) })],
      ['ingest 401', await vigie.fetch(`/api/${vigie.projectId}/envelope/`, { method: 'POST', body: 'x' })],
      ['no route', await vigie.fetch('/nothing-here')],
      ['URL the router refuses', await vigie.fetch('/api/v1/%zz')],
      ['liveness', await vigie.fetch('/livez')],
      ['OpenAPI', await vigie.fetch('/api/openapi.json')],
    ];
    for (const [what, response] of answers) expectSecurityHeaders(response, what);
    expect(answers[2]![1].status).toBe(200);
  });

  it('sends Strict-Transport-Security only to clients that came over HTTPS', async () => {
    const plain = await vigie.fetch('/livez');
    expect(plain.headers.get('strict-transport-security')).toBeNull();
    const secure = await vigie.fetch('/livez', { headers: { 'x-forwarded-proto': 'https' } });
    expect(secure.headers.get('strict-transport-security')).toBe('max-age=15552000');
  });

  it("answers Vigie's shutting_down with Retry-After while draining, API and ingest alike", async () => {
    // What the preClose hook does when SIGTERM starts the shutdown.
    vigie.app.vigie.readiness.shuttingDown = true;
    try {
      for (const [url, init] of [
        ['/api/v1/projects', { headers: bearer() }],
        [envelopeUrl(), { method: 'POST', body: envelopeOf(errorEvent()) }],
      ] as const) {
        const response = await vigie.fetch(url, init);
        expect(response.status).toBe(503);
        expect(response.headers.get('retry-after')).toBe('5');
        expect(response.headers.get('connection')).toBe('close');
        expectSecurityHeaders(response, url);
        const body = (await response.json()) as { error: { code: string; message: string } };
        expect(body.error.code).toBe('shutting_down');
        expect(body.error.message).toContain('Retry-After');
      }
      const ready = await vigie.fetch('/readyz');
      expect([ready.status, await ready.json()]).toEqual([503, { status: 'shutting_down' }]);
      expect((await vigie.fetch('/livez')).status).toBe(200);
    } finally {
      vigie.app.vigie.readiness.shuttingDown = false;
    }
  });
});
