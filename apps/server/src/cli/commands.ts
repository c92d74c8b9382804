// The `vigie` subcommands besides serve: each opens the configured database, does one thing,
// prints the result, and closes.

import { parseArgs } from 'node:util';
import type { Config } from '../config/config.ts';
import { createKey, createProject, dsnFor, findProject } from '../projects/project.repository.ts';
import { loadServedPublicUrl } from '../projects/public-url.repository.ts';
import { cliPublicUrl } from '../projects/public-url.ts';
import { migrateToLatest, openDatabase } from '../storage/database.ts';
import { newerSchemaWarning } from '../storage/newer-schema.ts';
import { backupCommand } from './backup.ts';
import { type Command, UsageError, withDatabase } from './command.ts';
import { deployCommand } from './deploy.ts';
import { gateCommand } from './gate.ts';
import { keyCommands } from './keys.ts';
import { openapiCommand } from './openapi.ts';
import { tokenCreate } from './token-create.ts';
import { userCreate } from './user-create.ts';

export const commands: Record<string, Command> = {
  migrate: {
    usage: 'vigie migrate',
    example: 'DATABASE_URL=postgres://vigie@db/vigie vigie migrate',
    async run(config, _args, out, note) {
      const database = openDatabase(config.database);
      try {
        const { applied, newer } = await migrateToLatest(database);
        if (newer.length > 0) note(newerSchemaWarning(newer, 'nothing to migrate'));
        else out(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
      } finally {
        await database.close();
      }
    },
  },
  'project create': {
    usage: 'vigie project create NAME',
    example: 'vigie project create "Web shop"',
    async run(config, args, out, note) {
      const name = args.join(' ').trim();
      if (!name) throw new UsageError('project create needs a NAME');
      await withDatabase(config, async ({ db }) => {
        const project = await createProject(db, name);
        const key = await createKey(db, project.id);
        const publicUrl = cliPublicUrl(config, await loadServedPublicUrl(db));
        out(`project ${project.id} (${project.slug}) created`);
        out(`DSN: ${dsnFor(publicUrl.url, key)}`);
        if (publicUrl.note) note(publicUrl.note);
      });
    },
  },
  'key create': {
    usage: 'vigie key create PROJECT [--label LABEL]',
    example: 'vigie key create web-shop --label "browser bundle"',
    async run(config, args, out, note) {
      const { positionals, values } = parseArgs({
        args,
        allowPositionals: true,
        options: { label: { type: 'string' } },
      });
      const ref = positionals[0];
      if (!ref) throw new UsageError('key create needs a PROJECT (id or slug)');
      await withDatabase(config, async ({ db }) => {
        const project = await findProject(db, ref);
        if (!project) throw new UsageError(`no project "${ref}"`);
        const key = await createKey(db, project.id, values.label ?? 'Default');
        const publicUrl = cliPublicUrl(config, await loadServedPublicUrl(db));
        out(dsnFor(publicUrl.url, key));
        if (publicUrl.note) note(publicUrl.note);
      });
    },
  },
  'token create': tokenCreate,
  ...keyCommands,
  'user create': userCreate,
  openapi: openapiCommand,
  deploy: deployCommand,
  gate: gateCommand,
  backup: backupCommand,
};

/**
 * Runs the subcommand that `argv` starts with; a UsageError when none does.
 * @example await runCommand(config, ['project', 'create', 'Web shop'], console.log, console.error)
 */
export async function runCommand(
  config: Config,
  argv: string[],
  out: (line: string) => void,
  note: (line: string) => void = () => {},
): Promise<number> {
  const name = commands[`${argv[0]} ${argv[1]}`] ? `${argv[0]} ${argv[1]}` : (argv[0] ?? '');
  const command = commands[name];
  if (!command) throw new UsageError(`unknown command "${argv.join(' ')}"`);
  return (await command.run(config, argv.slice(name.split(' ').length), out, note)) ?? 0;
}
