// The vigie command, loaded by bin/vigie.js: `vigie serve` (the default) reads the config, builds
// the app, listens and shuts down gracefully; the other subcommands live in cli/.

import v8 from 'node:v8';
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.ts';
import { UsageError } from './cli/command.ts';
import { commands, runCommand } from './cli/commands.ts';
import { type Config, ConfigError, configVariables, loadConfig } from './config/config.ts';
import {
  bootstrapIfEmpty,
  firstRunMessage,
  setupMessage,
  setupUrlIfNoAccount,
} from './projects/first-run.ts';
import { saveServedPublicUrl } from './projects/public-url.repository.ts';
import { servedPublicUrl } from './projects/public-url.ts';
import { migrateToLatest } from './storage/database.ts';
import { MigrationConflictError, newerSchemaWarning } from './storage/newer-schema.ts';

async function serve(config: Config): Promise<void> {
  // Under sustained ingest V8 keeps growing the young generation: memory the process holds on to
  // without ingesting any faster (bench:ingest shows it). Keep it at its starting size.
  v8.setFlagsFromString('--semi-space-growth-factor=1');
  const app = await buildApp(config);
  const { database, readiness } = app.vigie;
  const { newer } = await migrateToLatest(database).catch(async (error: unknown) => {
    await app.close();
    throw error;
  });
  if (newer.length > 0) {
    app.log.warn(
      { newestMigration: newer.at(-1), unknownMigrations: newer },
      newerSchemaWarning(newer, 'starting without migrating'),
    );
  }
  const firstRun = await bootstrapIfEmpty(database.db, config);
  const setupUrl = await setupUrlIfNoAccount(database.db, config.publicUrl);
  if (firstRun) {
    const tokenWasGiven = config.bootstrapToken !== undefined;
    process.stdout.write(firstRunMessage(firstRun, config.publicUrl, tokenWasGiven, setupUrl));
  } else if (setupUrl !== undefined) {
    process.stdout.write(setupMessage(setupUrl));
  }

  // SIGTERM/SIGINT: readiness fails at once, in-flight requests finish, pending writes flush,
  // the database closes. A second signal exits at once.
  closeWithGrace({ delay: config.shutdownTimeoutMs }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an error');
    else app.log.info({ signal }, 'shutting down');
    readiness.shuttingDown = true;
    await app.close();
  });
  await app.listen({ port: config.port, host: config.host });
  // For the CLI, which runs without the server's environment: the DSNs it prints name this server.
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  await saveServedPublicUrl(database.db, servedPublicUrl(config, port, Date.now()));
  app.vigie.jobs.start();
}

function help(): string {
  const lines = [
    'usage: vigie [serve]            run the server (default)',
    ...Object.values(commands).map((c) => `       ${c.usage.padEnd(40)} e.g. ${c.example}`),
    '',
    'configuration (environment variables):',
    ...configVariables.map(
      (v) => `  ${v.name.padEnd(28)} ${v.description}${v.default !== undefined ? ` [${v.default}]` : ''}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h') || argv[0] === 'help') {
    process.stdout.write(help());
    return 0;
  }
  const config = loadConfig(process.env);
  if (argv.length === 0 || argv[0] === 'serve') {
    await serve(config);
    return -1;
  }
  return runCommand(
    config,
    argv,
    (line) => process.stdout.write(`${line}\n`),
    (line) => process.stderr.write(`${line}\n`),
  );
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`vigie: ${error.message}\n\n${help()}`);
      process.exitCode = 2;
    } else if (error instanceof ConfigError) {
      process.stderr.write(`vigie: ${error.message}\n`);
      process.exitCode = 78;
    } else if (error instanceof MigrationConflictError) {
      process.stderr.write(`vigie: ${error.message}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(
        `vigie: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 1;
    }
  },
);
