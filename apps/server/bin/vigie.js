#!/usr/bin/env node
// The `vigie` command (`npm start` runs `vigie serve`). Plain JavaScript, so that it can turn on
// Node's compile cache before any TypeScript module loads: from the second start on, Node reads
// the modules already stripped of their types from the cache, and no thread of the process (the
// request thread, the writer, the WAL checkpointer) loads Node's TypeScript stripper, about 16 MB
// of memory in each. Measured after 3 s of bench:ingest load: 200–219 MB of RSS instead of 243–251.
// The cache lives in os.tmpdir()/node-compile-cache unless NODE_COMPILE_CACHE names another
// directory; NODE_DISABLE_COMPILE_CACHE=1 turns it off.

import module from 'node:module';

const { directory } = module.enableCompileCache();
// Worker threads do not inherit the call above, only the environment.
if (directory) process.env.NODE_COMPILE_CACHE ||= directory;

await import('../src/main.ts');
