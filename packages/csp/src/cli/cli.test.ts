// vigie-csp's commands run in-process through runCli, as main.ts runs them; the last block starts the
// real binary once per command, for what only a process shows: argv, stdin, output and exit code.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSource } from '../hash/digest.ts';
import { runCli } from './main.ts';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const REPORTS = fileURLToPath(new URL('../generator/testdata/chromium-156-reports.jsonl', import.meta.url));

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs vigie-csp in this process with the given arguments and standard input. */
async function cli(args: string[], stdin = ''): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    readStdin: async () => stdin,
  });
  return { code, stdout, stderr };
}

/** Runs the vigie-csp binary in a child process, as a shell would. */
async function binary(args: string[], stdin = ''): Promise<Outcome> {
  const child = spawn(process.execPath, [MAIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdin.end(stdin);
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout, stderr };
}

/** A page served with security headers, for `scan`. */
async function startSite(): Promise<{ server: Server; base: string }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, {
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'self'; frame-ancestors 'none'",
    });
    res.end('ok');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

describe.concurrent('vigie-csp', () => {
  it('prints help with an example per command, and exits 2 without a command', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const example of [
      'vigie-csp evaluate "',
      'vigie-csp generate --from',
      'vigie-csp hash ',
      'vigie-csp scan https://',
    ]) {
      expect(help.stdout).toContain(example);
    }
    const none = await cli([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage: vigie-csp <command>');
    const commandHelp = await cli(['generate', '--help']);
    expect(commandHelp.stdout).toContain(
      'Example:\n  vigie-csp generate --from reports.jsonl --format nginx',
    );
  });

  it('exits 2 with a message for an unknown command or option', async () => {
    for (const name of ['constructor', '__proto__', 'toString']) {
      expect(await cli([name])).toMatchObject({
        code: 2,
        stderr: expect.stringContaining(`unknown command "${name}"`),
      });
      expect((await cli(['help', name])).stdout).toContain('Usage: vigie-csp <command>');
    }
    expect(await cli(['evalute'])).toMatchObject({
      code: 2,
      stderr: 'vigie-csp: unknown command "evalute"\nRun vigie-csp --help for usage.\n',
    });
    const option = await cli(['evaluate', "default-src 'self'", '--jsn']);
    expect(option.code).toBe(2);
    expect(option.stderr).toMatch(/Unknown option '--jsn'.*\nRun vigie-csp evaluate --help for usage\./s);
  });
});

describe.concurrent('vigie-csp evaluate', () => {
  it('prints the findings as JSON with type, severity, directive, value and description', async () => {
    const { code, stdout } = await cli(['evaluate', "script-src 'self' 'unsafe-inline'", '--json']);
    expect(code).toBe(1);
    const { findings } = JSON.parse(stdout) as { findings: Array<Record<string, unknown>> };
    expect(findings).toContainEqual(
      expect.objectContaining({
        type: 'script-unsafe-inline',
        severity: 'high',
        directive: 'script-src',
        value: "'unsafe-inline'",
      }),
    );
    for (const finding of findings)
      expect(Object.keys(finding)).toEqual(['type', 'severity', 'directive', 'value', 'description']);
  });

  it('prints findings as text, and reads the nonce placeholder as a real nonce', async () => {
    const { stdout } = await cli([
      'evaluate',
      "script-src 'nonce-{nonce}' 'strict-dynamic'; object-src 'none'; base-uri 'none'",
    ]);
    expect(stdout).not.toMatch(/invalid|nonce is not/i);
    expect(stdout).not.toMatch(/^high/m);
  });

  it('exits 1 on a finding as severe as --fail-on (high by default), so a CI job can fail on it', async () => {
    const strict = "script-src 'nonce-{nonce}' 'strict-dynamic'; object-src 'none'; base-uri 'none'";
    const weak = "script-src 'self' 'unsafe-inline'; object-src 'none'";
    expect((await cli(['evaluate', strict])).code).toBe(0);
    expect((await cli(['evaluate', weak])).code).toBe(1);
    expect((await cli(['evaluate', weak, '--fail-on', 'none'])).code).toBe(0);
    // The strict policy's worst finding is frame-ancestors (medium): it passes at high and fails at medium.
    expect((await cli(['evaluate', strict, '--fail-on', 'medium'])).code).toBe(1);
    expect(await cli(['evaluate', strict, '--fail-on', 'severe'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        '--fail-on must be one of high, medium, syntax, strict, low, info, none',
      ),
    });
  });

  it('exits 2 when the policy is missing', async () => {
    const { code, stderr } = await cli(['evaluate']);
    expect(code).toBe(2);
    expect(stderr).toContain('evaluate takes one policy');
  });
});

describe.concurrent('vigie-csp generate', () => {
  it('prints the allowlist header from real Chromium reports, with decisions on stderr', async () => {
    const { code, stdout, stderr } = await cli([
      'generate',
      '--from',
      REPORTS,
      '--min-reports',
      '1',
      '--min-pages',
      '1',
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^Content-Security-Policy: default-src 'self'; connect-src 'self' http:\/\/localhost:9107; /,
    );
    expect(stdout).not.toContain('unsafe');
    expect(stderr).toContain('- script-src eval (2×), options: unsafe-eval');
  });

  it('prints the strict policy for nginx, reading reports from stdin', async () => {
    const reports = JSON.stringify([
      {
        'csp-report': {
          'document-uri': 'https://shop.example.com/',
          'effective-directive': 'script-src-elem',
          'blocked-uri': 'inline',
          'script-sample': 'boot()',
        },
      },
    ]);
    const { code, stdout } = await cli(['generate', '--from', '-', '--strict', '--format', 'nginx'], reports);
    expect(code).toBe(0);
    expect(stdout).toContain(
      `add_header Content-Security-Policy "script-src 'nonce-$request_id' 'strict-dynamic' ${hashSource('boot()')} 'unsafe-inline' https:; object-src 'none'; base-uri 'none'" always;`,
    );
  });

  it('prints the policy, decisions and sources as JSON on request', async () => {
    const { code, stdout } = await cli([
      'generate',
      '--from',
      REPORTS,
      '--origin',
      'http://127.0.0.1:9107/page',
      '--json',
      '--min-reports=1',
      '--min-pages=1',
    ]);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.pageOrigin).toBe('http://127.0.0.1:9107');
    expect(result.policy).toMatch(/^default-src 'self'; connect-src 'self' http:\/\/localhost:9107;/);
    expect(result.decisions.map((d: { kind: string }) => d.kind)).toContain('eval');
    expect(result.sources).toContainEqual({
      directive: 'img-src',
      source: 'http://localhost:9107',
      count: 1,
    });
    // The Reporting API captures came from another page origin (https://127.0.0.1:9110): set aside, with why.
    expect(result.ignored).toContainEqual({
      blockedUri: 'https://localhost:9110/logo.png',
      reason:
        'the page was on https://127.0.0.1:9110, not on http://127.0.0.1:9107: a copy of the page elsewhere, or another site',
      count: 1,
    });
  });

  it('sets aside single sightings by default, saying why, and asks for a decision on data: scripts', async () => {
    const { code, stdout, stderr } = await cli(['generate', '--from', REPORTS]);
    expect(code).toBe(0);
    expect(stdout).toBe(
      "Content-Security-Policy: default-src 'self'; report-uri http://127.0.0.1:9104/csp\n",
    );
    expect(stderr).toContain(
      '- ignored http://localhost:9107/cdn.css (1×): only 1 report from 1 page; a source needs 2 reports from 2 pages or on 2 days',
    );
    const dataScript = (path: string) =>
      JSON.stringify({
        'csp-report': {
          'document-uri': `https://shop.example.com${path}`,
          'effective-directive': 'script-src-elem',
          'blocked-uri': 'data',
        },
      });
    const reports = ['/', '/cart'].map(dataScript).join('\n');
    const decided = await cli(['generate', '--from', '-'], reports);
    expect(decided.stdout).toBe("Content-Security-Policy: default-src 'self'\n");
    expect(decided.stderr).toContain('- script-src scheme (2×), options: allow-scheme');
    const allowed = await cli(['generate', '--from', '-', '--allow-in-scripts', 'data:'], reports);
    expect(allowed.stdout).toBe("Content-Security-Policy: default-src 'self'; script-src 'self' data:\n");
  });

  it('skips and counts lines that are not JSON, or refuses the file with --strict-input', async () => {
    const line = (path: string) =>
      JSON.stringify({
        'csp-report': {
          'document-uri': `https://shop.example.com${path}`,
          'effective-directive': 'img-src',
          'blocked-uri': 'https://images.example.com/a.png',
        },
      });
    const truncated = `${line('/')}\n${line('/cart')}\n${line('/help').slice(0, 50)}`;
    const lenient = await cli(['generate', '--from', '-'], truncated);
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toBe(
      "Content-Security-Policy: default-src 'self'; img-src 'self' https://images.example.com\n",
    );
    expect(lenient.stderr).toContain('Skipped 1 line of - is not JSON (cut off?):\n  line 3: {"csp-report"');
    const strict = await cli(['generate', '--from', '-', '--strict-input'], truncated);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toBe('');
    expect(strict.stderr).toContain(
      '1 line of - is not JSON; refusing the file (--strict-input):\n  line 3:',
    );
  });

  it('exits 2 for a bad format or a missing --from', async () => {
    expect((await cli(['generate', '--from', REPORTS, '--format', 'apache'])).stderr).toContain(
      '--format must be one of header, meta, helmet, secure_headers, nginx, caddy',
    );
    expect((await cli(['generate'])).code).toBe(2);
  });
});

describe.concurrent('vigie-csp hash', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigie-csp-hash-'));
    await writeFile(
      join(dir, 'index.html'),
      '<style>p{margin:0}</style><script>boot()</script><script src="/app.js"></script>' +
        '<!-- <script>old()</script> --><textarea><script>typed()</script></textarea><a title="<style>x{}</style>">',
    );
    await writeFile(join(dir, 'app.js'), 'console.log(1)\n');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('prints a manifest of inline blocks and whole files, ignoring "<script>" in comments, textareas and attributes', async () => {
    const { code, stdout } = await cli(['hash', join(dir, 'index.html'), join(dir, 'app.js')]);
    expect(code).toBe(0);
    const manifest = JSON.parse(stdout);
    expect(manifest.algorithm).toBe('sha256');
    expect(manifest.files[join(dir, 'index.html')]).toEqual({
      'script-src': [hashSource('boot()')],
      'style-src': [hashSource('p{margin:0}')],
    });
    expect(manifest.hashes['script-src']).toEqual(
      [hashSource('boot()'), hashSource('console.log(1)\n')].sort(),
    );
  });

  it('exits 2 for files it cannot hash and 1 for files that do not exist', async () => {
    expect(await cli(['hash', 'logo.png'])).toMatchObject({ code: 2 });
    const missing = await cli(['hash', join(dir, 'nope.html')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('ENOENT');
  });
});

describe.concurrent('vigie-csp scan', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    ({ server, base } = await startSite());
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('prints the grade, the reason per header and the CSP findings', async () => {
    const { code, stdout } = await cli(['scan', base]);
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^Security headers of ${base} \\(200\\): grade [A-F]`));
    expect(stdout).toMatch(/✓ X-Content-Type-Options\s+Browsers will not sniff/);
    expect(stdout).toContain('CSP findings:');
    const json = JSON.parse((await cli(['scan', base, '--json'])).stdout);
    expect(json.headers['x-content-type-options']).toBe('nosniff');
  });

  it('exits 1 on a CSP finding as severe as --fail-on, or when the page sends no CSP at all', async () => {
    // The site's policy (default-src 'self'; frame-ancestors 'none') reports nowhere: a low finding.
    expect((await cli(['scan', base, '--fail-on', 'high'])).code).toBe(0);
    expect((await cli(['scan', base, '--fail-on', 'low'])).code).toBe(1);
    const bare = createServer((_req, res) => res.end('no headers'));
    bare.listen(0, '127.0.0.1');
    await once(bare, 'listening');
    try {
      const url = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`;
      const missing = await cli(['scan', url]);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toBe('The page sends no Content-Security-Policy header.\n');
      expect((await cli(['scan', url, '--fail-on', 'none'])).code).toBe(0);
    } finally {
      await new Promise((resolve) => bare.close(resolve));
    }
  });

  it('exits 2 for something that is not a URL and 1 when the page cannot be fetched', async () => {
    expect((await cli(['scan', 'example.com'])).code).toBe(2);
    const down = await cli(['scan', 'http://127.0.0.1:9/', '--timeout', '2000']);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('Could not fetch http://127.0.0.1:9/');
  });
});

describe.concurrent('the vigie-csp binary', () => {
  let dir: string;
  let site: { server: Server; base: string };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigie-csp-bin-'));
    site = await startSite();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await new Promise((resolve) => site.server.close(resolve));
  });

  it('evaluates the policy given as an argument, exiting 1 on its high finding', async () => {
    const { code, stdout } = await binary(['evaluate', "script-src 'self' 'unsafe-inline'", '--json']);
    expect(code).toBe(1);
    expect(JSON.parse(stdout).findings).toContainEqual(
      expect.objectContaining({ type: 'script-unsafe-inline', directive: 'script-src' }),
    );
  });

  it('generates a policy from reports read on stdin', async () => {
    const reports = JSON.stringify({
      'csp-report': {
        'document-uri': 'https://shop.example.com/',
        'effective-directive': 'img-src',
        'blocked-uri': 'https://cdn.example.com/logo.png',
      },
    });
    const { code, stdout } = await binary(
      ['generate', '--from', '-', '--min-reports', '1', '--min-pages', '1'],
      reports,
    );
    expect(code).toBe(0);
    expect(stdout).toBe(
      "Content-Security-Policy: default-src 'self'; img-src 'self' https://cdn.example.com\n",
    );
  });

  it('exits 1 with the reason on stderr when a file to hash is missing', async () => {
    const missing = await binary(['hash', join(dir, 'nope.js')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('ENOENT');
  });

  it('scans a page over the network, exiting 0', async () => {
    const { code, stdout } = await binary(['scan', site.base]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Security headers of /);
  });
});
