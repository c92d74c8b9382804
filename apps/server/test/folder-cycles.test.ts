// The top-level folders of src/ depend on each other one way only: a folder that imports another is
// never imported back, however indirectly. Files at the root of src/ count each as their own node.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../src');

/** Relative imports, re-exports and worker URLs of a module's source. */
const IMPORT =
  /(?:import|export)\s[^;]*?from\s+'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)|new URL\('(\.[^']+)'/g;

/** The node a file of src/ belongs to: its top-level folder, or itself at the root. */
function nodeOf(file: string): string {
  return path.relative(SRC, file).split(path.sep)[0] ?? file;
}

/** Folder → folders it imports, with one import that shows each edge. */
function folderGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => path.join(SRC, file));
  for (const file of files) {
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const target = path.resolve(path.dirname(file), match[1] ?? match[2] ?? match[3] ?? '');
      const [from, to] = [nodeOf(file), nodeOf(target)];
      if (!target.startsWith(SRC) || from === to) continue;
      const edges = graph.get(from) ?? new Map<string, string>();
      edges.set(to, `${path.relative(SRC, file)} → ${path.relative(SRC, target)}`);
      graph.set(from, edges);
    }
  }
  return graph;
}

/** Each cycle once, as the imports that make it up. */
function cyclesOf(graph: Map<string, Map<string, string>>): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const walk = (node: string, trail: string[]): void => {
    const at = trail.indexOf(node);
    if (at !== -1) {
      const loop = [...trail.slice(at), node];
      cycles.push(loop.slice(1).map((to, i) => graph.get(loop[i] ?? '')?.get(to) ?? to));
      return;
    }
    if (done.has(node)) return;
    for (const next of graph.get(node)?.keys() ?? []) walk(next, [...trail, node]);
    done.add(node);
  };
  for (const node of graph.keys()) walk(node, []);
  return cycles;
}

describe('folders of src/', () => {
  it('import each other one way only', () => {
    expect(cyclesOf(folderGraph())).toEqual([]);
  });
});
