#!/usr/bin/env node
// The `vigie` command (`npm start` runs `vigie serve`). Plain JavaScript, so that it can turn on
// Node's compile cache before any TypeScript module loads: from the second start on, Node reads
// the modules already stripped of their types from the cache, so no thread of the process loads
// Node's TypeScript stripper, which each thread (main and workers alike) would otherwise load for
// itself and keep in memory for as long as it runs.
// The cache lives in os.tmpdir()/node-compile-cache unless NODE_COMPILE_CACHE names another
// directory; NODE_DISABLE_COMPILE_CACHE=1 turns it off.

import module from 'node:module';

const { directory } = module.enableCompileCache();
// Worker threads do not inherit the call above, only the environment.
if (directory) process.env.NODE_COMPILE_CACHE ||= directory;

await import('../src/main.ts');
