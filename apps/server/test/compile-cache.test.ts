// bin/vigie.js turns on Node's compile cache, so that a restarted Vigie loads its modules already
// compiled (and its TypeScript already stripped of types) from the cache folder. Checked as an
// operator would see it: the folder Node uses by default fills on the first run, a second run
// reads it without writing anything, and NODE_DISABLE_COMPILE_CACHE=1 leaves it empty.

import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const vigie = fileURLToPath(new URL('../bin/vigie.js', import.meta.url));

describe.concurrent('the compile cache', () => {
  const scratch: string[] = [];
  afterAll(() => {
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  });

  /** Runs `vigie --help` with `tmp` as its temporary folder. */
  async function help(tmp: string, env: Record<string, string> = {}): Promise<void> {
    const { stdout } = await promisify(execFile)(process.execPath, [vigie, '--help'], {
      // Empty is unset: the cache goes where Node puts it by default, os.tmpdir()/node-compile-cache.
      env: { ...process.env, TMPDIR: tmp, NODE_COMPILE_CACHE: '', ...env },
    });
    expect(stdout).toContain('usage: vigie');
  }
  const freshTmp = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vigie-compile-cache-'));
    scratch.push(dir);
    return dir;
  };
  /** Every file under the cache folder, with when it was last written. */
  const entries = (tmp: string) =>
    readdirSync(path.join(tmp, 'node-compile-cache'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => {
        const file = path.join(entry.parentPath, entry.name);
        return { file, written: statSync(file).mtimeMs };
      });

  it('is filled by the first run and read, not rewritten, by the next', async () => {
    const tmp = freshTmp();
    await help(tmp);
    const first = entries(tmp);
    // One entry per module compiled: Vigie's own modules and its dependencies.
    expect(first.length).toBeGreaterThan(100);
    await help(tmp);
    expect(entries(tmp)).toEqual(first);
  });

  it('can be turned off with NODE_DISABLE_COMPILE_CACHE', async () => {
    const tmp = freshTmp();
    await help(tmp, { NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(readdirSync(tmp, { recursive: true })).toEqual([]);
  });
});
