// `vigie backup FILE`: a consistent copy of the SQLite database while Vigie runs. VACUUM INTO reads
// one snapshot (a read transaction: in WAL mode ingest keeps committing meanwhile) and writes it,
// compacted, to a new file, which is a whole Vigie database: put it in place of data/vigie.sqlite to
// restore. PostgreSQL is backed up with pg_dump (docs/deploying.md).

import { existsSync } from 'node:fs';
import path from 'node:path';
import { openSqlite } from '../storage/node-sqlite.ts';
import { type Command, UsageError } from './command.ts';

export const backupCommand: Command = {
  usage: 'vigie backup FILE',
  example: 'vigie backup /backups/vigie-$(date +%F).sqlite',
  async run(config, args, out) {
    const file = args[0];
    if (!file || args.length > 1) throw new UsageError('backup needs one FILE to write the copy to');
    if (config.database.kind !== 'sqlite')
      throw new UsageError(
        'backup copies the SQLite database; on PostgreSQL use pg_dump (see docs/deploying.md)',
      );
    const target = path.resolve(file);
    if (existsSync(target)) throw new UsageError(`${target} exists already: backup never overwrites a file`);
    if (!existsSync(config.database.file)) throw new UsageError(`no database at ${config.database.file}`);
    const database = openSqlite(config.database.file);
    try {
      database.prepare('vacuum into ?').run([target]);
    } finally {
      database.close();
    }
    out(`backed up ${config.database.file} to ${target}`);
  },
};
