// `npm test` runs vitest through scripts/test-run.ts: a test file whose process dies by a signal is run
// once more, and a failing test is never run again. Here on a small suite of its own, where one file
// kills its own process the first time it runs.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const RUNNER = path.join(ROOT, 'scripts/test-run.ts');

let suite: string | undefined;
afterEach(() => {
  if (suite) rmSync(suite, { recursive: true, force: true });
  suite = undefined;
});

/** A suite in the repository (so that its files find vitest) of the given test files. */
function makeSuite(files: Record<string, string>): string {
  suite = mkdtempSync(path.join(ROOT, '.test-run-'));
  writeFileSync(
    path.join(suite, 'vitest.config.mjs'),
    "export default { test: { include: ['*.check.mjs'] } };\n",
  );
  for (const [name, body] of Object.entries(files)) writeFileSync(path.join(suite, name), body);
  return suite;
}

/** A test file that kills its own process by SIGSEGV the first time it runs, and passes after. */
const crashesOnce = (marker: string) => `
import { existsSync, writeFileSync } from 'node:fs';
import { it } from 'vitest';
it('runs', () => {
  if (!existsSync(${JSON.stringify(marker)})) {
    writeFileSync(${JSON.stringify(marker)}, '');
    process.kill(process.pid, 'SIGSEGV');
  }
});
`;

function run(dir: string) {
  const result = spawnSync(process.execPath, [RUNNER, '--root', dir], { encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('the test runner', () => {
  it('runs a file whose process died by a signal once more, and passes when it then passes', () => {
    const dir = makeSuite({ 'fine.check.mjs': "import { it } from 'vitest'; it('passes', () => {});\n" });
    writeFileSync(path.join(dir, 'crash.check.mjs'), crashesOnce(path.join(dir, 'crashed')));
    const { code, output } = run(dir);
    expect(output).toContain(
      `test-run: ${path.join(dir, 'crash.check.mjs')} died by SIGSEGV. No test failed`,
    );
    expect(code, output).toBe(0);
  }, 120_000);

  it('runs nothing again when a test failed, and fails', () => {
    const dir = makeSuite({
      'fails.check.mjs': "import { expect, it } from 'vitest'; it('fails', () => expect(1).toBe(2));\n",
    });
    writeFileSync(path.join(dir, 'crash.check.mjs'), crashesOnce(path.join(dir, 'crashed')));
    const { code, output } = run(dir);
    expect(existsSync(path.join(dir, 'crashed'))).toBe(true);
    expect(output).not.toContain('once more');
    expect(code).toBe(1);
  }, 120_000);
});
