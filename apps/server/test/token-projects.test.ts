// The projects a token acts on, on SQLite and PostgreSQL: the documented `vigie token create --name ci
// --scope read` makes a token that reads every project; --project (CLI) or `projects` (API) limits a
// token to some; a user's token sees what its user sees, or less; a limited token is never an
// instance administrator and never makes a wider token.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../src/cli/commands.ts';
import { createProject } from '../src/projects/project.repository.ts';
import { addUser, call, userToken } from './auth-fixtures.ts';
import { type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';

interface Created {
  token: string;
  projects: number[] | null;
}

describe.each(testDialects)('token projects on %s', (dialect) => {
  let vigie: RunningVigie;
  let shop: { id: number; slug: string };
  let blog: { id: number; slug: string };
  beforeAll(async () => {
    vigie = await startVigie(dialect);
    shop = await createProject(vigie.app.vigie.database.db, 'Web shop');
    blog = await createProject(vigie.app.vigie.database.db, 'Blog');
  });
  afterAll(async () => {
    await vigie.stop();
  });

  const cli = async (...args: string[]) => {
    const lines: string[] = [];
    await runCommand(vigie.config, args, (line) => lines.push(line));
    return lines;
  };
  const visible = async (bearer: string) => {
    const answer = await call<{ projects: Array<{ id: number }> }>(vigie, 'GET', '/api/v1/projects', {
      bearer,
    });
    return answer.body.projects.map((p) => p.id);
  };
  const status = async (bearer: string, method: string, path: string, body?: unknown) =>
    (await call(vigie, method, path, { bearer, ...(body === undefined ? {} : { body }) })).status;

  it('makes the documented read token read every project, and says so where it prints it', async () => {
    const lines = await cli('token', 'create', '--name', 'ci', '--scope', 'read');
    const token = lines[0]!.replace(/^token: /, '');
    expect(lines).toEqual([
      expect.stringMatching(/^token: vigie_/),
      'can: read issues and events, look up customers',
      'on: every project, including those created later',
    ]);
    expect(await visible(token)).toEqual([vigie.projectId, shop.id, blog.id]);
    expect(await status(token, 'GET', `/api/v1/projects/${blog.id}/issues`)).toBe(200);
    // Read, not triage, not manage.
    expect(
      await status(token, 'PATCH', `/api/v1/projects/${blog.id}/keys/1`, { rateLimitPerMinute: 5 }),
    ).toBe(403);
    expect(await status(token, 'GET', '/api/v1/users')).toBe(403);
    const later = await createProject(vigie.app.vigie.database.db, 'Later');
    expect(await visible(token)).toContain(later.id);
  });

  it('limits a CLI token to the projects named with --project, by id or slug', async () => {
    const lines = await cli(
      'token',
      'create',
      '--scope',
      'triage',
      '--project',
      'web-shop',
      '--project',
      String(blog.id),
    );
    expect(lines[2]).toBe(`on: project ${shop.id} (web-shop), project ${blog.id} (blog)`);
    const token = lines[0]!.replace(/^token: /, '');
    expect(await visible(token)).toEqual([shop.id, blog.id]);
    expect(await status(token, 'GET', `/api/v1/projects/${vigie.projectId}/issues`)).toBe(404);
    await expect(cli('token', 'create', '--project', 'nope')).rejects.toThrow('no project "nope"');
  });

  it('makes service tokens limited to projects through the API; an admin one administers only those', async () => {
    const made = await call<Created>(vigie, 'POST', '/api/v1/tokens', {
      bearer: vigie.token,
      body: { name: 'deploy', scopes: ['admin'], projects: [shop.id] },
    });
    expect([made.status, made.body.projects]).toEqual([201, [shop.id]]);
    const deploy = made.body.token;
    expect(await visible(deploy)).toEqual([shop.id]);
    expect(
      await status(deploy, 'PATCH', `/api/v1/projects/${shop.id}/keys/0`, { rateLimitPerMinute: 5 }),
    ).toBe(404);
    expect(await status(deploy, 'GET', `/api/v1/projects/${shop.id}/members`)).toBe(200);
    expect(await status(deploy, 'GET', `/api/v1/projects/${blog.id}/members`)).toBe(404);
    expect(await status(deploy, 'GET', '/api/v1/users')).toBe(403);
    const me = await call<{ isAdmin: boolean; projects: number[] | null }>(vigie, 'GET', '/api/v1/auth/me', {
      bearer: deploy,
    });
    expect(me.body).toMatchObject({ isAdmin: false, projects: [shop.id] });

    const everywhere = await call<Created>(vigie, 'POST', '/api/v1/tokens', {
      bearer: vigie.token,
      body: { name: 'dashboard tv', scopes: ['read'] },
    });
    expect(everywhere.body.projects).toBeNull();
    expect(await visible(everywhere.body.token)).toEqual(
      expect.arrayContaining([vigie.projectId, shop.id, blog.id]),
    );
    const listed = await call<{ tokens: Array<{ name: string; projects: number[] | null }> }>(
      vigie,
      'GET',
      '/api/v1/tokens',
      { bearer: vigie.token },
    );
    expect(listed.body.tokens.find((t) => t.name === 'deploy')?.projects).toEqual([shop.id]);
    const missing = await call<{ error: { message: string } }>(vigie, 'POST', '/api/v1/tokens', {
      bearer: vigie.token,
      body: { name: 'x', scopes: ['read'], projects: [999999] },
    });
    expect([missing.status, missing.body.error.message]).toEqual([
      404,
      'Project 999999 does not exist, or you do not have access to it.',
    ]);
  });

  it("limits a user's token to projects the user may see, and a limited token makes no wider one", async () => {
    const { database } = vigie.app.vigie;
    const ana = await addUser(database, {
      email: `ana-${dialect}@shop.example`,
      role: 'member',
      projectId: shop.id,
    });
    await addUser(database, { email: `x-${dialect}@shop.example` });
    const anaToken = await userToken(database, ana.id);
    expect(await visible(anaToken)).toEqual([shop.id]);
    const hidden = await call(vigie, 'POST', '/api/v1/tokens', {
      bearer: anaToken,
      body: { name: 'x', scopes: ['read'], projects: [blog.id] },
    });
    expect(hidden.status).toBe(404);

    const limited = await call<Created>(vigie, 'POST', '/api/v1/tokens', {
      bearer: vigie.token,
      body: { name: 'ci', scopes: ['triage'], projects: [blog.id] },
    });
    const child = await call<Created>(vigie, 'POST', '/api/v1/tokens', {
      bearer: limited.body.token,
      body: { name: 'child', scopes: ['read'] },
    });
    // A service token that is not an instance-wide admin manages no service tokens.
    expect(child.status).toBe(403);
    const instanceAdmin = await addUser(database, { email: `root-${dialect}@shop.example`, isAdmin: true });
    const rootLimited = await call<Created>(vigie, 'POST', '/api/v1/tokens', {
      bearer: await userToken(database, instanceAdmin.id),
      body: { name: 'blog only', scopes: ['admin'], projects: [blog.id] },
    });
    expect(await visible(rootLimited.body.token)).toEqual([blog.id]);
    expect(await status(rootLimited.body.token, 'GET', '/api/v1/users')).toBe(403);
    const grandchild = await call<Created>(vigie, 'POST', '/api/v1/tokens', {
      bearer: rootLimited.body.token,
      body: { name: 'grandchild', scopes: ['read'] },
    });
    expect([grandchild.status, grandchild.body.projects]).toEqual([201, [blog.id]]);
    expect(await visible(grandchild.body.token)).toEqual([blog.id]);
  });
});
