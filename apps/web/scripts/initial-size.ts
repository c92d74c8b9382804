// A Vite plugin that prints how much JavaScript the first page load downloads, gzipped: the entry
// chunk and every chunk it imports statically (lazy routes come later, when they are opened).

import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

export function initialJavaScriptSize(options: { targetKb: number }): Plugin {
  return {
    name: 'vigie-initial-js-size',
    apply: 'build',
    generateBundle(_output, bundle) {
      const chunks = new Map<string, { code: string; imports: string[] }>();
      const entries: string[] = [];
      for (const [fileName, item] of Object.entries(bundle)) {
        if (item.type !== 'chunk') continue;
        chunks.set(fileName, { code: item.code, imports: item.imports });
        if (item.isEntry) entries.push(fileName);
      }
      const seen = new Set<string>();
      const visit = (name: string): void => {
        if (seen.has(name)) return;
        seen.add(name);
        for (const next of chunks.get(name)?.imports ?? []) visit(next);
      };
      for (const entry of entries) visit(entry);
      const bytes = [...seen].reduce((sum, name) => sum + gzipSync(chunks.get(name)?.code ?? '').length, 0);
      const kb = bytes / 1024;
      const verdict = kb <= options.targetKb ? 'within' : 'OVER';
      this.info(
        `initial page JavaScript: ${kb.toFixed(1)} KB gzipped in ${seen.size} file(s), ${verdict} the ${options.targetKb} KB target`,
      );
    },
  };
}
