// The previous release's code, from git: its apps/server and the @vigie/csp it imported, extracted
// with `git archive` into a folder inside the repository (gitignored: .previous-release-*), so that
// Node resolves its dependencies from the repository's node_modules as it did at that commit.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The last migration of the release in production before this one: move it forward when a release ships. */
export const PREVIOUS_RELEASE = '2026-12-07T22-weekly-digest';

/**
 * That release's code: main as the work session after it began (76776c5, 7 December 12:12; the next
 * commit came 26 minutes later). Its last migration is PREVIOUS_RELEASE, as is that of every commit up
 * to 2edfae9, the last before 2026-12-08T10-csp was added; those commits are this release's work.
 */
export const PREVIOUS_RELEASE_COMMIT = '76776c52c02287f798465d13b47723508102a1c7';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** Why the commit cannot be extracted here (a shallow clone, or no git), or undefined when it can. */
export function previousReleaseMissing(commit: string): string | undefined {
  const found = spawnSync('git', ['cat-file', '-e', `${commit}^{commit}`], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  if (found.status === 0) return undefined;
  return (
    `this clone has no commit ${commit} (the previous release): a shallow clone (git clone --depth) has no ` +
    'history; clone without --depth, or run git fetch --unshallow, to run this test'
  );
}

export interface PreviousRelease {
  /** The extracted apps/server. */
  serverRoot: string;
  /** Imports one of its modules, e.g. `load('src/app.ts')`; the caller states the shape it expects. */
  load<T>(relativePath: string): Promise<T>;
  /** Whether the release has this file, e.g. a module later releases added. */
  has(relativePath: string): boolean;
  remove(): void;
}

/** Extracts `commit`'s server (its test files and test data left out) and @vigie/csp. */
export function extractPreviousRelease(commit: string): PreviousRelease {
  const root = mkdtempSync(path.join(repoRoot, '.previous-release-'));
  try {
    const archive = execFileSync(
      'git',
      [
        'archive',
        '--format=tar',
        commit,
        '--',
        'apps/server/bin',
        'apps/server/src',
        'apps/server/package.json',
        'packages/csp/src',
        'packages/csp/package.json',
        ':(exclude,glob)**/*.test.ts',
        ':(exclude,glob)**/testdata/**',
      ],
      { cwd: repoRoot, maxBuffer: 256 * 1024 * 1024 },
    );
    execFileSync('tar', ['-x', '-C', root], { input: archive });
    // Its `@vigie/csp` is the package as it was then, not the repository's current one.
    mkdirSync(path.join(root, 'node_modules', '@vigie'), { recursive: true });
    symlinkSync(path.join(root, 'packages', 'csp'), path.join(root, 'node_modules', '@vigie', 'csp'), 'dir');
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  const serverRoot = path.join(root, 'apps', 'server');
  return {
    serverRoot,
    load: async <T>(relativePath: string) =>
      (await import(pathToFileURL(path.join(serverRoot, relativePath)).href)) as T,
    has: (relativePath) => existsSync(path.join(serverRoot, relativePath)),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
