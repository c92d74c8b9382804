#!/usr/bin/env node
// The `vigie` command (`npm start` runs `vigie serve`). Plain JavaScript, so that it can turn on
// Node's compile cache before any TypeScript module loads: from the second start on, Node reads
// the modules already stripped of their types from the cache, so no thread of the process loads
// Node's TypeScript stripper, which each thread (main and workers alike) would otherwise load for
// itself and keep in memory for as long as it runs.
// The cache lives in os.tmpdir()/node-compile-cache unless NODE_COMPILE_CACHE names another
// directory; NODE_DISABLE_COMPILE_CACHE=1 turns it off.

import module from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

if (Number(process.versions.node.split('.')[0]) < 24) {
  // Vigie is TypeScript run by Node 24's type stripping: an older Node would fail on
  // enableCompileCache or on the first TypeScript module, with an error that does not say why.
  const bootstrap = fileURLToPath(new URL('../../../scripts/bootstrap-node.sh', import.meta.url));
  const relative = path.relative(process.cwd(), bootstrap);
  process.stderr.write(
    `Vigie needs Node.js 24 or newer, and this is Node ${process.version}.\n` +
      'Run it as `npm run vigie -- <command>` from the repository (it installs Node 24 into .node/ on first use),\n' +
      `or first run: source ${relative.startsWith('..') ? bootstrap : relative}\n`,
  );
  process.exitCode = 1;
} else {
  const { directory } = module.enableCompileCache();
  // Worker threads do not inherit the call above, only the environment.
  if (directory) process.env.NODE_COMPILE_CACHE ||= directory;

  // In this repository @vigie/csp is read from its TypeScript sources (the "@vigie/source" export
  // condition, as tsc and Vitest read it), never from a dist/ build older than the sources.
  module.registerHooks({
    resolve: (specifier, context, nextResolve) =>
      nextResolve(specifier, { ...context, conditions: [...context.conditions, '@vigie/source'] }),
  });

  await import('../src/main.ts');
}
