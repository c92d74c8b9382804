// A Vite plugin that writes a brotli (.br) and a gzip (.gz) copy beside each built asset, once, at
// build time: the server sends the copy the browser accepts (apps/server/src/web/dashboard.ts) and
// never compresses a response while a person waits for it.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** Text formats worth compressing; images other than SVG and fonts are compressed already. */
const COMPRESSIBLE = /\.(js|mjs|css|svg|json|txt|map)$/;

/** Below this size the headers cost more than compression saves. */
const MIN_BYTES = 1024;

/**
 * Writes `<file>.br` and `<file>.gz` beside every compressible file of `dir` (not its subfolders)
 * whose copy comes out smaller, and returns the files it compressed.
 *
 * @example
 *   precompressDirectory('dist/assets'); // ['index-C3dpcmNF.js', 'index-BW6qF_km.css', …]
 */
export function precompressDirectory(dir: string): string[] {
  const done: string[] = [];
  for (const name of readdirSync(dir)) {
    if (!COMPRESSIBLE.test(name)) continue;
    const file = path.join(dir, name);
    const content = readFileSync(file);
    if (content.length < MIN_BYTES) continue;
    const brotli = brotliCompressSync(content, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      },
    });
    const gzip = gzipSync(content, { level: 9 });
    if (gzip.length >= content.length) continue;
    writeFileSync(`${file}.gz`, gzip);
    // The server prefers brotli when the browser takes it, so write it only when it is the smaller.
    if (brotli.length < gzip.length) writeFileSync(`${file}.br`, brotli);
    done.push(name);
  }
  return done;
}

export function precompressAssets(): Plugin {
  let assetsDir = '';
  return {
    name: 'vigie-precompress',
    apply: 'build',
    configResolved(config) {
      assetsDir = path.resolve(config.root, config.build.outDir, config.build.assetsDir);
    },
    closeBundle() {
      const files = precompressDirectory(assetsDir);
      this.info(`precompressed ${files.length} asset(s) with brotli and gzip`);
    },
  };
}
