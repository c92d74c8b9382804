// The authorization matrix: every /api/v1 route × every role (owner, admin, member, support,
// viewer, non-member, instance admin) × their own project and another one, on SQLite and
// PostgreSQL. Each call must answer 2xx, 403 or 404 as the roles allow, and no 2xx answer may
// contain anything from a project the caller cannot read. A route the app serves without a row
// fails the first test: add one line to ROWS in authorization-matrix-rows.ts.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Capability } from '../src/auth/roles.ts';
import type { App } from '../src/http.ts';
import { call } from './auth-fixtures.ts';
import { type Access, PUBLIC, ROWS } from './authorization-matrix-rows.ts';
import {
  buildWorld,
  ROLES,
  type Role,
  type Target,
  type Values,
  type World,
} from './authorization-matrix-world.ts';
import { testDialects } from './support/databases.ts';

// What each role may do, as issue 3 words it; written out here rather than read from roles.ts,
// so that a wrong table in the code fails this test.
const ALL: Capability[] = ['read', 'lookup', 'triage', 'manage'];
const CAN: Record<Role, readonly Capability[]> = {
  owner: ALL,
  admin: ALL,
  member: ['read', 'lookup', 'triage'],
  support: ['read', 'lookup'],
  viewer: ['read'],
  'non-member': [],
  'instance-admin': ALL,
};

type Outcome = 'ok' | 403 | 404;

function expected(access: Access, role: Role, target: Target): Outcome {
  const can = CAN[role];
  switch (access.kind) {
    case 'self':
      return 'ok';
    case 'instance-admin':
      return role === 'instance-admin' ? 'ok' : 403;
    case 'across':
      return can.includes(access.capability) || !can.includes('read') ? 'ok' : 403;
    case 'project': {
      if ((target === 'other' && role !== 'instance-admin') || !can.includes('read')) return 404;
      return can.includes(access.capability) ? 'ok' : 403;
    }
  }
}

const bodyOf = (body: unknown, values: Values) =>
  typeof body === 'function' ? (body as (v: Values) => unknown)(values) : body;
const fill = (path: string, values: Values) =>
  path.replace(/\{(\w+)\}/g, (_, name: keyof Values) => String(values[name]));
const shape = (route: string) => route.split('?')[0]!.replace(/\/(:[^/]+|\{\w+\})/g, '/*');

/** "METHOD /path" of every route the app serves, from Fastify's route tree. */
function servedRoutes(app: App): string[] {
  const routes: string[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^((?:│ {3}| {4})*)[├└]── (\S+)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    const path = (stack[depth - 1] ?? '') + match[2];
    stack.length = depth;
    stack[depth] = path;
    for (const method of match[3]?.split(', ') ?? []) routes.push(`${method} ${path}`);
  }
  return routes;
}

describe.each(testDialects)('authorization matrix on %s', (dialect) => {
  let world: World;
  beforeAll(async () => {
    world = await buildWorld(dialect);
  });
  afterAll(async () => {
    await world?.stop();
  });

  it('has a row for every /api/v1 route the app serves, and no row for a route it does not', () => {
    const served = servedRoutes(world.vigie.app)
      .filter((r) => /^(GET|POST|PUT|PATCH|DELETE) \/api\/v1\//.test(r) && !PUBLIC.includes(r))
      .map(shape);
    const rows = ROWS.map((r) => shape(r.route));
    expect(
      served.filter((r) => !rows.includes(r)),
      'routes without a matrix row',
    ).toEqual([]);
    expect(
      rows.filter((r) => !served.includes(r)),
      'rows for routes that are not served',
    ).toEqual([]);
  });

  it.each(ROWS.map((row) => [row.route, row] as const))('%s', async (_, row) => {
    const [method, path] = row.route.split(' ') as [string, string];
    const targets: Target[] =
      row.access.kind === 'self' || row.access.kind === 'instance-admin' ? ['own'] : ['own', 'other'];
    const mismatches: string[] = [];
    for (const role of ROLES) {
      for (const target of targets) {
        const want = expected(row.access, role, target);
        const project = world.projects[target];
        const who = world.users[role];
        const fresh = want === 'ok' && row.fresh ? await row.fresh(world, project, who) : {};
        const values = { ...project.values, ...fresh };
        const answer = await call(world.vigie, method, fill(path, values), {
          bearer: who.token,
          ...(row.body !== undefined ? { body: bodyOf(row.body, values) } : {}),
        });
        const ok = answer.status >= 200 && answer.status < 300;
        if ((ok ? 'ok' : answer.status) !== want) {
          mismatches.push(
            `${role} on ${target}: expected ${want}, got ${answer.status} ${answer.text.slice(0, 160)}`,
          );
        }
        // A 404 names only what the request named: not the project behind an issue, so that it says
        // nothing of what exists elsewhere (the same words answer an id that does not exist).
        if (answer.status === 404) {
          const url = fill(path, values);
          for (const id of answer.text.match(/\d+/g) ?? []) {
            if (!url.includes(id))
              mismatches.push(`${role} on ${target}: the 404 names ${id}: ${answer.text}`);
          }
        }
        const hidden = [
          ...(role === 'instance-admin' ? [] : [world.projects.other.marker]),
          ...(CAN[role].includes('read') ? [] : [world.projects.own.marker]),
        ];
        for (const marker of hidden) {
          if (ok && answer.text.includes(marker))
            mismatches.push(`${role} on ${target}: the answer shows ${marker}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});
