#!/usr/bin/env node
// vigie-csp: the command line of @vigie/csp. Dispatches to one file per subcommand; bad usage exits with 2.

import { realpathSync } from 'node:fs';
import { text } from 'node:stream/consumers';
import { fileURLToPath } from 'node:url';
import { own } from '../own.ts';
import { runEvaluate } from './evaluate.ts';
import { runGenerate } from './generate.ts';
import { runHash } from './hash.ts';
import { COMMAND_HELP, MAIN_HELP } from './help.ts';
import type { CliIo } from './io.ts';
import { UsageError } from './io.ts';
import { runScan } from './scan.ts';

const COMMANDS: Readonly<Record<string, (args: string[], io: CliIo) => Promise<number>>> = {
  evaluate: runEvaluate,
  generate: runGenerate,
  hash: runHash,
  scan: runScan,
};

/**
 * Runs vigie-csp with the given arguments (without `node` and the script); resolves to the exit code.
 *
 * @example
 * process.exitCode = await runCli(['evaluate', "default-src 'self'"], {
 *   stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), readStdin: () => text(process.stdin),
 * });
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined) {
    io.stderr(`${MAIN_HELP}\n`);
    return 2;
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    const topic = command === 'help' ? args[0] : undefined;
    io.stdout(`${(topic !== undefined && own(COMMAND_HELP, topic)) || MAIN_HELP}\n`);
    return 0;
  }
  const run = own(COMMANDS, command);
  try {
    if (run === undefined) throw new UsageError(`unknown command "${command}"`);
    if (args.includes('--help') || args.includes('-h')) {
      io.stdout(`${own(COMMAND_HELP, command)}\n`);
      return 0;
    }
    return await run(args, io);
  } catch (error) {
    if (!(error instanceof UsageError)) {
      io.stderr(`vigie-csp: ${(error as Error).message}\n`);
      return 1;
    }
    const hint = error.command === undefined ? 'vigie-csp --help' : `vigie-csp ${error.command} --help`;
    io.stderr(`vigie-csp: ${error.message}\nRun ${hint} for usage.\n`);
    return 2;
  }
}

/**
 * Runs vigie-csp with this process's arguments and standard streams, and sets its exit code (what the
 * `vigie-csp` binary does).
 *
 * @example
 * await runAsProcess(); // in bin/vigie-csp.js
 */
export async function runAsProcess(): Promise<void> {
  process.exitCode = await runCli(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readStdin: () => text(process.stdin),
  });
}

const invokedDirectly =
  process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) await runAsProcess();
