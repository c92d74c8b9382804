// `vigie user create` as an operator runs it, against a fresh SQLite data folder, then the account
// it printed used against a Vigie on that folder. The commands run in-process as main.ts runs them
// (runCommand); the binary itself is started for what only a process shows: the exit codes and
// what goes to stdout and stderr.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { UsageError } from '../src/cli/command.ts';
import { runCommand } from '../src/cli/commands.ts';
import { type Config, loadConfig } from '../src/config/config.ts';
import { call, login } from './auth-fixtures.ts';
import { injectClient, TEST_PASSWORD_HASH_COST } from './support/app.ts';

const bin = fileURLToPath(new URL('../bin/vigie.js', import.meta.url));

describe('vigie user create', () => {
  let dataDir: string;
  let config: Config;
  /** Runs `vigie …` in this process; resolves to what it printed. */
  const vigie = async (...args: string[]) => {
    const lines: string[] = [];
    await runCommand(config, args, (line) => lines.push(line));
    return `${lines.join('\n')}\n`;
  };
  /** Runs the `vigie` binary on the same data folder. */
  const binary = (...args: string[]) => {
    const env = { ...process.env, VIGIE_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    const result = spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8' });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const line = (stdout: string, label: string) => new RegExp(`^${label}: (\\S+)$`, 'm').exec(stdout)?.[1];

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'vigie-cli-'));
    config = {
      ...loadConfig({ VIGIE_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
      passwordHashCost: TEST_PASSWORD_HASH_COST,
    };
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a project role when there is no project to give it on, exiting 2', () => {
    const result = binary('user', 'create', '--email', 'ana@example.com', '--role', 'member');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('a project role needs --project');
  });

  it('creates a member of the only project, prints a password and a token that work', async () => {
    await vigie('project', 'create', 'Web shop');
    const created = await vigie(
      'user',
      'create',
      '--email',
      'Ana@Example.com',
      '--role',
      'member',
      '--token',
    );
    expect(created).toMatch(/^user \d+ \(ana@example\.com\) created: member of project \d+ \(web-shop\)$/m);
    const password = line(created, 'password')!;
    const token = line(created, 'token')!;
    expect(password).toMatch(/^[A-Za-z0-9-]{24}$/);
    expect(token).toMatch(/^vigie_/);

    const app = await buildApp(config);
    try {
      const server = injectClient(app);
      const projects = await call<{ projects: { slug: string; id: number }[] }>(
        server,
        'GET',
        '/api/v1/projects',
        { bearer: token },
      );
      expect(projects.body.projects.map((p) => p.slug)).toEqual(['web-shop']);
      // A member's token triages but does not manage the project.
      const managersOnly = `/api/v1/projects/${projects.body.projects[0]!.id}/rotation/candidates`;
      expect((await call(server, 'GET', managersOnly, { bearer: token })).status).toBe(403);
      const me = await call<{ scopes: string[] }>(server, 'GET', '/api/v1/auth/me', { bearer: token });
      expect(me.body.scopes).toEqual(['triage']);
      const session = await login(server, 'ana@example.com', password);
      expect(session.cookie).toMatch(/^vigie_session=/);
    } finally {
      await app.close();
    }
  });

  it('needs --project once there are several projects, and takes a given password', async () => {
    await vigie('project', 'create', 'Back office');
    await expect(vigie('user', 'create', '--email', 'bo@example.com', '--role', 'viewer')).rejects.toThrow(
      new UsageError('a project role needs --project ID|SLUG (projects: web-shop, back-office)'),
    );

    const created = await vigie(
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
    expect(created).toContain('support of project');
    expect(created).toContain('(back-office)');
    expect(created).not.toContain('password:');
    expect(created).not.toContain('bo-chose-this-one');
  });

  it('creates an instance administrator, and refuses an email that is taken', async () => {
    const admin = binary('user', 'create', '--email', 'root@example.com', '--role', 'instance-admin');
    expect(admin.stderr).toBe('');
    expect(admin.code).toBe(0);
    expect(admin.stdout).toContain('created: an instance administrator');
    await expect(
      vigie('user', 'create', '--email', 'ROOT@example.com', '--role', 'instance-admin'),
    ).rejects.toThrow(new UsageError('a user with email root@example.com already exists'));
    await expect(vigie('user', 'create', '--email', 'x@example.com', '--role', 'superuser')).rejects.toThrow(
      /--role owner\|admin\|member\|support\|viewer\|instance-admin/,
    );
  });
});
