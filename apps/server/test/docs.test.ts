// The reference pages in docs/ list what the server has: every route of the OpenAPI document in
// api.md and every environment variable, with its default, in configuration.md. A route or a
// variable added without its line fails here, and so does a line for one that is gone.

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configVariables } from '../src/config/config.ts';
import { type RunningVigie, startVigie } from './support/app.ts';

const doc = (name: string) => readFileSync(new URL(`../../../docs/${name}`, import.meta.url), 'utf8');
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** `GET /projects/{}/keys`: every path parameter written `{}`. */
const routeKey = (method: string, path: string) => `${method} ${path.replace(/\{[^}]*\}/g, '{}')}`;

describe('docs/api.md', () => {
  let vigie: RunningVigie;
  beforeAll(async () => {
    vigie = await startVigie('sqlite');
    await vigie.app.ready();
  });
  afterAll(async () => {
    await vigie?.stop();
  });

  it('documents exactly the routes of the OpenAPI document', () => {
    const paths = (vigie.app.swagger() as { paths: Record<string, Record<string, unknown>> }).paths;
    const served = Object.entries(paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => routeKey(method.toUpperCase(), path.replace(/^\/api\/v1/, ''))),
    );
    const rows = doc('api.md').matchAll(new RegExp(`^\\| \`(${METHODS.join('|')}) (/[^\`?]*)`, 'gm'));
    const documented = [...rows].map(([, method, path]) => routeKey(method!, path!));
    expect([...new Set(documented)].sort()).toEqual([...new Set(served)].sort());
  });
});

describe('docs/configuration.md', () => {
  it('describes every variable, with its default', () => {
    const described = new Map(
      [...doc('configuration.md').matchAll(/^- `([A-Z_]+)`(?: \(default `([^`]*)`\))?:/gm)].map(
        ([, name, value]) => [name!, value ?? ''],
      ),
    );
    const expected = new Map(
      configVariables.map((v) => [v.name, v.default === undefined ? '' : String(v.default)]),
    );
    expect(described).toEqual(expected);
  });
});
