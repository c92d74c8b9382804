// What a `vigie` subcommand is, and the error that means the user typed it wrong (exit code 2).

import type { Config } from '../config/config.ts';

export interface Command {
  usage: string;
  example: string;
  /** `out` prints the result (stdout, for scripts to read); `note` what a person should know (stderr). */
  run(
    config: Config,
    args: string[],
    out: (line: string) => void,
    note: (line: string) => void,
  ): Promise<void>;
}

export class UsageError extends Error {}
