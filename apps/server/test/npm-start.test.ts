// `npm start` as a container or a process manager runs it: SIGTERM goes to npm, and must reach the
// server so that it shuts down gracefully. npm forwards the signal to the script's process, so the
// script has to `exec` into the server rather than leave a shell in between: a shell killed by
// SIGTERM leaves the server running, orphaned, until something SIGKILLs it.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startServerProcess } from './support/server-process.ts';

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
    const npm = await startServerProcess(
      { VIGIE_DATA_DIR: dataDir, LOG_LEVEL: 'info' },
      { command: 'npm', args: ['start'], cwd: repoRoot },
    );
    // The server's own pid, from its JSON log lines.
    const serverPid = Number(/"pid":(\d+)/.exec(npm.stdout())?.[1]);
    expect(serverPid).toBeGreaterThan(0);
    cleanups.push(() => {
      if (isRunning(serverPid)) process.kill(serverPid, 'SIGKILL');
    });

    npm.child.kill('SIGTERM');
    await npm.exited;

    expect(npm.stdout()).toContain('"msg":"shutting down"');
    expect(isRunning(serverPid)).toBe(false);
    await expect(fetch(`${npm.baseUrl}/livez`)).rejects.toThrow();
  }, 60_000);
});
