// What every subcommand gets (its output streams and input) and the error that means "bad usage" (exit 2).

import type { ParseArgsConfig } from 'node:util';
import { parseArgs } from 'node:util';
import type { FailOn } from '../evaluator/finding.ts';
import { SEVERITY_ORDER } from '../evaluator/finding.ts';

/**
 * Output and input of a command, so tests and main() can wire them differently.
 *
 * @example
 * const io: CliIo = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), readStdin: () => text(process.stdin) };
 */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<string>;
}

/**
 * Bad usage: main() prints the message and the command's help hint, and exits with 2.
 *
 * @example
 * throw new UsageError('generate needs --from <reports.json>', 'generate');
 */
export class UsageError extends Error {
  readonly command: string | undefined;

  constructor(message: string, command?: string) {
    super(message);
    this.name = 'UsageError';
    this.command = command;
  }
}

/**
 * node:util parseArgs that turns its errors (unknown option, missing value) into UsageErrors.
 *
 * @example
 * const { values, positionals } = parseCommandArgs('evaluate', args, { json: { type: 'boolean' } });
 */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  args: string[],
  options: T,
) {
  try {
    return parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message, command);
  }
}

/**
 * Reads a `--fail-on` value, or throws a UsageError listing the accepted ones.
 *
 * @example
 * readFailOn('medium', 'evaluate'); // 'medium'
 */
export function readFailOn(value: string | undefined, command: string): FailOn {
  if (value === undefined) return 'high';
  if (value === 'none' || (SEVERITY_ORDER as readonly string[]).includes(value)) return value as FailOn;
  throw new UsageError(`--fail-on must be one of ${[...SEVERITY_ORDER, 'none'].join(', ')}`, command);
}
