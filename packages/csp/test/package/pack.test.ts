// @vigie/csp as a user gets it: `npm pack` the package, install the tarball with npm into a scratch Express app
// and a scratch Fastify app outside the repository (offline: every package comes from the npm cache that
// installing the repository filled), and run them, the `vigie-csp` binary and TypeScript on plain Node.

import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockedVersion, scratchLockfile } from './lockfile.ts';

const run = promisify(execFile);
const PACKAGE = fileURLToPath(new URL('../..', import.meta.url));
const TSC = fileURLToPath(new URL('../../../../node_modules/typescript/bin/tsc', import.meta.url));

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function node(cwd: string, args: string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, args, { cwd, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function npm(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd,
    timeout: 240_000,
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
  return stdout;
}

let dir: string;
let tarball: string;
let packed: string[];

/** A scratch app with @vigie/csp from the tarball and `framework` at the repository's version, installed offline. */
async function scratchApp(framework: 'express' | 'fastify', files: Record<string, string>): Promise<string> {
  const app = join(dir, `${framework}-app`);
  await mkdir(app);
  const own = JSON.parse(await readFile(join(PACKAGE, 'package.json'), 'utf8'));
  const spec = `file:../${tarball}`;
  const { manifest, lockfile } = scratchLockfile(`scratch-${framework}`, [framework], {
    '@vigie/csp': {
      spec,
      entry: {
        version: own.version,
        resolved: spec,
        license: own.license,
        dependencies: own.dependencies,
        peerDependencies: own.peerDependencies,
        peerDependenciesMeta: own.peerDependenciesMeta,
        bin: own.bin,
        engines: own.engines,
      },
    },
  });
  await writeFile(join(app, 'package.json'), JSON.stringify(manifest, null, 2));
  await writeFile(join(app, 'package-lock.json'), JSON.stringify(lockfile, null, 2));
  for (const [name, text] of Object.entries(files)) await writeFile(join(app, name), text);
  await npm(app, ['install', '--offline']);
  return app;
}

const POLICY = "script-src 'nonce-{nonce}' 'strict-dynamic'; object-src 'none'; base-uri 'none'";

describe('the @vigie/csp tarball', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigie-csp-pack-'));
    // `npm pack` runs the package's prepack script: the build of dist/.
    const [result] = JSON.parse(await npm(PACKAGE, ['pack', '--json', '--pack-destination', dir])) as [
      { filename: string; files: { path: string }[] },
    ];
    tarball = result.filename;
    packed = result.files.map((f) => f.path);
  }, 300_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('holds compiled JavaScript, declarations, the binary and the docs, and no sources or tests', () => {
    expect(packed).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'bin/vigie-csp.js',
        'dist/index.js',
        'dist/index.d.ts',
        'dist/cli/main.js',
        'dist/middleware/fastify.d.ts',
        'dist/html/scanner.js',
        'src/evaluator/FINDINGS.md',
      ]),
    );
    const sources = packed.filter((p) => p.endsWith('.ts') && !p.endsWith('.d.ts'));
    expect(sources).toEqual([]);
    expect(
      packed.filter((p) =>
        /\.test\.|testdata|^bench\/|^scripts\/|^test\/(?!differential\/DISAGREEMENTS)/.test(p),
      ),
    ).toEqual([]);
  });

  it('works in an Express app on plain Node, through require() too', async () => {
    const app = await scratchApp('express', {
      'server.cjs': `
const express = require('express');
const { cspExpress } = require('@vigie/csp');
const app = express();
app.use(cspExpress({ policy: ${JSON.stringify(POLICY)}, autoNonce: true }));
app.get('/', (req, res) => res.type('html').send('<textarea><script>x()</script></textarea><script>boot()</script>'));
const server = app.listen(0, '127.0.0.1', async () => {
  const response = await fetch('http://127.0.0.1:' + server.address().port + '/');
  console.log(JSON.stringify({ csp: response.headers.get('content-security-policy'), body: await response.text() }));
  server.close();
});
`,
      'index.html': '<!doctype html><style>p{margin:0}</style><script>boot()</script>',
    });
    const served = await node(app, ['server.cjs']);
    expect(served.stderr).toBe('');
    const { csp, body } = JSON.parse(served.stdout) as { csp: string; body: string };
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
    expect(csp).toBe(POLICY.replace('{nonce}', nonce ?? 'missing'));
    expect(body).toBe(`<textarea><script>x()</script></textarea><script nonce="${nonce}">boot()</script>`);

    const bin = join(app, 'node_modules', '.bin', 'vigie-csp');
    const evaluated = await node(app, [bin, 'evaluate', "script-src 'self' 'unsafe-inline'", '--json']);
    expect(evaluated.code).toBe(1);
    expect(JSON.parse(evaluated.stdout).findings).toContainEqual(
      expect.objectContaining({ type: 'script-unsafe-inline' }),
    );
    const hashed = await node(app, [bin, 'hash', 'index.html']);
    expect(hashed.code).toBe(0);
    expect(JSON.parse(hashed.stdout).hashes['script-src']).toHaveLength(1);
  }, 300_000);

  it('works in a Fastify app on plain Node, with types a TypeScript user can check against', async () => {
    const app = await scratchApp('fastify', {
      'server.mjs': `
import Fastify from 'fastify';
import { cspFastify, evaluatePolicy } from '@vigie/csp';
const app = Fastify();
await app.register(cspFastify({ policy: ${JSON.stringify(POLICY)}, autoNonce: true }));
app.get('/', (request, reply) => reply.type('text/html').send('<!-- <script>no()</script> --><script>boot()</script>'));
const response = await app.inject({ url: '/' });
console.log(JSON.stringify({
  csp: response.headers['content-security-policy'],
  body: response.body,
  findings: evaluatePolicy(${JSON.stringify(POLICY)}).length,
}));
await app.close();
`,
      'check.mts': `
import Fastify from 'fastify';
import { type CspOptions, cspFastify, parsePolicy } from '@vigie/csp';
const options: CspOptions = { policy: "default-src 'self'", reportTo: { group: 'csp', url: 'https://r.example.com/' } };
const app = Fastify();
await app.register(cspFastify(options));
app.get('/', (request, reply) => reply.send(request.cspNonce.length + reply.cspNonce.length));
const names: string[] = parsePolicy("img-src 'self'").policy.directives.map((d) => d.name);
// @ts-expect-error: autoNonce takes a boolean
cspFastify({ policy: "default-src 'self'", autoNonce: 'yes' });
export { names };
`,
      'tsconfig.json': JSON.stringify({
        compilerOptions: {
          target: 'es2024',
          module: 'nodenext',
          moduleResolution: 'nodenext',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: [],
        },
        files: ['check.mts'],
      }),
    });
    const served = await node(app, ['server.mjs']);
    expect(served.stderr).toBe('');
    const { csp, body } = JSON.parse(served.stdout) as { csp: string; body: string };
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
    expect(body).toBe(`<!-- <script>no()</script> --><script nonce="${nonce}">boot()</script>`);
    const typed = await node(app, [TSC, '-p', 'tsconfig.json']);
    expect(typed.stdout + typed.stderr).toBe('');
    expect(typed.code).toBe(0);
    expect(lockedVersion('fastify')).toMatch(/^5\./);
  }, 300_000);
});
