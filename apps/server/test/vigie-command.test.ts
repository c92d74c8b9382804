// The `vigie` command as the README has a newcomer type it after `npm install`, from the repository's
// root: `npx vigie …` (npm links the workspace's bin into node_modules/.bin) and `npm run vigie -- …`.
// And started by a Node older than 24, it says what it needs instead of crashing on the first API
// Node 24 has.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const bin = fileURLToPath(new URL('../bin/vigie.js', import.meta.url));
/** This run's Node (24 or newer) first on PATH, as after `source scripts/bootstrap-node.sh`. */
const env = { ...process.env, PATH: `${path.dirname(process.execPath)}:${process.env.PATH}` };

const SYSTEM_NODE = '/usr/bin/node';
const systemVersion = existsSync(SYSTEM_NODE)
  ? spawnSync(SYSTEM_NODE, ['-p', 'process.version'], { encoding: 'utf8' }).stdout.trim()
  : undefined;
const systemMajor = Number(systemVersion?.slice(1).split('.')[0]);
const noOldNode =
  systemVersion === undefined
    ? `there is no ${SYSTEM_NODE}`
    : systemMajor >= 24
      ? `${SYSTEM_NODE} is Node ${systemVersion}, not older than 24`
      : undefined;

describe('the vigie command', () => {
  const run = (command: string, args: string[]) =>
    spawnSync(command, args, { cwd: repoRoot, env, encoding: 'utf8', timeout: 60_000 });

  it('runs as `npx vigie` from the repository root', () => {
    // `npx vigie --help` would be npx's own help: `help` is the form to document.
    const result = run('npx', ['--no', 'vigie', 'help']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^usage: vigie \[serve\]/);
  });

  it('runs as `npm run vigie -- …` from the repository root', () => {
    const result = run('npm', ['run', '--silent', 'vigie', '--', '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^usage: vigie \[serve\]/);
  });

  it.skipIf(noOldNode !== undefined)(
    `says it needs Node.js 24 when an older Node starts it${noOldNode ? ` (skipped: ${noOldNode})` : ''}`,
    () => {
      const result = spawnSync(SYSTEM_NODE, [bin, 'help'], { cwd: repoRoot, encoding: 'utf8' });
      expect(result.status).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        `Vigie needs Node.js 24 or newer, and this is Node ${systemVersion}.\n` +
          'Run it as `npm run vigie -- <command>` from the repository (it installs Node 24 into .node/ on first use),\n' +
          'or first run: source scripts/bootstrap-node.sh\n',
      );
    },
  );
});
