// `vitest run`, with its arguments, for `npm test`. A test file whose process dies by a signal
// (SIGSEGV, or SIGTRAP from a failed check inside V8) is run once more, and says so; a failing test is
// never run again. Such deaths were seen in CI about once in two full runs, in a different file each
// time, inside Node itself (Vigie loads no native addon): the machine's, not the tests'.
// Usage: node scripts/test-run.ts [vitest options and filters]

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const VITEST = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));

/** Runs vitest, its output passed through as it comes; resolves with its exit code and its output. */
function vitest(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [VITEST, 'run', ...args], {
      stdio: ['inherit', 'pipe', 'pipe'],
      env: { ...process.env, ...(process.stdout.isTTY ? { FORCE_COLOR: '1' } : {}) },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      process.stderr.write(chunk);
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

interface Crashes {
  /** The test files whose process died by a signal, and the signal. */
  files: Array<{ file: string; signal: string }>;
  /** Whether that was all that went wrong: no test failed, no other error. */
  only: boolean;
}

/** What vitest's summary says about processes that died by a signal. */
function crashesIn(output: string): Crashes {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the terminal's colour codes
  const text = output.replace(/\x1b\[[0-9;]*m/g, '');
  const files = [
    ...text.matchAll(
      /Worker exited unexpectedly with signal (SIG\w+) during \w+ state while running test file (\S+)/g,
    ),
  ].map((m) => ({ signal: m[1]!, file: m[2]! }));
  const errors = Number(/^\s*Errors\s+(\d+) errors?/m.exec(text)?.[1] ?? 0);
  const failed = /^\s*(Test Files|Tests)\s+\d+ failed/m.test(text);
  return { files, only: files.length > 0 && !failed && errors === files.length };
}

const args = process.argv.slice(2);
const first = await vitest(args);
const crashes = crashesIn(first.output);
if (first.code === 0 || !crashes.only) process.exit(first.code);
const files = [...new Set(crashes.files.map((c) => c.file))];
console.error(
  `\ntest-run: ${crashes.files.map((c) => `${c.file} died by ${c.signal}`).join('; ')}. No test failed: ` +
    `running ${files.length === 1 ? 'that file' : 'those files'} once more.\n`,
);
// The same options (and filters, if any: their files run again too), and the files that died.
const again = await vitest([...args, ...files]);
process.exit(again.code);
