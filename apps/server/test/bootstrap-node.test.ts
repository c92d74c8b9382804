// scripts/node24, which `npm start`, `npm test` and `npm run vigie` go through, installs Node 24 into
// .node/ where the system Node is older: about 20 s the first time, so it says so on the terminal, in
// one line, and says nothing once Node 24 is there. Run on a copy of scripts/ with an old `node` first
// on PATH and a stand-in `npm` that "installs" node@24 by linking this run's own Node 24 binary.

import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const scripts = fileURLToPath(new URL('../../../scripts/', import.meta.url));

/** A `node` too old for Vigie: answers the bootstrap's version questions as Node 20 does. */
const OLD_NODE = `#!/bin/sh
case "$1" in
  --version) echo v20.19.0 ;;
  -p) echo 20 ;;
  *) echo "old node cannot run $*" >&2; exit 1 ;;
esac
`;

/** Stands in for `npm install --prefix DIR node@24`: records its arguments, links a Node 24 binary. */
const standInNpm = (node24: string, log: string) => `#!/bin/sh
echo "$*" >> '${log}'
while [ $# -gt 0 ]; do
  if [ "$1" = --prefix ]; then prefix="$2"; fi
  shift
done
mkdir -p "$prefix/node_modules/node/bin"
ln -sf '${node24}' "$prefix/node_modules/node/bin/node"
`;

describe('scripts/node24', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'vigie-bootstrap-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const stubs = path.join(root, 'stubs');
  const npmLog = path.join(root, 'npm.log');
  mkdirSync(path.join(root, 'scripts'));
  mkdirSync(stubs);
  for (const file of ['bootstrap-node.sh', 'node24']) {
    copyFileSync(path.join(scripts, file), path.join(root, 'scripts', file));
  }
  writeFileSync(path.join(stubs, 'node'), OLD_NODE, { mode: 0o755 });
  writeFileSync(path.join(stubs, 'npm'), standInNpm(process.execPath, npmLog), { mode: 0o755 });

  const node24 = () =>
    spawnSync(path.join(root, 'scripts', 'node24'), ['node', '-p', 'process.versions.node'], {
      env: { PATH: `${stubs}:/usr/bin:/bin`, HOME: root },
      encoding: 'utf8',
    });

  it('says in one line that it installs Node 24, runs the command with it, and is silent next time', () => {
    const first = node24();
    expect(first.status, first.stderr).toBe(0);
    expect(Number(first.stdout.split('.')[0])).toBeGreaterThanOrEqual(24);
    expect(first.stderr).toBe(
      'bootstrap: Vigie needs Node.js 24 and the system Node is v20.19.0: installing node@24 from the npm ' +
        'registry into .node/ (once; about 20 s)...\n',
    );
    expect(readFileSync(npmLog, 'utf8')).toMatch(/--prefix \S+\/\.node node@24$/m);

    // Once Node 24 is in .node/, nothing to say and nothing to install.
    const again = node24();
    expect(again.status).toBe(0);
    expect(again.stderr).toBe('');
    expect(readFileSync(npmLog, 'utf8').trim().split('\n')).toHaveLength(1);
  });
});
