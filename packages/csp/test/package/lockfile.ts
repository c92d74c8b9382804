// Writes the lockfile of a scratch app from the repository's own: the same versions and integrity hashes, so
// `npm install --offline` takes every package from the npm cache that installing the repository filled, and no
// registry is asked anything.

import { readFileSync } from 'node:fs';

interface LockEntry {
  version?: string;
  integrity?: string;
  resolved?: string;
  license?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  bin?: Record<string, string>;
  engines?: Record<string, string>;
  dev?: boolean;
  optional?: boolean;
  link?: boolean;
}

const ROOT_LOCK = new URL('../../../../package-lock.json', import.meta.url);

/** Where Node would find `name` from the package installed at `from` (nested first, then up the tree). */
function locate(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = `${base === '' ? '' : `${base}/`}node_modules/${name}`;
    if (packages[candidate] !== undefined) return candidate;
    if (base === '') return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut === -1 ? '' : base.slice(0, cut);
  }
}

/** The repository's installed version of a package. */
export function lockedVersion(name: string): string {
  const { packages } = JSON.parse(readFileSync(ROOT_LOCK, 'utf8')) as { packages: Record<string, LockEntry> };
  const version = packages[`node_modules/${name}`]?.version;
  if (version === undefined) throw new Error(`${name} is not in package-lock.json`);
  return version;
}

/**
 * A package-lock.json for an app depending on `dependencies` (names installed in the repository, at their
 * versions there) and on `extra` entries given whole (the packed tarball).
 */
export function scratchLockfile(
  name: string,
  dependencies: readonly string[],
  extra: Record<string, { spec: string; entry: LockEntry }>,
): { manifest: object; lockfile: object } {
  const { packages } = JSON.parse(readFileSync(ROOT_LOCK, 'utf8')) as { packages: Record<string, LockEntry> };
  const wanted = new Map<string, LockEntry>();
  const queue: string[] = [];
  const visit = (from: string, dep: string, optional: boolean): void => {
    const path = locate(packages, from, dep);
    if (path === undefined) {
      if (optional) return;
      throw new Error(`${dep} (needed by ${from || 'the app'}) is not in the repository's lockfile`);
    }
    if (wanted.has(path)) return;
    const { dev: _dev, optional: _optional, ...entry } = packages[path]!;
    if (entry.link === true) throw new Error(`${path} is a workspace link, not a package`);
    wanted.set(path, entry);
    queue.push(path);
  };
  for (const dep of dependencies) visit('', dep, false);
  for (const { entry } of Object.values(extra)) {
    for (const dep of Object.keys(entry.dependencies ?? {})) visit('', dep, false);
  }
  while (queue.length > 0) {
    const path = queue.shift()!;
    const entry = wanted.get(path)!;
    for (const dep of Object.keys(entry.dependencies ?? {})) visit(path, dep, false);
    for (const dep of Object.keys(entry.optionalDependencies ?? {})) visit(path, dep, true);
    for (const [dep] of Object.entries(entry.peerDependencies ?? {})) {
      if (entry.peerDependenciesMeta?.[dep]?.optional !== true) visit(path, dep, true);
    }
  }
  const rootDependencies: Record<string, string> = {};
  for (const dep of dependencies) rootDependencies[dep] = wanted.get(`node_modules/${dep}`)!.version!;
  for (const [dep, { spec }] of Object.entries(extra)) rootDependencies[dep] = spec;
  const all: Record<string, LockEntry> = { '': { dependencies: rootDependencies } as LockEntry };
  for (const [path, entry] of wanted) all[path] = entry;
  for (const [dep, { entry }] of Object.entries(extra)) all[`node_modules/${dep}`] = entry;
  (all[''] as Record<string, unknown>).name = name;
  return {
    manifest: { name, version: '1.0.0', private: true, dependencies: rootDependencies },
    lockfile: { name, version: '1.0.0', lockfileVersion: 3, requires: true, packages: all },
  };
}
