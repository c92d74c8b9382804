// A Vite plugin that prints how much JavaScript the first page load downloads, gzipped: the entry
// chunk and every chunk it imports statically. A deep link to a lazily loaded page (the issue page)
// downloads that page's chunks too: each is printed as what it adds.

import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

interface ChunkInfo {
  code: string;
  imports: string[];
  dynamicEntry: boolean;
}

/** A chunk and everything it imports statically. */
function closure(chunks: Map<string, ChunkInfo>, start: string, into = new Set<string>()): Set<string> {
  if (into.has(start)) return into;
  into.add(start);
  for (const next of chunks.get(start)?.imports ?? []) closure(chunks, next, into);
  return into;
}

const gzippedKb = (chunks: Map<string, ChunkInfo>, names: Iterable<string>) =>
  [...names].reduce((sum, name) => sum + gzipSync(chunks.get(name)?.code ?? '').length, 0) / 1024;

export function initialJavaScriptSize(options: { targetKb: number }): Plugin {
  return {
    name: 'vigie-initial-js-size',
    apply: 'build',
    generateBundle(_output, bundle) {
      const chunks = new Map<string, ChunkInfo>();
      const entries: string[] = [];
      for (const [fileName, item] of Object.entries(bundle)) {
        if (item.type !== 'chunk') continue;
        chunks.set(fileName, { code: item.code, imports: item.imports, dynamicEntry: item.isDynamicEntry });
        if (item.isEntry) entries.push(fileName);
      }
      const initial = new Set<string>();
      for (const entry of entries) closure(chunks, entry, initial);
      const kb = gzippedKb(chunks, initial);
      const verdict = kb <= options.targetKb ? 'within' : 'OVER';
      this.info(
        `initial page JavaScript: ${kb.toFixed(1)} KB gzipped in ${initial.size} file(s), ${verdict} the ${options.targetKb} KB target`,
      );
      for (const [name, chunk] of chunks) {
        if (!chunk.dynamicEntry) continue;
        const added = [...closure(chunks, name)].filter((n) => !initial.has(n));
        this.info(
          `  + ${name.replace(/^assets\//, '')}: ${gzippedKb(chunks, added).toFixed(1)} KB gzipped when opened`,
        );
      }
    },
  };
}
