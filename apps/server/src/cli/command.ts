// What a `vigie` subcommand is, the error that means the user typed it wrong (exit code 2), and the
// database a command works on.

import type { Config } from '../config/config.ts';
import { type Database, migrateToLatest, openDatabase } from '../storage/database.ts';

export interface Command {
  usage: string;
  example: string;
  /**
   * `out` prints the result (stdout, for scripts to read); `note` what a person should know (stderr). A number
   * returned is the exit code (`vigie gate`'s 0/1/2/3); nothing returned is 0.
   */
  run(
    config: Config,
    args: string[],
    out: (line: string) => void,
    note: (line: string) => void,
    // biome-ignore lint/suspicious/noConfusingVoidType: most commands are async functions that return nothing
  ): Promise<void | number>;
}

export class UsageError extends Error {}

/** Opens the configured database, brought up to date, for one command; closes it whatever happens. */
export async function withDatabase<T>(config: Config, fn: (database: Database) => Promise<T>): Promise<T> {
  const database = openDatabase(config.database);
  try {
    await migrateToLatest(database);
    return await fn(database);
  } finally {
    await database.close();
  }
}
