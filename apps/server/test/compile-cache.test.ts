// bin/vigie.js turns on Node's compile cache for the process and its worker threads, so that a
// restarted Vigie loads its TypeScript modules already stripped of their types, and no thread loads
// Node's TypeScript stripper (about 16 MB of memory in each of the three: the request thread, the
// writer, the WAL checkpointer).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { envelopeOf, errorEvent } from './support/events.ts';
import { startServerProcess } from './support/server-process.ts';

const TOKEN = 'vigie_compile_cache_test_token_0123456789';

/** The TypeScript modules Node took from the cache already stripped, per its compile-cache debug log. */
function fromCache(log: string): string[] {
  const taken =
    /retrieving transpile cache for StrippedTypeScript file:\/\/\S*\/src\/(\S+\.ts)\.\.\.success/g;
  return [...log.matchAll(taken)].map((m) => m[1]!);
}

describe('the compile cache', () => {
  const cleanups: Array<() => void> = [];
  afterAll(() => {
    for (const cleanup of cleanups.reverse()) cleanup();
  });

  const scratch = (prefix: string) => {
    const dir = mkdtempSync(path.join(tmpdir(), prefix));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  };

  /** Starts Vigie, stores one event (which starts the writer and checkpoint threads), stops it. */
  async function run(env: Record<string, string>): Promise<string> {
    const server = await startServerProcess({
      VIGIE_DATA_DIR: scratch('vigie-compile-cache-data-'),
      VIGIE_BOOTSTRAP_TOKEN: TOKEN,
      // Node's own log of what it read from the cache and what it compiled.
      NODE_DEBUG_NATIVE: 'COMPILE_CACHE',
      // Empty is unset: the cache goes where Node puts it by default.
      NODE_COMPILE_CACHE: '',
      ...env,
    });
    try {
      const response = await fetch(server.envelopeUrl(), { method: 'POST', body: envelopeOf(errorEvent()) });
      expect(response.status).toBe(200);
      // Let the checkpoint thread, started beside the writer, load its module.
      await new Promise((r) => setTimeout(r, 500));
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    return server.stdout();
  }

  it('is filled by the first start and serves the modules of every thread on the next', async () => {
    // Where Node puts the cache by default: os.tmpdir(), i.e. $TMPDIR, then node-compile-cache/.
    const tmp = scratch('vigie-compile-cache-');
    expect(fromCache(await run({ TMPDIR: tmp }))).toEqual([]);

    const restarted = fromCache(await run({ TMPDIR: tmp }));
    // The request thread's, the writer thread's and the checkpoint thread's entry modules.
    expect(restarted).toContain('main.ts');
    expect(restarted).toContain('ingest/writer-worker.ts');
    expect(restarted).toContain('storage/wal-checkpointer-worker.ts');
  }, 60_000);

  it('can be turned off with NODE_DISABLE_COMPILE_CACHE', async () => {
    const tmp = scratch('vigie-compile-cache-');
    await run({ TMPDIR: tmp });
    expect(fromCache(await run({ TMPDIR: tmp, NODE_DISABLE_COMPILE_CACHE: '1' }))).toEqual([]);
  }, 60_000);
});
