// The OpenAPI document: valid OpenAPI 3.1, and complete: every route the app serves under /api/v1 (read from
// Fastify's own route table, not from the document) appears with a response schema for its success status, so a
// route added without one fails here.

import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Validator } from '@seriousme/openapi-schema-validator';
import Fastify, { type FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import { registerOpenApi } from '../src/api/openapi.ts';
import { API_SECURITY_SCHEMES } from '../src/auth/security-schemes.ts';
import { type RunningVigie, startVigie } from './support/app.ts';

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
  security?: unknown[];
}
interface Document {
  openapi: string;
  info: { title: string; version: string };
  components: { securitySchemes: Record<string, { type: string; scheme?: string; in?: string }> };
  paths: Record<string, Record<string, Operation>>;
}

const DOCUMENTED_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** Every (method, path) in Fastify's printRoutes tree: children print their path relative to their parent. */
function routesOf(tree: string): Array<{ method: string; path: string }> {
  const prefixes: string[] = [];
  const routes: Array<{ method: string; path: string }> = [];
  for (const line of tree.split('\n')) {
    const match = /^((?:[│ ] {3})*)[├└]── (\S+)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    const path = (prefixes[depth - 1] ?? '') + match[2];
    prefixes.length = depth;
    prefixes.push(path);
    for (const method of (match[3] ?? '').split(', ').filter(Boolean)) routes.push({ method, path });
  }
  return routes;
}

/** `METHOD /path` of the /api/v1 routes the app serves without a documented success response. */
function undocumentedRoutes(app: FastifyInstance, document: Document): string[] {
  const routes = routesOf(app.printRoutes({ commonPrefix: false })).filter(
    (r) => r.path.startsWith('/api/v1/') && DOCUMENTED_METHODS.includes(r.method),
  );
  const undocumented = routes.filter(({ method, path }) => {
    const operation = document.paths[path.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()];
    const success = Object.entries(operation?.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
    // A 204 has no body to describe; the generator never makes one up, so its presence means it was declared.
    // A route without a response schema gets a made-up "200: Default Response" without content instead.
    return !success.some(
      ([status, response]) =>
        status === '204' || response.content?.['application/json']?.schema !== undefined,
    );
  });
  return undocumented.map((r) => `${r.method} ${r.path}`);
}

describe('OpenAPI document', () => {
  let vigie: RunningVigie;
  let document: Document;
  beforeAll(async () => {
    vigie = await startVigie('sqlite');
    const response = await vigie.fetch(`/api/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    document = (await response.json()) as Document;
  });
  afterAll(async () => {
    await vigie?.stop();
  });

  it('is a valid OpenAPI 3.1 document, served without authentication', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document) as unknown as Record<string, unknown>);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(document.info).toMatchObject({ title: 'Vigie API', version: packageJson.version });
  });

  it('declares bearer tokens and the session cookie as the ways to authenticate', () => {
    expect(document.components.securitySchemes).toMatchObject({
      bearer: { type: 'http', scheme: 'bearer' },
      cookie: { type: 'apiKey', in: 'cookie', name: 'vigie_session' },
    });
  });

  it('documents every /api/v1 route with a JSON response schema for its success status (or a declared 204)', () => {
    const undocumented = undocumentedRoutes(vigie.app, document);
    expect(routesOf(vigie.app.printRoutes({ commonPrefix: false })).length).toBeGreaterThan(40);
    expect(undocumented).toEqual([]);
  });

  it('lists the search, customer and rotation routes with their parameters', () => {
    const issues = document.paths['/api/v1/projects/{id}/issues']?.get as {
      parameters: Array<{ name: string }>;
    };
    expect(issues.parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining(['id', 'query', 'sort', 'cursor', 'limit', 'status']),
    );
    for (const path of [
      '/api/v1/customers',
      '/api/v1/customers/{key}/events',
      '/api/v1/projects/{id}/triage-report',
    ]) {
      expect(document.paths[path]?.get, path).toBeDefined();
    }
    expect(document.paths['/api/v1/projects/{id}/rotation']?.put).toBeDefined();
  });

  it('leaves out the Sentry ingest protocol, the health probes and itself', () => {
    const paths = Object.keys(document.paths);
    expect(paths.every((p) => p.startsWith('/api/v1/'))).toBe(true);
  });

  it('flags a route added without a response schema', async () => {
    const app = Fastify().withTypeProvider<TypeBoxTypeProvider>();
    await registerOpenApi(app, { publicUrl: vigie.config.publicUrl, securitySchemes: API_SECURITY_SCHEMES });
    app.get('/api/v1/projects/:id/widgets', async () => ({ widgets: [] }));
    app.get(
      '/api/v1/projects/:id/gadgets',
      { schema: { response: { 200: Type.Object({}) } } },
      async () => ({}),
    );
    await app.ready();
    expect(undocumentedRoutes(app, app.swagger() as unknown as Document)).toEqual([
      'GET /api/v1/projects/:id/widgets',
    ]);
    await app.close();
  });

  it('reads the route table the completeness check relies on', () => {
    const tree = [
      '├── /livez (GET, HEAD)',
      '├── /api/v1/issues/:id (GET, PATCH)',
      '│   └── /events (GET)',
    ].join('\n');
    expect(routesOf(tree)).toEqual([
      { method: 'GET', path: '/livez' },
      { method: 'HEAD', path: '/livez' },
      { method: 'GET', path: '/api/v1/issues/:id' },
      { method: 'PATCH', path: '/api/v1/issues/:id' },
      { method: 'GET', path: '/api/v1/issues/:id/events' },
    ]);
  });
});
