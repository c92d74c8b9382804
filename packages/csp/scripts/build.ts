// Builds what the npm package ships: dist/ with the compiled JavaScript (ESM) and its .d.ts files, from src/.
// Node does not strip types inside node_modules, so installed copies need JavaScript; in this repository the
// server keeps importing src/ through the "@vigie/source" export condition (see docs/architecture.md).

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });

// tsc rewrites `./x.ts` to `./x.js` in the JavaScript it emits, not in declaration files: do it there too,
// so that a consumer's TypeScript resolves them whatever its settings.
const RELATIVE_TS = /(from\s+|import\()(['"])(\.{1,2}\/[^'"]+)\.ts\2/g;
for (const entry of readdirSync(dist, { recursive: true, encoding: 'utf8' })) {
  if (!entry.endsWith('.d.ts')) continue;
  const path = join(dist, entry);
  const text = readFileSync(path, 'utf8');
  const rewritten = text.replace(RELATIVE_TS, '$1$2$3.js$2');
  if (rewritten !== text) writeFileSync(path, rewritten);
}
