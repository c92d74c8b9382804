// The error catalogue is complete: every error the server answers carries a code of the catalogue with the
// catalogue's status, whether a route threw it, Fastify refused the request before any route ran, or something
// failed unexpectedly; and the OpenAPI document lists exactly the catalogue's codes. Requests go through
// inject() on SQLite and PostgreSQL. (Throw sites need no scan: a code outside the catalogue does not compile.)

import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config/config.ts';
import { ERROR_CATALOGUE, ERROR_CODES, type ErrorCode } from '../src/error-catalogue.ts';
import { VigieError } from '../src/errors.ts';
import type { App } from '../src/http.ts';
import { bootstrapIfEmpty } from '../src/projects/first-run.ts';
import { createTestDatabase, type TestDatabase, testDialects } from './support/databases.ts';

const BOOM_PATH = '/error-catalogue-test/boom';

interface Answer {
  status: number;
  body: { error: { code: ErrorCode; message: string; details?: Record<string, unknown> } };
}

/** Parameters for any template: the message of a code that takes one, else ['x'] (it prints as x, and joins). */
const anyParams = new Proxy({}, { get: (_params, name) => (name === 'message' ? 'Some message.' : ['x']) });

describe('the error catalogue', () => {
  it('has snake_case codes, each with an error status and a message that renders', () => {
    expect(ERROR_CODES.length).toBeGreaterThan(70);
    for (const code of ERROR_CODES) {
      const entry = ERROR_CATALOGUE[code];
      expect(code, code).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
      expect(entry.status, code).toBeGreaterThanOrEqual(400);
      expect(entry.status, code).toBeLessThan(600);
      const message = typeof entry.message === 'string' ? entry.message : entry.message(anyParams as never);
      expect(message, code).toMatch(/\S/);
      expect(message, code).not.toMatch(/undefined|\[object /);
      if (typeof entry.message !== 'string') expect('meaning' in entry && entry.meaning, code).toMatch(/\S/);
    }
  });

  it('gives a VigieError the status, message and details of its code', () => {
    const error = new VigieError('project_exists', { slug: 'shop' }, { slug: 'shop' });
    expect(error).toMatchObject({ code: 'project_exists', status: 409, details: { slug: 'shop' } });
    expect(error.message).toBe('A project with slug "shop" already exists.');
    expect(new VigieError('invalid_cursor')).toMatchObject({ status: 400, details: undefined });
    const merged = new VigieError('issue_merged', {
      issueId: 3,
      mergedIntoId: 7,
      advice: '; triage that one instead.',
    });
    expect(merged.message).toBe('Issue 3 was merged into issue 7; triage that one instead.');
  });
});

describe.each(testDialects)('every error answered on %s', (dialect) => {
  let app: App;
  let testDatabase: TestDatabase;
  let token: string;
  let projectId: number;
  let dsnKey: string;

  beforeAll(async () => {
    testDatabase = await createTestDatabase(dialect);
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      ...(testDatabase.target.kind === 'postgres'
        ? { DATABASE_URL: testDatabase.target.url, VIGIE_DATA_DIR: '/tmp' }
        : { VIGIE_DATA_DIR: testDatabase.target.file.replace(/\/vigie\.sqlite$/, '') }),
    });
    app = await buildApp(config);
    // A handler that fails in a way no code foresees, as a bug would.
    app.get(BOOM_PATH, async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'id')");
    });
    await app.ready();
    const run = await bootstrapIfEmpty(app.vigie.database.db, {
      publicUrl: 'http://vigie.test',
      bootstrapToken: undefined,
    });
    if (!run) throw new Error('test database was not empty');
    ({ token, projectId } = run);
    dsnKey = new URL(run.dsn).username;
  });
  afterAll(async () => {
    await app?.close();
    await testDatabase?.drop();
  });

  /** Injects the request and checks the answer is a catalogue error with the catalogue's status. */
  async function failure(options: InjectOptions): Promise<Answer> {
    const response = await app.inject(options);
    const answer: Answer = { status: response.statusCode, body: response.json() };
    expect(Object.keys(answer.body)).toEqual(['error']);
    const { code, message } = answer.body.error;
    expect(ERROR_CODES, `${code} is not in the catalogue`).toContain(code);
    expect(answer.status, code).toBe(ERROR_CATALOGUE[code].status);
    expect(message).toMatch(/\S/);
    return answer;
  }

  const codeOf = async (options: InjectOptions) => (await failure(options)).body.error.code;
  const withToken = () => ({ authorization: `Bearer ${token}` });
  const login = (payload: string, contentType = 'application/json', headers: Record<string, string> = {}) =>
    codeOf({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': contentType, ...headers },
      payload,
    });

  it('answers a request that does not match the schema with invalid_request and its issues', async () => {
    const answer = await failure({ method: 'POST', url: '/api/v1/auth/login', payload: {} });
    expect(answer.body.error).toMatchObject({
      code: 'invalid_request',
      details: { issues: expect.any(Array) },
    });
  });

  it('answers an unknown route, project or issue with not_found', async () => {
    expect(await codeOf({ method: 'GET', url: '/api/v1/nothing-here' })).toBe('not_found');
    const headers = withToken();
    expect(await codeOf({ method: 'GET', url: '/api/v1/projects/999999/keys', headers })).toBe('not_found');
    expect(await codeOf({ method: 'GET', url: '/api/v1/issues/999999', headers })).toBe('not_found');
  });

  it('maps the bodies Fastify refuses to catalogue codes', async () => {
    expect(await login(JSON.stringify({ email: 'x'.repeat(2 * 1024 * 1024), password: 'p' }))).toBe(
      'payload_too_large',
    );
    expect(await login('<login/>', 'application/xml')).toBe('unsupported_media_type');
    expect(await login('{"email": ')).toBe('invalid_json');
    expect(await login('')).toBe('invalid_json');
    expect(await login('{}', 'application/json', { 'content-length': '100' })).toBe('invalid_content_length');
  });

  it('maps the URLs the router refuses to catalogue codes', async () => {
    expect(await codeOf({ method: 'GET', url: '/api/v1/projects/%E0%A4%A' })).toBe('invalid_url');
    expect(await codeOf({ method: 'GET', url: `/api/v1/projects/${'1'.repeat(200)}` })).toBe(
      'path_parameter_too_long',
    );
  });

  it('answers a missing or unknown token with an authentication code', async () => {
    expect(await codeOf({ method: 'GET', url: '/api/v1/projects' })).toBe('unauthenticated');
    const headers = { authorization: 'Bearer not-a-token' };
    expect(await codeOf({ method: 'GET', url: '/api/v1/projects', headers })).toBe('invalid_token');
  });

  it('answers what a route throws with its code, on the API and on the ingest protocol', async () => {
    const headers = withToken();
    const cursor = `/api/v1/projects/${projectId}/issues?cursor=bm90LWEtY3Vyc29y`;
    expect(await codeOf({ method: 'GET', url: cursor, headers })).toBe('invalid_cursor');
    const envelope = `/api/${projectId}/envelope/`;
    expect(await codeOf({ method: 'POST', url: envelope, payload: '{}\n' })).toBe('missing_key');
    const auth = { 'x-sentry-auth': `Sentry sentry_key=${dsnKey}, sentry_version=7` };
    expect(await codeOf({ method: 'POST', url: envelope, headers: auth, payload: 'not an envelope' })).toBe(
      'invalid_envelope',
    );
    const squeezed = { ...auth, 'content-encoding': 'squeeze' };
    expect(await codeOf({ method: 'POST', url: envelope, headers: squeezed, payload: '{}\n' })).toBe(
      'unsupported_encoding',
    );
  });

  it('answers an unexpected failure with internal_error, without its details', async () => {
    const answer = await failure({ method: 'GET', url: BOOM_PATH });
    expect(answer.body.error).toEqual({ code: 'internal_error', message: 'Internal server error.' });
  });

  it('lists exactly the catalogue in the OpenAPI document, and every error response refers to it', () => {
    const document = app.swagger() as unknown as {
      components: { schemas: Record<string, { enum?: string[]; description?: string }> };
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    const listed = document.components.schemas.ErrorCode;
    expect(listed?.enum).toEqual(ERROR_CODES);
    for (const code of ERROR_CODES) {
      expect(listed?.description).toContain(`| \`${code}\` | ${ERROR_CATALOGUE[code].status} |`);
    }
    const errorResponses = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations).flatMap(([method, operation]) =>
        Object.entries(operation.responses)
          .filter(([status]) => Number(status) >= 400)
          .map(([status, response]) => ({ where: `${method} ${path} ${status}`, response })),
      ),
    );
    expect(errorResponses.length).toBeGreaterThan(100);
    for (const { where, response } of errorResponses) {
      const code = (response as { content: Record<string, { schema: ErrorSchema }> }).content[
        'application/json'
      ]?.schema.properties.error.properties.code;
      expect(code, where).toEqual({ $ref: '#/components/schemas/ErrorCode' });
    }
  });
});

interface ErrorSchema {
  properties: { error: { properties: { code: unknown } } };
}
