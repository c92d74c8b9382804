// `vigie user create` as an operator runs it: the real CLI in a child process against a fresh
// SQLite data folder, then the account it printed used against a running Vigie on that folder.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login } from './auth-fixtures.ts';
import { type ServerProcess, startServerProcess } from './support/server-process.ts';

const bin = fileURLToPath(new URL('../bin/vigie.js', import.meta.url));

describe('vigie user create', () => {
  let dataDir: string;
  const env = () => ({ ...process.env, VIGIE_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
  const vigie = (...args: string[]) => {
    const result = spawnSync(process.execPath, [bin, ...args], { env: env(), encoding: 'utf8' });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const line = (stdout: string, label: string) => new RegExp(`^${label}: (\\S+)$`, 'm').exec(stdout)?.[1];

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'vigie-cli-'));
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a project role when there is no project to give it on', () => {
    const result = vigie('user', 'create', '--email', 'ana@example.com', '--role', 'member');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('a project role needs --project');
  });

  it('creates a member of the only project, prints a password and a token that work', async () => {
    expect(vigie('project', 'create', 'Web shop').code).toBe(0);
    const created = vigie('user', 'create', '--email', 'Ana@Example.com', '--role', 'member', '--token');
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(
      /^user \d+ \(ana@example\.com\) created: member of project \d+ \(web-shop\)$/m,
    );
    const password = line(created.stdout, 'password')!;
    const token = line(created.stdout, 'token')!;
    expect(password).toMatch(/^[A-Za-z0-9-]{24}$/);
    expect(token).toMatch(/^vigie_/);

    const server: ServerProcess = await startServerProcess({ VIGIE_DATA_DIR: dataDir });
    try {
      const projects = await call<{ projects: { slug: string; id: number }[] }>(
        server,
        'GET',
        '/api/v1/projects',
        { bearer: token },
      );
      expect(projects.body.projects.map((p) => p.slug)).toEqual(['web-shop']);
      // A member's token triages but does not manage the project.
      const members = `/api/v1/projects/${projects.body.projects[0]!.id}/members`;
      expect((await call(server, 'GET', members, { bearer: token })).status).toBe(403);
      const me = await call<{ scopes: string[] }>(server, 'GET', '/api/v1/auth/me', {
        bearer: token,
      });
      expect(me.body.scopes).toEqual(['triage']);
      const session = await login(server, 'ana@example.com', password);
      expect(session.cookie).toMatch(/^vigie_session=/);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });

  it('needs --project once there are several projects, and takes a given password', () => {
    expect(vigie('project', 'create', 'Back office').code).toBe(0);
    const ambiguous = vigie('user', 'create', '--email', 'bo@example.com', '--role', 'viewer');
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('projects: web-shop, back-office');

    const created = vigie(
      'user',
      'create',
      '--email',
      'bo@example.com',
      '--role',
      'support',
      '--project',
      'back-office',
      '--password',
      'bo-chose-this-one',
    );
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('support of project');
    expect(created.stdout).toContain('(back-office)');
    expect(created.stdout).not.toContain('password:');
    expect(created.stdout).not.toContain('bo-chose-this-one');
  });

  it('creates an instance administrator, and refuses an email that is taken', () => {
    const admin = vigie('user', 'create', '--email', 'root@example.com', '--role', 'instance-admin');
    expect(admin.code).toBe(0);
    expect(admin.stdout).toContain('created: an instance administrator');
    const again = vigie('user', 'create', '--email', 'ROOT@example.com', '--role', 'instance-admin');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('a user with email root@example.com already exists');
    const badRole = vigie('user', 'create', '--email', 'x@example.com', '--role', 'superuser');
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('--role owner|admin|member|support|viewer|instance-admin');
  });
});
