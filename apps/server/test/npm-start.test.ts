// `npm start` as a container or a process manager runs it: SIGTERM goes to npm, and must reach the
// server so that it shuts down gracefully. npm forwards the signal to the script's process, so the
// script has to `exec` into the server rather than leave a shell in between: a shell killed by
// SIGTERM leaves the server running, orphaned, until something SIGKILLs it.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from './support/server-process.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm start', () => {
  const cleanups: Array<() => void> = [];
  afterAll(() => {
    for (const cleanup of cleanups.reverse()) cleanup();
  });

  it('passes SIGTERM on to the server, which shuts down gracefully and exits', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'vigie-npm-start-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const port = await freePort();
    const npm: ChildProcess = spawn('npm', ['start'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        PORT: String(port),
        VIGIE_DATA_DIR: dataDir,
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    npm.stdout!.on('data', (chunk) => {
      out += chunk;
    });
    npm.stderr!.on('data', (chunk) => {
      out += chunk;
    });
    const npmExited = new Promise<void>((resolve) => npm.once('exit', () => resolve()));

    const deadline = Date.now() + 30_000;
    for (;;) {
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) break;
      if (npm.exitCode !== null || Date.now() > deadline) throw new Error(`vigie did not start: ${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    // The server's own pid, from its JSON log lines.
    const serverPid = Number(/"pid":(\d+)/.exec(out)?.[1]);
    expect(serverPid).toBeGreaterThan(0);
    cleanups.push(() => {
      if (isRunning(serverPid)) process.kill(serverPid, 'SIGKILL');
    });

    npm.kill('SIGTERM');
    await npmExited;

    expect(out).toContain('"msg":"shutting down"');
    expect(isRunning(serverPid)).toBe(false);
    await expect(fetch(`http://127.0.0.1:${port}/livez`)).rejects.toThrow();
  }, 60_000);
});
