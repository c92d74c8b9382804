// The reference pages in docs/ list what the server has: every route of the OpenAPI document in
// api.md and every environment variable, with its default, in configuration.md. A route or a
// variable added without its line fails here, and so does a line for one that is gone. The README
// stays short, and the images it shows exist and stay small.

import { readFileSync, statSync } from 'node:fs';
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

describe('README.md', () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

  it('stays short: under 150 lines', () => {
    expect(readme.split('\n').length).toBeLessThan(150);
  });

  it('shows images that exist, as PNGs under 250 KB', () => {
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]!);
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) {
      expect(image).toMatch(/^docs\/images\/[\w-]+\.png$/);
      const size = statSync(new URL(`../../../${image}`, import.meta.url)).size;
      expect(size, image).toBeLessThan(250 * 1024);
    }
  });
});
